"""The case's message thread: our answers, the resident's reactions, and updates into a live conversation."""
from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from desk.cases import outbox
from desk.cases.models import Case
from desk.cases.services.files import discard_files_on_error, save_photos
from desk.cases.services.handling import change_state, copy_case_state, record_first_response
from desk.cases.services.history import notify_after_commit, record_event
from desk.cases.services.validation import clean_text
from desk.conversations.models import Conversation, ConversationMessage
from desk.states import LIVE_CHANNELS, EventKind, State

logger = logging.getLogger(__name__)


def conversation_for(case: Case, at: datetime) -> Conversation:
    """The case's message thread, made when the first message is written."""
    if case.conversation_id:
        return case.conversation
    conversation = Conversation.objects.create(
        channel=case.channel, subject=case.display_title()[:300], resident=case.resident,
        name=case.reporter_name, email=case.reporter_email, phone=case.reporter_phone, created_at=at,
        last_message_at=at)
    Case.objects.filter(pk=case.pk).update(conversation=conversation)
    case.conversation = conversation
    return conversation


# An agent's answer means someone is working on it: a new or reopened case moves to "in behandeling", as in
# the help desks agents know (the answer starts the handling; only an explicit choice closes or parks it).
_STARTS_HANDLING = frozenset({State.RECEIVED, State.REOPENED})


def state_after_reply(state: str) -> str:
    """The state an answer moves a case in ``state`` to by itself, or "" when it stays where it is."""
    return State.IN_PROGRESS if state in _STARTS_HANDLING else ""


@transaction.atomic
def reply(case: Case, *, actor, body: str, then_state: str = "", at: datetime | None = None) -> ConversationMessage:
    """Answer the resident (mailbox, or e-mail for reporters without an account). Counts as first response.

    The case then moves to ``then_state`` (a working state the agent chose) or, by default, from "ontvangen"
    or "heropend" to "in behandeling". The answer is what the resident reads, so the move sends nothing more.
    Closing with an answer is ``change_state`` with the answer as public note (one message, with feedback).
    """
    at = at or timezone.now()
    body = clean_text(body, field="body")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    conversation = conversation_for(locked, at)
    message = ConversationMessage.objects.create(
        conversation=conversation, direction=ConversationMessage.Direction.OUT, channel=conversation.channel,
        body=body, author=actor, created_at=at)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=at)
    Case.objects.filter(pk=locked.pk).update(updated_at=at)
    event = record_event(locked, EventKind.MESSAGE_OUT, at=at, actor=actor, is_public=True, text=body,
                   data={"message": message.pk})
    record_first_response(locked, at, actor)
    target = then_state or state_after_reply(locked.state)
    if target and target != locked.state:
        locked = change_state(locked, target, at=at, actor=actor, notify=False)
    notify_after_commit(event)
    outbox.deliver(message)  # live channels (WhatsApp) deliver the answer themselves
    copy_case_state(locked, case)
    return message


@transaction.atomic
def react(case: Case, *, text: str, resident=None, actor_label: str = "", channel: str = "",
          external_id: str = "", in_reply_to: str = "", photos: Iterable = (),
          at: datetime | None = None) -> ConversationMessage:
    """A message from the resident on their case; a case waiting for them goes back to work."""
    at = at or timezone.now()
    text = clean_text(text, field="text")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    conversation = conversation_for(locked, at)
    message = ConversationMessage.objects.create(
        conversation=conversation, direction=ConversationMessage.Direction.IN, channel=channel or conversation.channel,
        body=text, external_id=external_id, in_reply_to=in_reply_to, created_at=at)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=at)
    with discard_files_on_error():
        save_photos(locked, photos, message=message)
    record_event(locked, EventKind.MESSAGE_IN, at=at, is_public=True, text=text,
           actor_label=actor_label or (str(resident) if resident else _("inwoner")), data={"message": message.pk})
    if locked.state == State.WAITING_RESIDENT:
        change_state(locked, State.IN_PROGRESS, at=at, actor_label=_("inwoner"), notify=False)
    else:
        Case.objects.filter(pk=locked.pk).update(updated_at=at)
    copy_case_state(Case.objects.get(pk=locked.pk), case)
    return message


def reaches_only_by_conversation(case: Case) -> bool:
    """True when the case came from a chat or WhatsApp conversation and we know no account or e-mail address:
    its updates then go back into that conversation (WhatsApp delivers them; the chat page shows them)."""
    return (case.resident_id is None and not case.reporter_email and case.conversation_id is not None
            and case.conversation.channel in LIVE_CHANNELS)


@transaction.atomic
def post_case_update(case: Case, *, event_id: int, body: str, at: datetime | None = None
                     ) -> ConversationMessage | None:
    """Put a public case update into the case's live conversation, once per event (retries add nothing)."""
    marker = f"case-event:{event_id}"
    conversation = Conversation.objects.select_for_update().get(pk=case.conversation_id)
    if conversation.messages.filter(in_reply_to=marker).exists():
        return None
    at = at or timezone.now()
    message = ConversationMessage.objects.create(
        conversation=conversation, direction=ConversationMessage.Direction.OUT, channel=conversation.channel,
        body=body[:4096], is_automatic=True, in_reply_to=marker, created_at=at)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=at)
    outbox.deliver(message)
    return message
