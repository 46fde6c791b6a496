"""Live conversations (web chat, WhatsApp): one door for every channel that talks back and forth.

A live conversation is routed and timed by the response matrix like a case (the matrix row for its
channel, kind "vraag"), waits in the inbox's "Gesprekken" until an agent answers, closes it or turns
it into a case. Once it has a case, messages in and out go through the case (``react``/``reply``), so
the case history, first response and notifications stay the single truth.

What a channel does with our answers is declared in ``desk.cases.outbox``.
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.tokens import hash_token
from desk.cases import outbox
from desk.cases import services as cases
from desk.cases.models import Attachment, Case
from desk.cases.services import files
from desk.cases.services.handling import record_first_response
from desk.cases.services.validation import CaseError, clean_text
from desk.conversations.models import Conversation, ConversationMessage
from desk.routing.models import Category, Department
from desk.routing.routing import pick_department
from desk.states import CONVERSATION_TRANSITIONS, Kind, Priority

logger = logging.getLogger(__name__)

def _checked_move(conversation: Conversation, target: str) -> str:
    """``target`` when CONVERSATION_TRANSITIONS allows the move (staying in the same state is no move)."""
    if conversation.state != target and not CONVERSATION_TRANSITIONS.can_move(conversation.state, target):
        raise cases.TransitionNotAllowed(_("Deze statuswijziging kan niet: van '%(from)s' naar '%(to)s'.") % {
            "from": Conversation.State(conversation.state).label, "to": Conversation.State(target).label})
    return target


def case_of(conversation: Conversation) -> Case | None:
    """The case this conversation became (the newest, if it was split or raised again)."""
    return Case.objects.filter(conversation=conversation).order_by("-created_at").first()


@transaction.atomic
def start_conversation(*, channel: str, resident=None, name: str = "", email: str = "", phone: str = "",
                       language: str = "", subject: str = "", external_user_id: str = "",
                       external_address: str = "", access_token: str = "",
                       at: datetime | None = None) -> Conversation:
    """Open a live conversation, routed to a department with a first-response term from the matrix."""
    at = at or timezone.now()
    department, found = pick_department(category_id=None, kind=Kind.QUESTION, channel=channel, district="",
                                              priority=Priority.NORMAL, start=at)
    return Conversation.objects.create(
        channel=channel, state=Conversation.State.OPEN, subject=subject[:300], resident=resident, name=name[:200],
        email=email, phone=phone[:40], language=(language or getattr(resident, "preferred_language", "") or "nl")[:5],
        department=department, matrix_version=found.matrix_version, first_response_due=found.first_response_due,
        external_user_id=external_user_id[:120], external_address=external_address[:40],
        access_token_hash=hash_token(access_token) if access_token else "", created_at=at, last_message_at=at)


@transaction.atomic
def receive_message(conversation: Conversation, *, body: str, external_id: str = "", photos: Iterable = (),
                    language: str = "", at: datetime | None = None) -> ConversationMessage | None:
    """A message from the resident. Returns None for a duplicate ``external_id`` (already stored).

    A closed conversation without a case opens again: the resident wrote, so someone answers.
    """
    at = at or timezone.now()
    body = clean_text(body, field="body") if body.strip() or not photos else body.strip()
    if external_id and ConversationMessage.objects.filter(channel=conversation.channel,
                                                          external_id=external_id).exists():
        return None
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    case = case_of(locked)
    if case is not None:
        message = cases.react(case, text=body or _("(foto)"), resident=locked.resident, channel=locked.channel,
                              external_id=external_id, photos=photos, at=at,
                              actor_label=locked.name or "")
    else:
        message = ConversationMessage.objects.create(
            conversation=locked, direction=ConversationMessage.Direction.IN, channel=locked.channel,
            body=body or _("(foto)"), external_id=external_id, language=language[:5], created_at=at)
        with files.discard_files_on_error():
            files.save_photos(None, photos, message=message, name=lambda index: (
                f"gesprek-{message.conversation_id}-{message.pk}-{index + 1}.jpg"))
    updates = {"last_message_at": at, "last_inbound_at": at}
    if case is None and locked.state == Conversation.State.CLOSED:
        updates.update(state=_checked_move(locked, Conversation.State.OPEN), closed_at=None)
    Conversation.objects.filter(pk=locked.pk).update(**updates)
    for field, value in updates.items():
        setattr(conversation, field, value)
    return message


@transaction.atomic
def answer_conversation(conversation: Conversation, *, actor=None, body: str, automatic: bool = False,
                        language: str = "", at: datetime | None = None) -> ConversationMessage:
    """An answer to the resident (an agent's, or an automatic one). Sent by the channel after the commit."""
    at = at or timezone.now()
    body = clean_text(body, field="body")
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    case = case_of(locked) if not automatic else None
    if case is not None:
        message = cases.reply(case, actor=actor, body=body, at=at)  # dispatches itself
    else:
        message = ConversationMessage.objects.create(
            conversation=locked, direction=ConversationMessage.Direction.OUT, channel=locked.channel, body=body,
            author=actor, is_automatic=automatic, language=language[:5], created_at=at)
        outbox.deliver(message)
    updates: dict = {"last_message_at": at}
    if not automatic and locked.first_response_at is None:
        updates["first_response_at"] = at
    if not automatic and actor is not None and locked.assignee_id is None:
        updates["assignee"] = actor
    Conversation.objects.filter(pk=locked.pk).update(**updates)
    for field, value in updates.items():
        setattr(conversation, field, value)
    return message


@transaction.atomic
def assign_conversation(conversation: Conversation, *, department: Department | None = None, assignee=None,
                        actor=None) -> Conversation:
    """Give a live conversation to a department and/or a member of staff."""
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if department is not None:
        locked.department = department
    if assignee is not None:
        locked.assignee = assignee
    locked.save(update_fields=["department", "assignee"])
    return locked


@transaction.atomic
def close_conversation(conversation: Conversation, *, actor=None, at: datetime | None = None) -> Conversation:
    """The conversation needs nothing more (answered, or nothing to do). A new message opens it again."""
    at = at or timezone.now()
    state = _checked_move(conversation, Conversation.State.CLOSED)
    Conversation.objects.filter(pk=conversation.pk).update(state=state, closed_at=at)
    conversation.state, conversation.closed_at = Conversation.State.CLOSED, at
    return conversation


@transaction.atomic
def convert_to_case(conversation: Conversation, *, actor, kind: str, category: Category | None = None,
                    title: str = "", description: str = "", at: datetime | None = None) -> Case:
    """Raise a case from the conversation: routed and timed by the matrix, with the messages so far.

    The description defaults to what the resident wrote; photos sent in the conversation go with the
    case; an answer already given counts as the case's first response.
    """
    at = at or timezone.now()
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    if case_of(locked) is not None:
        raise CaseError(_("Van dit gesprek is al een zaak gemaakt."))
    written = list(locked.messages.filter(direction=ConversationMessage.Direction.IN).values_list("body", flat=True))
    description = description.strip() or "\n\n".join(written) or locked.subject
    # The case starts when the resident first wrote: its terms and first response count from then.
    case = cases.open_case(
        kind=kind, channel=locked.channel, description=description[:cases.MAX_DESCRIPTION], category=category,
        title=title or locked.subject, resident=locked.resident, reporter_name=locked.name,
        reporter_email=locked.email, reporter_phone=locked.phone or locked.external_address,
        conversation=locked, actor=actor, language=locked.language, at=locked.created_at)
    Attachment.objects.filter(message__conversation=locked, case__isnull=True).update(case=case)
    if locked.first_response_at is not None:
        record_first_response(case, locked.first_response_at, actor)
    state = _checked_move(locked, Conversation.State.CLOSED)
    Conversation.objects.filter(pk=locked.pk).update(state=state, closed_at=at, assignee=locked.assignee or actor)
    conversation.state, conversation.closed_at = Conversation.State.CLOSED, at
    return case
