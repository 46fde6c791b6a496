"""Writes of the satisfaction feedback: offering it when a case closes, and recording the answer.

Who is asked (``offer_feedback``, called by desk.cases.services.change_state in the closing's transaction):

- only for a real closing by the desk: resolved or closed without a solution, from an open state. Not for a
  duplicate (the resident follows the other case, which asks when it closes) or a cancellation (there was
  no handling to judge), and not when a reopen request is closed again (the resident already gave their
  opinion on that handling; asking again would loop);
- not for requests handled by another app (kind "request", e.g. certificates): their owner sends its own
  messages, so there is no closing message to carry the link, and the desk did not handle them;
- only when the closing message goes out (``notify``) to a reporter we can reach: a signed-in resident (in
  the mailbox), a reporter who gave an e-mail address, or — for a case raised from a chat or WhatsApp
  conversation with neither — that conversation (WhatsApp delivers it). Followers are never asked.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from common.tokens import hash_token
from desk.cases.models import Case, CaseEvent
from desk.cases.services.handling import change_state
from desk.cases.services.history import record_event
from desk.cases.services.messages import reaches_only_by_conversation
from desk.cases.services.validation import CaseError, clean_text
from desk.feedback.models import Feedback, FeedbackReason, token_for
from desk.states import CLOSED_STATES, EventKind, Kind, State

ASKS_FEEDBACK = frozenset({State.RESOLVED, State.CLOSED_UNRESOLVED})
MAX_TEXT = 2000


class FeedbackGone(CaseError):
    """The link was used already or has expired (the page answers 410)."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.reason = reason


def asks_feedback(case: Case, event: CaseEvent) -> bool:
    """Whether this closing of the case gets a satisfaction question (see the module docstring)."""
    return (settings.DESK_FEEDBACK_ENABLED
            and event.kind == EventKind.STATE_CHANGED and event.to_state in ASKS_FEEDBACK
            and event.from_state not in CLOSED_STATES and event.from_state != State.REOPEN_REQUESTED
            and case.kind != Kind.REQUEST and not case.linked_ref
            and (case.resident_id is not None or bool(case.reporter_email) or reaches_only_by_conversation(case)))


def offer_feedback(case: Case, event: CaseEvent) -> Feedback | None:
    """Make the question for this closing (in the caller's transaction), or None when none is asked.

    The link goes out with the closing message (desk.notifications.tasks.notify_case_update, feedback.notifications).
    """
    if not asks_feedback(case, event):
        return None
    nonce = secrets.token_urlsafe(16)
    language = (getattr(case.resident, "preferred_language", "") if case.resident_id else "") or case.language
    return Feedback.objects.create(
        case=case, closing_event=event, nonce=nonce, token_hash=hash_token(token_for(nonce)),
        reach=(Feedback.Reach.MAILBOX if case.resident_id else Feedback.Reach.EMAIL if case.reporter_email
               else Feedback.Reach.CONVERSATION), channel=case.channel,
        language=(language or "nl")[:5], created_at=event.at,
        expires_at=event.at + timedelta(days=settings.DESK_FEEDBACK_DAYS))


def feedback_for_token(token: str) -> Feedback | None:
    """The question a link points to (answered or expired ones too: the page tells which), or None."""
    if not token or len(token) > 100:
        return None
    return (Feedback.objects.select_related("case", "case__category")
            .filter(token_hash=hash_token(token)).first())


def check_open(feedback: Feedback, at: datetime | None = None) -> None:
    """Raise FeedbackGone when the link was used or has expired."""
    if feedback.is_answered:
        raise FeedbackGone(_("Je gaf je mening al. Een link werkt maar één keer."), reason="answered")
    if feedback.is_expired(at):
        raise FeedbackGone(_("Deze link is verlopen."), reason="expired")


def visible_reasons(satisfied: bool):
    """The standard reasons a resident may tick, for a satisfied or an unsatisfied answer."""
    return FeedbackReason.objects.filter(is_visible=True, for_satisfied=satisfied).order_by("order", "pk")


def _summary(feedback: Feedback, reasons: list[FeedbackReason]) -> str:
    """The history line staff read (in Dutch, the administration's language)."""
    with translation.override(settings.LANGUAGE_CODE):
        parts = [_("Tevredenheid: tevreden.") if feedback.satisfied else _("Tevredenheid: niet tevreden.")]
        if reasons:
            parts.append(_("Redenen: %(reasons)s.") % {"reasons": "; ".join(reason.text for reason in reasons)})
        if feedback.text:
            parts.append(_("Toelichting: %(text)s") % {"text": feedback.text})
        if feedback.allows_contact is not None:
            parts.append(_("Mag gecontacteerd worden: ja.") if feedback.allows_contact
                         else _("Mag gecontacteerd worden: nee."))
        return "\n".join(parts)


@transaction.atomic
def record_feedback(feedback: Feedback, *, satisfied: bool, reasons: Iterable[FeedbackReason] = (), text: str = "",
                    allows_contact: bool | None = None, at: datetime | None = None) -> Feedback:
    """Record the answer once; an unhappy answer with a reopening reason or a text asks to reopen the case.

    The answer is written to the case history (an internal note with the score). When the case is still in
    the closing the question was about, an unhappy answer that picked a reason flagged
    ``reopens_when_unhappy`` or explained itself moves it to "reopen_requested": a person decides.
    """
    at = at or timezone.now()
    locked = Feedback.objects.select_for_update().select_related("case", "closing_event").get(pk=feedback.pk)
    check_open(locked, at)
    reasons = list(reasons)
    allowed = set(visible_reasons(satisfied).values_list("pk", flat=True))
    if any(reason.pk not in allowed for reason in reasons):
        raise CaseError(_("Kies alleen redenen die bij je antwoord passen."), field="reasons")
    text = clean_text(text, limit=MAX_TEXT, field="text", required=False)
    if not satisfied and not reasons and not text:
        raise CaseError(_("Kies wat er misging, of schrijf het in de toelichting."), field="reasons")
    locked.satisfied = satisfied
    locked.text = text
    locked.allows_contact = allows_contact
    locked.answered_at = at
    case = Case.objects.select_for_update().get(pk=locked.case_id)
    asks_reopen = not satisfied and (bool(text) or any(reason.reopens_when_unhappy for reason in reasons))
    still_closed = case.state in ASKS_FEEDBACK and case.closed_at == locked.closing_event.at
    locked.reopen_requested = asks_reopen and still_closed
    locked.save(update_fields=["satisfied", "text", "allows_contact", "answered_at", "reopen_requested"])
    locked.reasons.set(reasons)
    with translation.override(settings.LANGUAGE_CODE):
        label = _("inwoner (tevredenheid)")
        record_event(case, EventKind.NOTE, at=at, actor_label=label, text=_summary(locked, reasons),
               data={"feedback": locked.pk, "satisfied": satisfied, "reasons": [reason.code for reason in reasons],
                     "allows_contact": allows_contact, "reopen_requested": locked.reopen_requested})
        if locked.reopen_requested:
            change_state(case, State.REOPEN_REQUESTED, at=at, actor_label=label, notify=False,
                         internal_note=_("De melder is niet tevreden (feedback). Beslis of de melding heropend "
                                         "wordt."))
    return locked
