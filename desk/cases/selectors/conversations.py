"""Reads of live conversations (chat, WhatsApp) for the inbox, with the same visibility as cases."""
from __future__ import annotations

from django.db.models import F, QuerySet

from desk.cases.selectors.inbox import department_ids_of, sees_all_cases
from desk.conversations.models import Conversation
from desk.states import LIVE_CHANNELS


def visible_conversations(user) -> QuerySet[Conversation]:
    """Conversations a member of staff may open: all for desk agents, else their departments' only."""
    if not getattr(user, "is_authenticated", False):
        return Conversation.objects.none()
    base = Conversation.objects.filter(channel__in=LIVE_CHANNELS)
    if sees_all_cases(user):
        return base
    departments = department_ids_of(user)
    if not departments:
        return Conversation.objects.none()
    return base.filter(department_id__in=departments)


def live_conversations(user, *, channel: str = "") -> QuerySet[Conversation]:
    """Open conversations waiting in the inbox, the most urgent first (term, then the oldest message)."""
    found = visible_conversations(user).filter(state=Conversation.State.OPEN)
    if channel:
        found = found.filter(channel=channel)
    return (found.select_related("department", "assignee", "resident")
            .order_by(F("first_response_due").asc(nulls_last=True), "last_message_at"))
