from desk.cases.models import Attachment, Case, CaseEvent, Follower, Forward, SavedFilter
from desk.conversations.models import Conversation, ConversationMessage
from desk.routing.models import (
    ApiClient,
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
