"""Flood control for the chat, in Django's cache (shared by every web instance through Redis).

Three fixed-window limits: messages per conversation (CHAT_MESSAGE_RATE), messages per client address
over all its conversations (CHAT_ADDRESS_RATE), and new conversations or left messages per client address
(CHAT_START_RATE). A refused message is not stored; the page gives it back in the text box.
"""
from __future__ import annotations

from django.conf import settings

from common import throttle


def _conversation_hit(conversation_id: int, rate: str) -> bool:
    return throttle.over_rate(throttle.private_key("chat-conversation", str(conversation_id)), rate)


def message_refused(request, conversation_id: int | None) -> int:
    """Count one chat message; the seconds to wait when it goes over a limit, else 0."""
    if conversation_id is not None and _conversation_hit(conversation_id, settings.CHAT_MESSAGE_RATE):
        return throttle.window_seconds(settings.CHAT_MESSAGE_RATE)
    if throttle.hit(request, scope="chat-message", rate=settings.CHAT_ADDRESS_RATE):
        return throttle.window_seconds(settings.CHAT_ADDRESS_RATE)
    return 0


def count_first_message(conversation_id: int) -> None:
    """The message that started a conversation counts for its conversation too."""
    _conversation_hit(conversation_id, settings.CHAT_MESSAGE_RATE)


def start_refused(request) -> int:
    """Count one new conversation or left message for the client address; seconds to wait, else 0."""
    if throttle.hit(request, scope="chat-start", rate=settings.CHAT_START_RATE):
        return throttle.window_seconds(settings.CHAT_START_RATE)
    return 0
