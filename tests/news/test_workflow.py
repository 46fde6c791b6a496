"""The content calendar's workflow: review by a second person, scheduling, the crisis fast lane with its
second check afterwards, updates and the all-clear, the two-per-week guideline, the audit trail."""
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from common.history import AppendOnlyError
from news import services
from news.models import Post, PostEvent
from news.selectors import calendar, week_of
from news.states import Action, Kind, MsgType, Status
from tests.factories.identity import StaffUserFactory
from tests.factories.news import FR_CRISIS, PostFactory
from tests.identity.test_staff_helpers import sign_in

from .conftest import publish_news

pytestmark = pytest.mark.django_db


def actions(post):
    return list(PostEvent.objects.filter(post=post).values_list("action", flat=True))


def test_a_post_goes_from_draft_through_review_to_published(writer, colleague):
    post = PostFactory(author=writer)
    assert post.status == Status.DRAFT and post.slug == "werken-in-de-stationsstraat"
    services.submit_for_review(post=post, actor=writer)
    services.approve(post=post, actor=colleague)
    post, warning = services.publish_now(post=post, actor=colleague)
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED and post.published_at and post.approver == colleague
    assert warning == ""
    assert actions(post) == [Action.CREATED, Action.SUBMITTED, Action.APPROVED, Action.PUBLISHED]


def test_nobody_approves_their_own_post(writer):
    post = PostFactory(author=writer)
    services.submit_for_review(post=post, actor=writer)
    with pytest.raises(services.PostError, match="eigen bericht"):
        services.approve(post=post, actor=writer)
    post.refresh_from_db()
    assert post.status == Status.IN_REVIEW and post.approver is None


def test_the_author_cannot_approve_through_the_page_either(writer, writer_client):
    post = PostFactory(author=writer)
    services.submit_for_review(post=post, actor=writer)
    page = writer_client.get(reverse("news_staff:post", args=[post.pk]))
    assert "Je eigen bericht keur je niet zelf goed" in page.content.decode()
    response = writer_client.post(reverse("news_staff:approve", args=[post.pk]))
    assert response.status_code == 400
    assert "Je kan je eigen bericht niet goedkeuren" in response.content.decode()
    assert Post.objects.get(pk=post.pk).status == Status.IN_REVIEW


