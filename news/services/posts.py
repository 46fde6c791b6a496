"""Writing a post: a new concept, and changes to it (news.services.review and news.services.release move it
on). Every function is one transaction that writes a PostEvent."""
from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Post
from ..selectors import forget_banner
from ..states import EDITABLE, Action, Channel, Kind, MsgType, Status
from .post_events import locked, move_status, record_event
from .post_rules import PostError, apply_content, save_translations, unique_slug


@transaction.atomic
def create_post(*, author, fields: dict, channels=None, topics=(), translations: dict | None = None,
                references: Post | None = None, msg_type: str = MsgType.ALERT) -> Post:
    """A new concept. ``fields`` are Post fields (CONTENT_FIELDS); ``translations`` {"fr": {...}, "en": {...}}."""
    translations = translations or {}
    post = Post(author=author, kind=fields.get("kind") or Kind.NEWS)
    if channels is None:
        channels = ([Channel.PAGE, Channel.ATOM, Channel.PUSH, Channel.EMAIL, Channel.CAP] if post.is_crisis
                    else [Channel.PAGE, Channel.ATOM, Channel.PUSH, Channel.EMAIL])
    apply_content(post, fields, channels, translations)
    if post.is_crisis:
        post.msg_type, post.references = msg_type, references
    post.slug = unique_slug(post.title)
    post.save()
    post.topics.set(topics)
    save_translations(post, translations)
    record_event(post, Action.CREATED, actor=author, to_status=post.status)
    return post


@transaction.atomic
def update_post(*, post: Post, editor, fields: dict, channels=None, topics=None,
                translations: dict | None = None) -> Post:
    """Change a post. A change after approval sends it back to review; a published news or service post
    may be corrected (logged, and its <updated> date in the feeds moves); a crisis gets an Update instead."""
    post = locked(post)
    translations = translations or {}
    now = timezone.now()
    if post.status == Status.PUBLISHED:
        if post.is_crisis:
            raise PostError(_("Een gepubliceerd crisisbericht verander je niet: maak een update."))
        fields = {key: value for key, value in fields.items() if key not in ("kind", "scheduled_at")}
    elif post.status not in EDITABLE:
        raise PostError(_("Een ingetrokken bericht kan je niet meer bewerken."))
    if post.kind != (fields.get("kind") or post.kind) and post.references_id:
        raise PostError(_("Een update of einde van een crisis blijft een crisisbericht."), field="kind")
    apply_content(post, fields, channels, translations)
    if post.status in (Status.APPROVED, Status.SCHEDULED):
        move_status(post, Action.SENT_BACK, actor=editor, at=now, note=_("Gewijzigd na goedkeuring: opnieuw nakijken."))
        post.approver, post.approved_at = None, None
    if post.status != Status.PUBLISHED:
        post.slug = unique_slug(post.title, exclude=post.pk)
    else:
        post.corrected_at = now
    post.save()
    if topics is not None:
        post.topics.set(topics)
    save_translations(post, translations)
    record_event(post, Action.CORRECTED if post.status == Status.PUBLISHED else Action.EDITED, actor=editor, at=now)
    if post.status == Status.PUBLISHED:
        transaction.on_commit(forget_banner)
    return post

