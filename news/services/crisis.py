"""Crisis follow-ups: a concept Update or Cancel (all clear) of a published crisis, referencing it."""
from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Post
from ..models.posts import SUMMARY_MAX, TITLE_MAX
from ..selectors import latest_in_chain
from ..states import Kind, MsgType, ResponseType, Severity, Status, Urgency
from .post_rules import CONTENT_FIELDS, TRANSLATION_FIELDS, PostError, clean_text
from .posts import create_post


def _latest_published(post: Post) -> Post:
    root = post.chain_root()
    return latest_in_chain(root) or root


@transaction.atomic
def start_followup(*, original: Post, actor, msg_type: str) -> Post:
    """A concept Update or Cancel (all clear) of a published crisis, filled in from the newest message
    of that crisis and referencing it (CAP <references>)."""
    if not (original.is_crisis and original.status == Status.PUBLISHED):
        raise PostError(_("Alleen een gepubliceerd crisisbericht kan een update of een einde krijgen."))
    if msg_type not in (MsgType.UPDATE, MsgType.CANCEL):
        raise PostError(_("Kies een update of een einde."))
    latest = _latest_published(original)
    if latest.msg_type == MsgType.CANCEL:
        raise PostError(_("Deze crisis is al afgelopen."))
    now = timezone.now()
    fields = {name: getattr(latest, name) for name in CONTENT_FIELDS}
    fields.update({"kind": Kind.CRISIS, "scheduled_at": None, "reactions_enabled": False})
    translations = {row.language: {name: getattr(row, name) for name in TRANSLATION_FIELDS}
                    for row in latest.translations.all()}
    if msg_type == MsgType.CANCEL:
        fields.update({"cap_response_type": ResponseType.ALL_CLEAR, "cap_urgency": Urgency.PAST,
                       "cap_severity": Severity.MINOR, "instruction": "",
                       "expires_at": now + timedelta(hours=settings.NEWS_CRISIS_DEFAULT_HOURS)})
        for language, values in [("nl", fields), *translations.items()]:
            with translation.override(language):
                values["title"] = clean_text(_("Voorbij: %(title)s") % {"title": values["title"]}, TITLE_MAX)
                values["summary"] = clean_text(_("Het gevaar is voorbij. Je kan weer gewoon doen wat je deed."),
                                                SUMMARY_MAX)
                values["body"] = _("Het gevaar is voorbij. Je kan weer gewoon doen wat je deed.")
                values["instruction"] = ""
    elif not fields.get("expires_at") or fields["expires_at"] <= now:
        fields["expires_at"] = now + timedelta(hours=settings.NEWS_CRISIS_DEFAULT_HOURS)
    return create_post(author=actor, fields=fields, channels=latest.channels, topics=list(latest.topics.all()),
                       translations=translations, references=latest, msg_type=msg_type)
