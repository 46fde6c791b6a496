"""The crisis banner: on every page while a crisis is active, in the page's language, cached so a page
costs no database query for it, and gone at the second the crisis expires, is cancelled or withdrawn."""
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from news import services
from news.models import Post, PostEvent
from news.selectors import banner_crises
from news.states import Action, MsgType
from tests.factories.news import FR_CRISIS, PostFactory

from .conftest import publish_news

pytestmark = pytest.mark.django_db
PAGES = ["portal:home", "news:index", "news:follow", "desk:start", "identity:sign_in", "portal:accessibility"]
BANNER = 'class="crisis-banner"'


@pytest.fixture
def crisis(writer):
    return services.publish_crisis_now(post=PostFactory(author=writer, crisis=True, in_french=True), actor=writer)


def banner_of(client, name="portal:home") -> str:
    html = client.get(reverse(name)).content.decode()
    if BANNER not in html:
        return ""
    return html[html.index(BANNER):html.index("</section>", html.index(BANNER))]


def test_no_banner_without_a_crisis(client, writer, colleague):
    publish_news(writer, colleague)
    assert all(banner_of(client, name) == "" for name in PAGES)


def test_the_banner_is_on_every_page_while_a_crisis_is_active(client, crisis):
    for name in PAGES:
        banner = banner_of(client, name)
        assert crisis.title in banner, name
        assert reverse("news:detail", args=[crisis.slug]) in banner
        assert "https://www.be-alert.be/" in banner
    banner = banner_of(client)
    assert 'aria-labelledby="crisis-banner-title"' in banner and "<h2" in banner
    assert 'role="alert"' not in banner and "aria-live" not in banner  # a region, it does not interrupt


def test_the_banner_is_on_staff_pages_too(crisis, colleague_client):
    assert crisis.title in colleague_client.get(reverse("news_staff:calendar")).content.decode()


def test_the_banner_speaks_the_page_language_and_marks_dutch_text(client, crisis, writer):
    client.cookies["django_language"] = "fr"
    banner = banner_of(client)
    assert escape(FR_CRISIS["title"]) in banner and 'lang="nl"' not in banner
    client.cookies["django_language"] = "en"
    banner = banner_of(client)
    assert crisis.title in banner and '<li lang="nl">' in banner


def test_the_banner_costs_no_query_once_cached(client, crisis):
    banner_of(client)
    with CaptureQueriesContext(connection) as queries:
        assert crisis.title in banner_of(client)
    assert not [query for query in queries.captured_queries if "news_post" in query["sql"]]


def test_the_banner_goes_at_expiry_even_before_the_beat_runs(client, crisis, django_capture_on_commit_callbacks):
    assert banner_of(client)  # cached now
    expiry = crisis.expires_at
    with CaptureQueriesContext(connection) as queries:
        assert [row["slug"] for row in banner_crises(now=expiry - timedelta(seconds=1))] == [crisis.slug]
        assert banner_crises(now=expiry) == []  # the cached entry knows its expiry: no query, no banner
    assert queries.captured_queries == []
    # The beat marks it ended (and empties the cache); from then on no page shows it.
    Post.objects.filter(pk=crisis.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.end_expired_crises() == 1
    crisis.refresh_from_db()
    assert crisis.ended_at is not None
    assert PostEvent.objects.filter(post=crisis, action=Action.EXPIRED).exists()
    assert all(banner_of(client, name) == "" for name in PAGES)
    assert "niet meer van kracht" in client.get(reverse("news:detail", args=[crisis.slug])).content.decode()


def test_the_all_clear_takes_the_banner_away(client, crisis, colleague, django_capture_on_commit_callbacks):
    assert banner_of(client)
    cancel = services.start_followup(original=crisis, actor=colleague, msg_type=MsgType.CANCEL)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_crisis_now(post=cancel, actor=colleague)
    assert banner_of(client) == ""


def test_an_update_replaces_the_original_in_the_banner(client, crisis, colleague,
                                                       django_capture_on_commit_callbacks):
    update = services.start_followup(original=crisis, actor=colleague, msg_type=MsgType.UPDATE)
    services.update_post(post=update, editor=colleague, fields={"title": "Gaslek: de straat blijft dicht"})
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_crisis_now(post=Post.objects.get(pk=update.pk), actor=colleague)
    banner = banner_of(client)
    assert "Gaslek: de straat blijft dicht" in banner and crisis.title not in banner


def test_withdrawing_the_crisis_takes_the_banner_away(client, crisis, colleague, django_capture_on_commit_callbacks):
    assert banner_of(client)
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(post=crisis, actor=colleague, note="Vals alarm")
    assert banner_of(client) == ""