def test_a_colleague_approves_and_schedules_on_the_page(writer, colleague, colleague_client):
    post = PostFactory(author=writer)
    services.submit_for_review(post=post, actor=writer)
    response = colleague_client.post(reverse("news_staff:approve", args=[post.pk]))
    assert response.status_code == 302
    when = timezone.localtime() + timedelta(days=3)
    response = colleague_client.post(reverse("news_staff:schedule", args=[post.pk]),
                                     {"scheduled_at": when.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.status == Status.SCHEDULED
    # The form is filled in local time to the minute; the database gives UTC back (the dates differ after
    # midnight in Brussels, before midnight in UTC).
    assert timezone.localtime(post.scheduled_at) == when.replace(second=0, microsecond=0)


def test_publishing_needs_an_approval_first(writer):
    post = PostFactory(author=writer)
    with pytest.raises(services.PostError):
        services.publish_now(post=post, actor=writer)
    assert Post.objects.get(pk=post.pk).status == Status.DRAFT


def test_changing_an_approved_post_sends_it_back_for_review(writer, colleague):
    post = PostFactory(author=writer)
    services.submit_for_review(post=post, actor=writer)
    services.approve(post=post, actor=colleague)
    post = services.update_post(post=post, editor=writer, fields={"title": "Werken in de Stationsstraat (nieuw)"})
    assert post.status == Status.DRAFT and post.approver is None
    assert Action.SENT_BACK in actions(post)


def test_a_published_news_post_can_be_corrected_and_the_correction_is_logged(writer, colleague):
    post = publish_news(writer, colleague)
    post = services.update_post(post=post, editor=colleague, fields={"body": "Verbeterde tekst."})
    assert post.status == Status.PUBLISHED and post.corrected_at is not None
    assert actions(post)[-1] == Action.CORRECTED


def test_scheduled_posts_are_published_by_the_beat_when_their_time_comes(writer, colleague):
    post = PostFactory(author=writer)
    services.submit_for_review(post=post, actor=writer)
    services.approve(post=post, actor=colleague)
    at = timezone.now() + timedelta(hours=2)
    services.schedule(post=post, actor=colleague, at=at)
    assert services.publish_due(now=at - timedelta(minutes=1)) == 0
    assert Post.objects.get(pk=post.pk).status == Status.SCHEDULED
    assert services.publish_due(now=at + timedelta(seconds=30)) == 1
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED
    event = PostEvent.objects.filter(post=post).last()
    assert event.action == Action.PUBLISHED and event.actor is None and event.actor_label == "systeem"


def test_the_beat_task_runs_the_same_service(writer, colleague):
    from news.tasks import publish_due

    post = PostFactory(author=writer)
    services.submit_for_review(post=post, actor=writer)
    services.approve(post=post, actor=colleague)
    services.schedule(post=post, actor=colleague, at=timezone.now() + timedelta(minutes=5))
    Post.objects.filter(pk=post.pk).update(scheduled_at=timezone.now() - timedelta(seconds=1))
    assert publish_due() == 1
    assert Post.objects.get(pk=post.pk).status == Status.PUBLISHED


def test_a_scheduled_crisis_that_no_longer_validates_goes_back_to_approved_with_the_reason(writer, colleague,
                                                                                          settings):
    post = PostFactory(author=writer, crisis=True)
    services.submit_for_review(post=post, actor=writer)
    services.approve(post=post, actor=colleague)
    services.schedule(post=post, actor=colleague, at=timezone.now() + timedelta(minutes=5))
    settings.NEWS_CAP_STATUS = "Rumour"  # not a CAP status: the alert would not validate any more
    assert services.publish_due(now=timezone.now() + timedelta(minutes=6)) == 0
    post.refresh_from_db()
    assert post.status == Status.APPROVED
    failure = PostEvent.objects.filter(post=post, action=Action.PUBLISH_FAILED).get()
    assert "CAP" in failure.note


def test_a_crisis_is_published_at_once_by_its_author_and_waits_for_a_second_check(writer, colleague):
    post = PostFactory(author=writer, crisis=True)
    post = services.publish_crisis_now(post=post, actor=writer)
    post.refresh_from_db()
    assert post.status == Status.PUBLISHED and post.fast_lane and post.second_check_pending
    assert post.cap_identifier and post.cap_sent
    with pytest.raises(services.PostError, match="iemand anders"):
        services.confirm_second_check(post=post, actor=writer)
    services.confirm_second_check(post=post, actor=colleague, note="Gelezen, klopt.")
    post.refresh_from_db()
    assert not post.second_check_pending and post.second_check_by == colleague
    assert actions(post) == [Action.CREATED, Action.FAST_LANE, Action.SECOND_CHECK]


def test_the_fast_lane_is_only_for_crises(writer):
    post = PostFactory(author=writer)
    with pytest.raises(services.PostError, match="crisisbericht"):
        services.publish_crisis_now(post=post, actor=writer)


def test_fast_lane_and_second_check_on_the_pages(writer, writer_client, colleague_client):
    post = PostFactory(author=writer, crisis=True)
    response = writer_client.post(reverse("news_staff:publish_crisis", args=[post.pk]), follow=True)
    assert "Vraag nu een collega om het na te lezen" in response.content.decode()
    calendar_page = colleague_client.get(reverse("news_staff:calendar")).content.decode()
    assert "Tweede controle nodig" in calendar_page and post.title in calendar_page
    response = colleague_client.post(reverse("news_staff:second_check", args=[post.pk]), {"check-note": "Ok"})
    assert response.status_code == 302
    assert not Post.objects.get(pk=post.pk).second_check_pending


def test_an_update_and_the_all_clear_reference_the_crisis_and_end_it(writer, colleague):
    alert = services.publish_crisis_now(post=PostFactory(author=writer, crisis=True, in_french=True), actor=writer)
    update = services.start_followup(original=alert, actor=colleague, msg_type=MsgType.UPDATE)
    assert update.status == Status.DRAFT and update.references == alert and update.msg_type == MsgType.UPDATE
    assert update.translation("fr").instruction == FR_CRISIS["instruction"]
    services.publish_crisis_now(post=update, actor=colleague)
    alert.refresh_from_db()
    assert alert.ended_at is not None  # the update replaces it (banner, list)
    # The all-clear follows the newest message of the crisis, whichever one it is started from.
    cancel = services.start_followup(original=alert, actor=writer, msg_type=MsgType.CANCEL)
    assert cancel.references == update and cancel.msg_type == MsgType.CANCEL
    assert cancel.title.startswith("Voorbij: ") and cancel.translation("fr").title.endswith(FR_CRISIS["title"])
    services.publish_crisis_now(post=cancel, actor=writer)
    update.refresh_from_db()
    assert update.ended_at is not None
    with pytest.raises(services.PostError, match="afgelopen"):
        services.start_followup(original=alert, actor=writer, msg_type=MsgType.UPDATE)


def test_withdrawing_a_published_post_takes_it_off_the_site(client, writer, colleague):
    post = publish_news(writer, colleague)
    services.withdraw(post=post, actor=colleague, note="Foute datum.")
    post.refresh_from_db()
    assert post.status == Status.WITHDRAWN and post.withdrawn_at
    assert client.get(reverse("news:detail", args=[post.slug])).status_code == 410
    assert post.title not in client.get(reverse("news:index")).content.decode()


def test_more_than_two_news_posts_in_a_week_gives_a_warning(writer, colleague):
    next_week = timezone.now() + timedelta(days=7)
    monday = timezone.localtime(next_week).replace(hour=9, minute=0) - timedelta(days=next_week.weekday())
    warnings = []
    for day in range(3):
        post = PostFactory(author=writer, title=f"Bericht {day}")
        services.submit_for_review(post=post, actor=writer)
        services.approve(post=post, actor=colleague)
        _post, warning = services.schedule(post=post, actor=colleague, at=monday + timedelta(days=day))
        warnings.append(warning)
    assert warnings[:2] == ["", ""]
    year, number = week_of(monday)
    assert f"week {number}" in warnings[2] and "3 nieuwsberichten" in warnings[2]
    # Crisis and service posts do not count for the guideline.
    service = PostFactory(author=writer, kind=Kind.SERVICE, title="Loket dicht")
    services.submit_for_review(post=service, actor=writer)
    services.approve(post=service, actor=colleague)
    _post, warning = services.schedule(post=service, actor=colleague, at=monday + timedelta(days=4))
    assert warning == ""
    week = calendar((year, number), 1)[0]
    assert week.news_count == 3 and week.over_limit and len(week.posts) == 4


def test_published_and_scheduled_posts_both_count_for_the_week(writer, colleague, colleague_client):
    publish_news(writer, colleague, title="Vandaag")
    publish_news(writer, colleague, title="Ook vandaag")
    post = PostFactory(author=writer, title="Nog eentje")
    services.submit_for_review(post=post, actor=writer)
    services.approve(post=post, actor=colleague)
    response = colleague_client.post(reverse("news_staff:publish", args=[post.pk]), follow=True)
    assert "Onze richtlijn is hoogstens 2 per week" in response.content.decode()
    page = colleague_client.get(reverse("news_staff:calendar")).content.decode()
    assert "meer dan de richtlijn van 2 per week" in page


def test_the_calendar_lists_weeks_with_their_posts(writer, colleague, colleague_client):
    publish_news(writer, colleague)
    PostFactory(author=writer, title="Een concept zonder datum")
    page = colleague_client.get(reverse("news_staff:calendar"))
    html = page.content.decode()
    assert page.status_code == 200
    year, number = week_of(timezone.now())
    assert f"Week {number}" in html and "deze week" in html
    assert "Werken in de Stationsstraat" in html and "Een concept zonder datum" in html
    earlier = colleague_client.get(reverse("news_staff:calendar"), {"week": f"{year - 1}-W10"})
    assert earlier.status_code == 200 and "Werken in de Stationsstraat" not in earlier.content.decode()


def test_writing_a_post_with_translations_on_the_form(writer, writer_client, topic):
    data = {"kind": "news", "title": "Nieuwe fietsstraten", "summary": "Vier straten worden fietsstraat.",
            "body": "Tekst.", "topics": [topic.pk], "channels": ["page", "atom", "email"],
            "reactions_enabled": "on", "fr-title": "Nouvelles rues cyclables", "fr-summary": "Quatre rues.",
            "fr-body": "Texte.", "en-title": "", "en-summary": "", "en-body": ""}
    response = writer_client.post(reverse("news_staff:new"), data)
    assert response.status_code == 302
    post = Post.objects.get(title="Nieuwe fietsstraten")
    assert post.channels == ["page", "atom", "email"] and list(post.topics.all()) == [topic]
    assert post.available_languages() == ["nl", "fr"]
    # A half translation is refused, with the error next to the field and in the summary.
    data.update({"en-title": "New cycle streets"})
    response = writer_client.post(reverse("news_staff:edit", args=[post.pk]), data)
    assert response.status_code == 400
    assert "Engels, Samenvatting" in response.content.decode()


def test_a_crisis_form_needs_its_cap_fields(writer_client):
    response = writer_client.post(reverse("news_staff:new") + "?soort=crisis", {
        "title": "Storm", "summary": "Storm.", "body": "Het waait.", "channels": ["page", "cap"],
        "area_shape": "circle", "circle_lat": "50.5", "circle_lon": "4.0", "circle_radius_km": "1",
        "expires_at": (timezone.localtime() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Soort gebeurtenis" in html and "Categorie" in html
    assert not Post.objects.exists()


def test_a_crisis_area_must_lie_in_the_city(writer):
    with pytest.raises(services.PostError, match="buiten"):
        PostFactory(author=writer, crisis=True, circle_lat=50.85, circle_lon=4.35)  # Brussels
    with pytest.raises(services.PostError, match="veelhoek"):
        PostFactory(author=writer, crisis=True, area_shape="polygon", polygon="51.03,3.42 51.031,3.421")


def test_only_the_communication_role_and_administrators_see_the_calendar(client, writer_client):
    assert writer_client.get(reverse("news_staff:calendar")).status_code == 200
    agent = StaffUserFactory(username="bea", role="desk_agent")
    sign_in(client, agent)
    assert client.get(reverse("news_staff:calendar")).status_code == 403
    admin_client = Client()
    sign_in(admin_client, StaffUserFactory(username="berta", role="administrator"))
    assert admin_client.get(reverse("news_staff:calendar")).status_code == 200


def test_the_history_is_append_only(writer):
    post = PostFactory(author=writer)
    event = PostEvent.objects.get(post=post)
    event.note = "changed"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        PostEvent.objects.filter(post=post).update(note="changed")


def test_the_beat_publishes_every_minute_and_purges_every_hour(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["news-publish-due"] == {"task": "news.tasks.publish_due", "schedule": 60.0}
    assert schedule["news-purge-unconfirmed"]["task"] == "news.tasks.purge_unconfirmed"
    from portal.celery import app

    app.loader.import_default_modules()
    assert {"news.tasks.publish_due", "news.tasks.purge_unconfirmed"} <= set(app.tasks)
