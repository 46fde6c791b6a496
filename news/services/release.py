"""A post goes out: publishing (the fan-out follows after commit, news.services.publishing), the crisis fast
lane and its second check by another person, withdrawing, and the manual WhatsApp channel's to-do.
Every service is one transaction that writes a PostEvent."""
from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import cap
from ..models import Post
from ..selectors import forget_banner
from ..states import TRANSITIONS, Action, Channel, Kind, MsgType, Status
from . import publishing
from .post_events import locked, move_status, person, record_event
from .post_rules import PostError, clean_text, crisis_must_validate
from .review import weekly_warning


def publish(post: Post, *, actor, action: str, now: datetime) -> str:
    """Published now: stamp it, end what it replaces, fan out after commit. Returns a weekly warning."""
    if post.is_crisis:
        if post.expires_at and post.expires_at <= now:
            raise PostError(_("De geldigheid van dit crisisbericht is al voorbij. Pas 'geldig tot' aan."),
                            field="expires_at")
        crisis_must_validate(post, sent=now)
        post.cap_identifier, post.cap_sent = cap.identifier_for(post), now
    move_status(post, action, actor=actor, at=now)
    post.published_at = now
    post.save()
    warning = weekly_warning(now) if post.kind == Kind.NEWS else ""
    if post.is_crisis and post.msg_type in (MsgType.UPDATE, MsgType.CANCEL):
        for earlier in cap.earlier_messages(post):
            if earlier.ended_at is None:
                Post.objects.filter(pk=earlier.pk).update(ended_at=now)
                record_event(earlier, Action.ENDED, actor=actor, at=now,
                             data={"by": post.pk, "msg_type": post.msg_type})
    publishing.fan_out(post)
    return warning


@transaction.atomic
def publish_now(*, post: Post, actor) -> tuple[Post, str]:
    """Publish an approved (or scheduled) post at once."""
    post = locked(post)
    if not TRANSITIONS.can_do(Action.PUBLISHED, post.status):
        raise PostError(_("Alleen een goedgekeurd bericht kan je publiceren. Laat het eerst nakijken."))
    warning = publish(post, actor=actor, action=Action.PUBLISHED, now=timezone.now())
    return post, warning


@transaction.atomic
def publish_crisis_now(*, post: Post, actor) -> Post:
    """The crisis fast lane: the author publishes at once; another person checks it afterwards."""
    post = locked(post)
    if not post.is_crisis:
        raise PostError(_("Alleen een crisisbericht mag zonder nakijken meteen naar buiten."))
    if not actor.has_perm("news.publish_crisis"):
        raise PostError(_("Je mag geen crisisberichten meteen publiceren."))
    if not TRANSITIONS.can_do(Action.FAST_LANE, post.status):
        raise PostError(_("Dit kan niet meer: het bericht heeft intussen de status '%(status)s'.")
                        % {"status": post.get_status_display()})
    post.fast_lane = post.approver_id is None
    publish(post, actor=actor, action=Action.FAST_LANE, now=timezone.now())
    return post


@transaction.atomic
def confirm_second_check(*, post: Post, actor, note: str = "") -> Post:
    """Another person read the crisis message that went out through the fast lane."""
    post = locked(post)
    if not post.second_check_pending:
        raise PostError(_("Dit bericht wacht niet op een tweede controle."))
    if actor.pk == post.author_id:
        raise PostError(_("De tweede controle doet iemand anders dan wie het bericht schreef."))
    if not actor.has_perm("news.approve_posts"):
        raise PostError(_("Je mag geen berichten goedkeuren."))
    now = timezone.now()
    post.second_check_by, post.second_check_at = actor, now
    post.save(update_fields=["second_check_by", "second_check_at", "updated_at"])
    record_event(post, Action.SECOND_CHECK, actor=actor, at=now, note=clean_text(note, 1000))
    return post


@transaction.atomic
def withdraw(*, post: Post, actor, note: str = "") -> Post:
    """Take a post back (a published one stays reachable as 'withdrawn', out of lists and feeds)."""
    post = locked(post)
    now = timezone.now()
    was_published = post.status == Status.PUBLISHED
    move_status(post, Action.WITHDRAWN, actor=actor, at=now, note=clean_text(note, 1000))
    post.withdrawn_at = now
    if post.is_crisis and post.ended_at is None and was_published:
        post.ended_at = now
    post.save()
    if was_published:
        transaction.on_commit(forget_banner)
    return post


@transaction.atomic
def mark_whatsapp_done(*, post: Post, actor) -> Post:
    """Staff put the published post on the city's WhatsApp channel by hand: it is done (once)."""
    post = locked(post)
    if not (post.status == Status.PUBLISHED and post.on_whatsapp):
        raise PostError(_("Dit bericht staat niet op de lijst voor het WhatsApp-kanaal."))
    if post.whatsapp_done_at is None:
        post.whatsapp_done_at, post.whatsapp_done_by = timezone.now(), actor
        post.save(update_fields=["whatsapp_done_at", "whatsapp_done_by", "updated_at"])
        publishing.mark_delivery(post, Channel.WHATSAPP, done=True, detail=person(actor))
        record_event(post, Action.WHATSAPP_DONE, actor=actor)
    return post
