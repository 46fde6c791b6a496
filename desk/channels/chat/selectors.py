"""Reads of the chat and of the "Gesprekken" (live conversations of every live channel) for staff."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Max, QuerySet
from django.utils import timezone

from desk.cases.models import Case
from desk.cases.selectors.conversations import live_conversations, visible_conversations
from desk.conversations.models import Conversation, ConversationMessage
from desk.conversations.services import case_of

MAX_BATCH = 100  # messages per poll or event batch; a longer backlog comes in the next one


def messages_of(conversation: Conversation) -> QuerySet[ConversationMessage]:
    return (ConversationMessage.objects.filter(conversation=conversation)
            .select_related("author", "conversation", "conversation__resident").prefetch_related("attachments")
            .order_by("pk"))


def messages_since(conversation_id: int, after: int) -> list[ConversationMessage]:
    """Messages newer than ``after`` (a message id), oldest first."""
    return list(ConversationMessage.objects.filter(conversation_id=conversation_id, pk__gt=after)
                .select_related("author", "conversation", "conversation__resident").prefetch_related("attachments")
                .order_by("pk")[:MAX_BATCH])


def last_message_id(conversation: Conversation | None) -> int:
    if conversation is None:
        return 0
    return conversation.messages.aggregate(last=Max("pk"))["last"] or 0


def staff_conversation(user, pk: int) -> Conversation | None:
    """A live conversation this member of staff may open (department staff: their departments only)."""
    return (visible_conversations(user).select_related("department", "assignee", "resident")
            .filter(pk=pk).first())


@dataclass(frozen=True)
class WaitingRow:
    conversation: Conversation
    waiting_since: datetime | None  # the resident's oldest unanswered message, None when we answered last
    late: bool  # first response overdue
    due_soon: bool  # first response due within CHAT_NEAR_DUE_MINUTES
    preview: str


def waiting_rows(user, *, channel: str = "", now: datetime | None = None, limit: int = 200) -> list[WaitingRow]:
    """Open live conversations for the "Gesprekken" list, the most urgent first, with their state in words."""
    now = now or timezone.now()
    soon = now + timedelta(minutes=settings.CHAT_NEAR_DUE_MINUTES)
    conversations = list(live_conversations(user, channel=channel)[:limit])
    waiting, previews = _waiting_and_previews([c.pk for c in conversations])
    rows = []
    for conversation in conversations:
        unanswered = conversation.first_response_at is None and conversation.first_response_due is not None
        late = unanswered and conversation.first_response_due < now
        rows.append(WaitingRow(conversation=conversation, waiting_since=waiting.get(conversation.pk), late=late,
                               due_soon=unanswered and not late and conversation.first_response_due <= soon,
                               preview=previews.get(conversation.pk, "")))
    return rows


def _waiting_and_previews(ids: list[int]) -> tuple[dict[int, datetime], dict[int, str]]:
    """Per conversation: since when the resident waits (their first message after our last answer) and the
    text of their last message. One query over the (few) open conversations' messages."""
    waiting: dict[int, datetime] = {}
    previews: dict[int, str] = {}
    rows = (ConversationMessage.objects.filter(conversation_id__in=ids)
            .order_by("pk").values_list("conversation_id", "direction", "is_automatic", "created_at", "body"))
    for conversation_id, direction, automatic, created_at, body in rows.iterator():
        if direction == ConversationMessage.Direction.IN:
            waiting.setdefault(conversation_id, created_at)
            previews[conversation_id] = body
        elif not automatic:  # an agent answered: the wait starts again at the next message
            waiting.pop(conversation_id, None)
    return waiting, previews


def waiting_count(user) -> int:
    return live_conversations(user).count()


def case_of_conversation(conversation: Conversation) -> Case | None:
    return case_of(conversation)
