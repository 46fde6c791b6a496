"""The news e-mails: confirmation, welcome, posts. Each one in the follower's language, and each one with
``List-Unsubscribe: <https://…/nieuws/afmelden/<token>/>`` and ``List-Unsubscribe-Post:
List-Unsubscribe=One-Click`` (RFC 8058): mail programs offer a one-click unsubscribe that needs no login.

The unsubscribe token is a signature of the follower's random ``public_id`` (django.core.signing), so
nothing secret is stored and a token cannot be guessed or forged.
"""
from __future__ import annotations

import logging
import smtplib
from datetime import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .cap import post_url, public_url
from .models import ChannelDelivery, EmailBatch, Post, Subscriber
from .states import Kind

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "news.unsubscribe"


def unsubscribe_token(subscriber: Subscriber) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".").sign(subscriber.public_id.hex)


def public_id_from_token(token: str) -> str | None:
    try:
        return signing.Signer(salt=UNSUBSCRIBE_SALT, sep=".").unsign(token)
    except signing.BadSignature:
        return None


def unsubscribe_url(subscriber: Subscriber) -> str:
    return public_url(reverse("news:unsubscribe", args=[unsubscribe_token(subscriber)]))


def list_headers(subscriber: Subscriber) -> dict[str, str]:
    return {"List-Unsubscribe": f"<{unsubscribe_url(subscriber)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"{_list_name()} <nieuws.{_list_host()}>",
            "Auto-Submitted": "auto-generated"}


def _list_name() -> str:
    return "".join(ch for ch in settings.CITY_NAME if ch not in '<>"\r\n')


def _list_host() -> str:
    from urllib.parse import urlsplit

    return urlsplit(settings.PUBLIC_BASE_URL or "").hostname or "thuisloket.invalid"


def _message(subscriber: Subscriber, subject: str, template: str, context: dict, connection=None) -> EmailMessage:
    body = render_to_string(template, {**context, "city": settings.CITY_NAME,
                                       "unsubscribe_url": unsubscribe_url(subscriber)})
    return EmailMessage(subject=subject.replace("\n", " "), body=body, from_email=settings.DEFAULT_FROM_EMAIL,
                        to=[subscriber.email], headers=list_headers(subscriber), connection=connection)


def confirmation_message(subscriber: Subscriber, token: str, *, change: bool) -> EmailMessage:
    language = (subscriber.pending or {}).get("language") or subscriber.language
    with translation.override(language):
        url = public_url(reverse("news:confirm", args=[token]))
        subject = (_("Bevestig je nieuwe keuze voor het nieuws van %(city)s") if change
                   else _("Bevestig je inschrijving op het nieuws van %(city)s")) % {"city": settings.CITY_NAME}
        return _message(subscriber, subject, "news/email/confirm.txt",
                        {"url": url, "change": change, "hours": settings.NEWS_CONFIRM_HOURS})


def welcome_message(subscriber: Subscriber, *, change: bool) -> EmailMessage:
    with translation.override(subscriber.language):
        subject = (_("Je keuze is aangepast") if change
                   else _("Welkom: je volgt het nieuws van %(city)s")) % {"city": settings.CITY_NAME}
        return _message(subscriber, subject, "news/email/welcome.txt", {
            "change": change, "topics": [topic.name(subscriber.language) for topic in subscriber.topics.all()],
            "crisis": subscriber.crisis, "follow_url": public_url(reverse("news:follow"))})


def post_message(post: Post, subscriber: Subscriber, connection=None) -> EmailMessage:
    language = subscriber.language
    with translation.override(language):
        content = post.content(language)
        subject = (_("Crisis: %(title)s") % {"title": content.title}) if post.is_crisis else content.title
        return _message(subscriber, subject, "news/email/post.txt", {
            "post": post, "content": content, "url": post_url(post, language),
            "topics": [topic.name(language) for topic in subscriber.topics.all()],
            "be_alert_url": settings.NEWS_BE_ALERT_URL,
        }, connection=connection)


# ------------------------------------------------------------------------------------------------ fan-out


