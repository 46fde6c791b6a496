"""The only door into a case: every change is one transaction that writes its history row.

Views, the Open311 API, e-mail in, the live conversations and other apps (certificates) call these
functions; nothing else changes a Case. The resident hears of public changes after the commit
(``desk.notifications``).
"""
from desk.cases.services.forwarding import answer_forward, forward, forward_for_token
from desk.cases.services.handling import add_note, assign, change_state, publish_photo, route
from desk.cases.services.intake import (
    can_reopen,
    case_for_tracking_token,
    follow,
    log_phone_call,
    open_case,
    reopen_by_resident,
)
from desk.cases.services.linked import open_linked_case, update_linked_case
from desk.cases.services.merging import merge, split
from desk.cases.services.messages import (
    post_case_update,
    reaches_only_by_conversation,
    react,
    reply,
    state_after_reply,
)
from desk.cases.services.validation import MAX_DESCRIPTION, CaseError, TransitionNotAllowed, check_location

__all__ = [
    "MAX_DESCRIPTION", "CaseError", "TransitionNotAllowed", "add_note", "answer_forward", "assign", "can_reopen",
    "case_for_tracking_token", "change_state", "check_location", "follow", "forward", "forward_for_token",
    "log_phone_call", "merge", "open_case", "open_linked_case", "post_case_update", "publish_photo", "react",
    "reaches_only_by_conversation", "reopen_by_resident", "reply", "route", "split", "state_after_reply",
    "update_linked_case",
]
