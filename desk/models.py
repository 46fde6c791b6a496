"""The desk's models, for Django: each part keeps its own (cases, conversations, routing, Open311)."""
from desk.cases.models import Attachment, Case, CaseEvent, Follower, Forward, SavedFilter
from desk.cases.open311.models import ApiClient
from desk.conversations.models import Conversation, ConversationMessage
from desk.routing.models import (
    CannedAnswer,
    Category,
    ClosingDay,
    Department,
    ResponseMatrix,
    ResponseTerm,
    RoutingRule,
)

__all__ = [
    "ApiClient", "Attachment", "CannedAnswer", "Case", "CaseEvent", "Category", "ClosingDay", "Conversation",
    "ConversationMessage", "Department", "Follower", "Forward", "ResponseMatrix", "ResponseTerm", "RoutingRule",
    "SavedFilter",
]