def recipients(post: Post):
    """Confirmed followers who asked for this post: crises go to everyone who wants crisis messages;
    news and service posts to whoever follows one of its topics (a post without topics: all topics)."""
    followers = Subscriber.objects.filter(confirmed_at__isnull=False)
    if post.kind == Kind.CRISIS:
        return followers.filter(crisis=True)
    topic_ids = list(post.topics.values_list("pk", flat=True))
    if topic_ids:
        return followers.filter(topics__in=topic_ids).distinct()
    return followers.filter(Q(topics__isnull=False)).distinct()


@transaction.atomic
def plan_batches(post_id: int) -> list[int]:
    """Split the recipients into EmailBatch rows once (idempotent); returns the batches still to send."""
    post = Post.objects.select_for_update().get(pk=post_id)
    if not post.email_batches.exists():
        ids = list(recipients(post).order_by("pk").values_list("pk", flat=True))
        size = max(1, settings.NEWS_EMAIL_BATCH_SIZE)
        EmailBatch.objects.bulk_create([EmailBatch(post=post, subscriber_ids=ids[start:start + size])
                                        for start in range(0, len(ids), size)])
        ChannelDelivery.objects.filter(post=post, channel="email").update(count=len(ids))
    post.email_batches.filter(state=EmailBatch.State.FAILED).update(state=EmailBatch.State.PENDING, attempts=0)
    pending = list(post.email_batches.exclude(state=EmailBatch.State.DONE).values_list("pk", flat=True))
    if not pending:
        refresh_delivery(post)
    return pending


def send_batch(batch_id: int) -> int:
    """Send one batch over one SMTP connection, resuming after ``sent_count``; returns mails sent now.
    A follower who unsubscribed meanwhile is skipped. An error leaves ``sent_count`` where it stopped."""
    batch = EmailBatch.objects.select_related("post").get(pk=batch_id)
    if batch.state == EmailBatch.State.DONE:
        return 0
    post = Post.objects.prefetch_related("translations").get(pk=batch.post_id)
    todo = batch.subscriber_ids[batch.sent_count:]
    followers = {follower.pk: follower for follower in
                 Subscriber.objects.filter(pk__in=todo, confirmed_at__isnull=False).prefetch_related("topics")}
    sent = 0
    with get_connection() as connection:
        for subscriber_id in todo:
            follower = followers.get(subscriber_id)
            if follower is not None:
                try:
                    post_message(post, follower, connection=connection).send()
                    sent += 1
                except smtplib.SMTPRecipientsRefused:  # this one address is refused; the others still get it
                    logger.warning("news post %s: the mail server refused follower %s", post.pk, follower.pk)
            EmailBatch.objects.filter(pk=batch.pk).update(sent_count=F("sent_count") + 1)
    EmailBatch.objects.filter(pk=batch.pk).update(state=EmailBatch.State.DONE, finished_at=timezone.now(),
                                                  last_error="")
    refresh_delivery(post)
    return sent


def batch_failed(batch_id: int, error: BaseException, *, final: bool) -> None:
    EmailBatch.objects.filter(pk=batch_id).update(
        attempts=F("attempts") + 1, last_error=f"{type(error).__name__}"[:300],
        **({"state": EmailBatch.State.FAILED} if final else {}))
    batch = EmailBatch.objects.select_related("post").get(pk=batch_id)
    refresh_delivery(batch.post)


def refresh_delivery(post: Post, now: datetime | None = None) -> None:
    """The e-mail channel's state from its batches: done when all are, failed when one gave up."""
    batches = list(post.email_batches.values_list("state", "sent_count", "subscriber_ids"))
    total = sum(len(ids) for _state, _sent, ids in batches)
    states = {state for state, _sent, _ids in batches}
    if EmailBatch.State.FAILED in states:
        state, detail = ChannelDelivery.State.FAILED, "Een deel van de e-mails kon niet worden verstuurd."
    elif states <= {EmailBatch.State.DONE}:
        state, detail = ChannelDelivery.State.DONE, ""
    else:
        state, detail = ChannelDelivery.State.PENDING, ""
    sent = sum(min(done, len(ids)) for _state, done, ids in batches)
    ChannelDelivery.objects.update_or_create(post=post, channel="email",
                                             defaults={"state": state, "count": total, "detail": detail})
    logger.info("news post %s e-mail: %s of %s sent", post.pk, sent, total)
