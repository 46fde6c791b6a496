"""desk's public functions: the only door into a case (see cases.py for the rules)."""
from .cases import (
    CaseError,
    TransitionNotAllowed,
    add_note,
    answer_forward,
    assign,
    can_reopen,
    case_for_tracking_token,
    change_state,
    check_location,
    follow,
    forward,
    forward_for_token,
    log_phone_call,
    merge,
    open_case,
    publish_photo,
    react,
    reopen_by_resident,
    reply,
    route,
    split,
)
from .conversations import (
    answer_conversation,
    assign_conversation,
    case_of,
    close_conversation,
    convert_to_case,
    receive_message,
    register_sender,
    start_conversation,
)
from .linked import open_linked_case, update_linked_case

__all__ = [
    "CaseError", "TransitionNotAllowed", "add_note", "answer_forward", "assign", "can_reopen",
    "case_for_tracking_token", "change_state", "check_location", "follow", "forward", "forward_for_token",
    "log_phone_call", "merge", "open_case", "open_linked_case", "publish_photo", "react", "reopen_by_resident",
    "reply", "route", "split", "update_linked_case",
    "answer_conversation", "assign_conversation", "case_of", "close_conversation", "convert_to_case",
    "receive_message", "register_sender", "start_conversation",
]
