"""The review: submitting, sending back, approving (never by the author: the two-person rule) and scheduling.
Every function is one transaction that writes a PostEvent."""
from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Post
from ..selectors import news_count_in_week_of
from ..states import Action, Kind
from .post_events import locked, move_status
from .post_rules import PostError, clean_text, crisis_must_validate


@transaction.atomic
def submit_for_review(*, post: Post, actor) -> Post:
    """The writer asks for review: the draft goes to someone who may approve it."""
    post = locked(post)
    move_status(post, Action.SUBMITTED, actor=actor, at=timezone.now())
    post.save(update_fields=["status", "updated_at"])
    return post


@transaction.atomic
def send_back(*, post: Post, actor, note: str = "") -> Post:
    """The reviewer sends the post back to its writer, with a note; the approval is undone."""
    post = locked(post)
    move_status(post, Action.SENT_BACK, actor=actor, at=timezone.now(), note=clean_text(note, 1000))
    post.approver, post.approved_at = None, None
    post.save(update_fields=["status", "approver", "approved_at", "updated_at"])
    return post


@transaction.atomic
def approve(*, post: Post, actor) -> Post:
    """A second person approves. Never the author: that is the point of the review."""
    post = locked(post)
    if not actor.has_perm("news.approve_posts"):
        raise PostError(_("Je mag geen berichten goedkeuren."))
    if actor.pk == post.author_id:
        raise PostError(_("Je kan je eigen bericht niet goedkeuren. Vraag een collega om het na te kijken."))
    crisis_must_validate(post)
    now = timezone.now()
    move_status(post, Action.APPROVED, actor=actor, at=now)
    post.approver, post.approved_at = actor, now
    post.save(update_fields=["status", "approver", "approved_at", "updated_at"])
    return post


def weekly_warning(moment: datetime, *, extra: int = 0) -> str:
    """The calendar's guideline: at most NEWS_WEEKLY_LIMIT news posts per ISO week ("" when within it)."""
    count, year, number = news_count_in_week_of(moment)
    count += extra
    if count <= settings.NEWS_WEEKLY_LIMIT:
        return ""
    return _("Let op: in week %(week)s van %(year)s staan nu %(count)s nieuwsberichten. Onze richtlijn is "
             "hoogstens %(limit)s per week.") % {"week": number, "year": year, "count": count,
                                                  "limit": settings.NEWS_WEEKLY_LIMIT}


@transaction.atomic
def schedule(*, post: Post, actor, at: datetime | None = None) -> tuple[Post, str]:
    """Plan an approved post for ``at`` (or the date it already has). Returns the post and a weekly
    warning ("" when the week stays within the guideline)."""
    post = locked(post)
    when = at or post.scheduled_at
    now = timezone.now()
    if when is None:
        raise PostError(_("Kies wanneer het bericht verschijnt."), field="scheduled_at")
    if when <= now:
        raise PostError(_("Dat tijdstip is al voorbij. Kies een later tijdstip, of publiceer meteen."),
                        field="scheduled_at")
    if post.expires_at and post.expires_at <= when:
        raise PostError(_("Het bericht moet geldig blijven tot na het geplande tijdstip."), field="scheduled_at")
    crisis_must_validate(post, sent=when)
    post.scheduled_at = when
    move_status(post, Action.SCHEDULED, actor=actor, at=now, data={"scheduled_at": when.isoformat()})
    post.save(update_fields=["status", "scheduled_at", "updated_at"])
    return post, weekly_warning(when) if post.kind == Kind.NEWS else ""


@transaction.atomic
def unschedule(*, post: Post, actor) -> Post:
    """A scheduled post is no longer planned: it stays approved."""
    post = locked(post)
    move_status(post, Action.UNSCHEDULED, actor=actor, at=timezone.now())
    post.save(update_fields=["status", "updated_at"])
    return post

