"""Following the news by e-mail: double opt-in (confirm by POST only), consent proof, one-click unsubscribe
(RFC 8058) with the headers on every news mail, purging unconfirmed addresses, and the batched fan-out in
each follower's language."""
import re
import smtplib
from datetime import timedelta

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news import mailing, services
from news.models import ChannelDelivery, Consent, EmailBatch, Subscriber, Topic
from news.states import Channel
from tests.factories.news import PostFactory, SubscriberFactory

from .conftest import publish_news

pytestmark = pytest.mark.django_db
ADDRESS = "An.Peeters@Example.be"
FR = {"title": "Travaux dans la Stationsstraat", "summary": "Fermée trois mois.", "body": "Nous renouvelons."}


class DownBackend(BaseEmailBackend):
    """A mail server that is down (the connection drops on every message)."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("down")


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run what the code schedules for after the commit (the test's transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def subscribe(client, run_on_commit, email=ADDRESS, topics=("werken-en-verkeer",), language="nl", crisis=True):
    data = {"email": email, "topics": [Topic.objects.get(slug=slug).pk for slug in topics], "language": language,
            "consent": "on"}
    if crisis:
        data["crisis"] = "on"
    with run_on_commit():
        return client.post(reverse("news:email_subscribe"), data)


def link_in(message, name):
    match = re.search(r"https?://[^\s]+/nieuws/" + name + r"/([^/\s]+)/", message.body)
    assert match, message.body
    return match.group(0), match.group(1)


def assert_list_headers(message):
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert re.fullmatch(r"<https?://[^>]+/nieuws/afmelden/[^/>]+/>", unsubscribe), unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe.strip("<>") in message.body
    return unsubscribe.strip("<>")


def confirm(client, run_on_commit, message):
    url, _token = link_in(message, "bevestigen")
    path = url.split("://", 1)[1].split("/", 1)[1]
    with run_on_commit():
        return client.post("/" + path)


def test_double_opt_in_confirms_by_post_only_and_keeps_the_consent(client, eager_tasks, run_on_commit):
    response = subscribe(client, run_on_commit)
    assert response.status_code == 302 and response.url == reverse("news:email_sent")
    subscriber = Subscriber.objects.get()
    assert subscriber.email == ADDRESS.lower() and not subscriber.is_confirmed
    assert len(mail.outbox) == 1
    confirmation = mail.outbox[0]
    assert confirmation.to == [ADDRESS.lower()]
    url, token = link_in(confirmation, "bevestigen")
    assert token not in subscriber.token_hash and len(subscriber.token_hash) == 64  # only a hash is stored
    assert_list_headers(confirmation)

    # A link scanner (GET) sees a button and confirms nothing.
    page = client.get(reverse("news:confirm", args=[token]))
    assert page.status_code == 200 and "Ja, ik wil deze e-mails" in page.content.decode()
    assert not Subscriber.objects.get().is_confirmed
    assert len(mail.outbox) == 1

    response = confirm(client, run_on_commit, confirmation)
    assert response.status_code == 302 and response.url == reverse("news:email_confirmed")
    subscriber = Subscriber.objects.get()
    assert subscriber.is_confirmed and subscriber.token_hash == "" and subscriber.crisis
    assert [topic.slug for topic in subscriber.topics.all()] == ["werken-en-verkeer"]
    consent = Consent.objects.get()
    assert consent.text_version == "2026-1" and consent.topics == ["werken-en-verkeer"] and consent.crisis
    assert len(mail.outbox) == 2
    assert_list_headers(mail.outbox[1])
    # The link is used up.
    assert client.get(reverse("news:confirm", args=[token])).status_code == 404


def test_the_confirmation_link_expires_after_48_hours(client, eager_tasks, run_on_commit):
    subscribe(client, run_on_commit)
    _url, token = link_in(mail.outbox[0], "bevestigen")
    Subscriber.objects.update(token_expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("news:confirm", args=[token]))
    assert response.status_code == 404 and "verlopen" in response.content.decode()
    assert client.post(reverse("news:confirm", args=[token])).status_code == 404
    assert not Subscriber.objects.get().is_confirmed


def test_subscribing_again_reveals_nothing_and_a_change_needs_confirming(client, eager_tasks, run_on_commit):
    subscribe(client, run_on_commit)
    confirm(client, run_on_commit, mail.outbox[0])
    new_address = subscribe(client, run_on_commit, email="nieuw@example.be")
    again = subscribe(client, run_on_commit, topics=("afval-en-milieu",))
    assert (again.status_code, again.url) == (new_address.status_code, new_address.url)
    def page(url):  # the CSRF token is masked differently on every page: leave it out
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())

    assert page(again.url) == page(new_address.url)
    change = mail.outbox[-1]
    assert change.to == [ADDRESS.lower()] and "nieuwe keuze" in change.subject
    follower = Subscriber.objects.get(email=ADDRESS.lower())
    assert [topic.slug for topic in follower.topics.all()] == ["werken-en-verkeer"]  # not before confirming
    confirm(client, run_on_commit, change)
    assert [topic.slug for topic in follower.topics.all()] == ["afval-en-milieu"]
    assert Consent.objects.filter(subscriber=follower).count() == 2


def test_the_form_is_rate_limited_per_address_without_telling(client, eager_tasks, run_on_commit, settings):
    settings.NEWS_SUBSCRIBE_RATE = "2/h"
    responses = [subscribe(client, run_on_commit) for _attempt in range(4)]
    assert {response.url for response in responses} == {reverse("news:email_sent")}
    assert len(mail.outbox) == 2  # no mail bombing an address through the form


def test_the_form_is_rate_limited_per_client_address(client, eager_tasks, run_on_commit, settings):
    settings.NEWS_SUBSCRIBE_IP_RATE = "2/h"
    for number in range(2):
        assert subscribe(client, run_on_commit, email=f"adres{number}@example.be").status_code == 302
    response = subscribe(client, run_on_commit, email="adres9@example.be")
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert not Subscriber.objects.filter(email="adres9@example.be").exists()


def test_the_form_needs_consent_and_a_choice(client):
    response = client.post(reverse("news:email_subscribe"), {"email": "x@example.be", "language": "nl"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Vink aan dat je de e-mails wil krijgen." in html
    assert "Kies minstens één onderwerp, of de crisisberichten." in html
    assert not Subscriber.objects.exists()


def test_one_click_unsubscribe_needs_no_cookie_or_csrf_token(client, eager_tasks, run_on_commit):
    subscribe(client, run_on_commit)
    confirm(client, run_on_commit, mail.outbox[0])
    url = assert_list_headers(mail.outbox[-1])
    path = "/" + url.split("://", 1)[1].split("/", 1)[1]
    # The GET page (from the link in the mail) shows a button and unsubscribes nothing.
    page = client.get(path)
    assert page.status_code == 200 and "Afmelden" in page.content.decode()
    assert Subscriber.objects.exists()
    # The mail program's POST: no cookies, no CSRF token, just the RFC 8058 body.
    mail_program = Client(enforce_csrf_checks=True)
    response = mail_program.post(path, "List-Unsubscribe=One-Click",
                                 content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "Je bent afgemeld" in response.content.decode()
    assert not Subscriber.objects.exists() and not Consent.objects.exists()
    assert mail_program.post(path, "List-Unsubscribe=One-Click",
                             content_type="application/x-www-form-urlencoded").status_code == 200  # idempotent
    forged = path.replace(path.rstrip("/").rsplit(".", 1)[1], "AAAAAAAAAAAAAAAAAAAAAAAAAAA")
    assert mail_program.post(forged).status_code == 404


def test_unconfirmed_addresses_are_purged_after_48_hours(client, eager_tasks, run_on_commit):
    subscribe(client, run_on_commit, email="blijft@example.be")
    confirm(client, run_on_commit, mail.outbox[0])
    subscribe(client, run_on_commit, email="blijft@example.be", topics=("afval-en-milieu",))  # a pending change
    subscribe(client, run_on_commit, email="vergeten@example.be")
    later = timezone.now() + timedelta(hours=48, minutes=1)
    assert services.purge_unconfirmed(now=timezone.now() + timedelta(hours=47)) == 0
    assert services.purge_unconfirmed(now=later) == 1
    follower = Subscriber.objects.get()
    assert follower.email == "blijft@example.be" and follower.is_confirmed
    assert follower.pending == {} and follower.token_hash == ""  # the unconfirmed change expired


def test_a_published_post_is_mailed_in_batches_to_who_follows_its_topic(writer, colleague, eager_tasks,
                                                                        run_on_commit, settings, topic):
    settings.NEWS_EMAIL_BATCH_SIZE = 1
    SubscriberFactory(email="fr@example.be", language="fr", topics=["werken-en-verkeer"])
    SubscriberFactory(email="nl@example.be", topics=["werken-en-verkeer", "afval-en-milieu"])
    SubscriberFactory(email="afval@example.be", topics=["afval-en-milieu"])
    SubscriberFactory(email="crisis@example.be", crisis=True)
    SubscriberFactory(email="onbevestigd@example.be", unconfirmed=True, topics=[topic.slug])  # never confirmed
    with run_on_commit():
        post = publish_news(writer, colleague, channels=[Channel.PAGE, Channel.EMAIL], topics=[topic],
                            translations={"fr": FR})
    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {"fr@example.be", "nl@example.be"}
    assert by_address["fr@example.be"].subject == FR["title"]
    assert "?taal=fr" in by_address["fr@example.be"].body
    assert by_address["nl@example.be"].subject == post.title
    for message in mail.outbox:
        assert_list_headers(message)
    assert EmailBatch.objects.filter(post=post).count() == 2
    delivery = ChannelDelivery.objects.get(post=post, channel=Channel.EMAIL)
    assert (delivery.state, delivery.count) == (ChannelDelivery.State.DONE, 2)


def test_a_crisis_is_mailed_to_everyone_who_wants_crisis_messages(writer, eager_tasks, run_on_commit):
    SubscriberFactory(email="crisis@example.be", crisis=True)
    SubscriberFactory(email="ookcrisis@example.be", topics=["afval-en-milieu"], crisis=True)
    SubscriberFactory(email="geencrisis@example.be", topics=["afval-en-milieu"], crisis=False)
    with run_on_commit():
        post = services.publish_crisis_now(
            post=PostFactory(author=writer, crisis=True, channels=[Channel.PAGE, Channel.EMAIL]), actor=writer)
    assert sorted(message.to[0] for message in mail.outbox) == ["crisis@example.be", "ookcrisis@example.be"]
    message = mail.outbox[0]
    assert message.subject == f"Crisis: {post.title}"
    assert "Wat moet je doen?" in message.body and "Blijf binnen." in message.body
    assert_list_headers(message)


def test_a_mail_server_that_is_down_leaves_the_batch_failed_and_visible_and_a_retry_resumes(
        writer, colleague, colleague_client, eager_tasks, run_on_commit, settings):
    SubscriberFactory(email="een@example.be", topics=["algemeen"])
    SubscriberFactory(email="twee@example.be", topics=["algemeen"])
    settings.EMAIL_BACKEND = "tests.news.test_email.DownBackend"
    with run_on_commit():
        post = publish_news(writer, colleague, channels=[Channel.PAGE, Channel.EMAIL])
    batch = EmailBatch.objects.get(post=post)
    assert batch.state == EmailBatch.State.FAILED and batch.attempts >= 1 and batch.sent_count == 0
    assert ChannelDelivery.objects.get(post=post, channel=Channel.EMAIL).state == ChannelDelivery.State.FAILED
    page = colleague_client.get(reverse("news_staff:post", args=[post.pk])).content.decode()
    assert "E-mail opnieuw proberen" in page and "Een deel van de e-mails kon niet worden verstuurd." in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with run_on_commit():
        response = colleague_client.post(reverse("news_staff:retry_channel", args=[post.pk, "email"]))
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == ["een@example.be", "twee@example.be"]
    assert ChannelDelivery.objects.get(post=post, channel=Channel.EMAIL).state == ChannelDelivery.State.DONE


def test_a_follower_who_left_meanwhile_gets_nothing(writer, colleague, eager_tasks, run_on_commit):
    gone = SubscriberFactory(email="weg@example.be")
    with run_on_commit():
        post = publish_news(writer, colleague, channels=[Channel.PAGE])
    batch = EmailBatch.objects.create(post=post, subscriber_ids=[gone.pk])
    gone.delete()
    assert mailing.send_batch(batch.pk) == 0 and mail.outbox == []
