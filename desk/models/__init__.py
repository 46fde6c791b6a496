from .cases import Attachment, Case, CaseEvent, Follower, Forward, SavedFilter
from .conversations import Conversation, ConversationMessage
from .organisation import (
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
