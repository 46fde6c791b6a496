"""Our answers on live channels: each channel that does something with an outgoing message names the Celery
task that does it, here in one declaration (as certificates/types.py declares the certificate types).

A message is handed over after the commit, by task name: the channels sit above the cases, so the cases do
not import them. Adding a channel is one entry here and its task.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from common import jobs
from desk.conversations.models import ConversationMessage
from desk.states import Channel

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChannelAdapter:
    task: str  # the Celery task's name; it is called with the outgoing message's id
    countdown: Callable[[], float] | None = None  # seconds to wait before it runs (read when a message goes out)


ADAPTERS: dict[str, ChannelAdapter] = {
    # WhatsApp delivers the answer through the Cloud API (the adapter's own retries and delivery statuses).
    Channel.WHATSAPP: ChannelAdapter("desk.channels.whatsapp.tasks.send_message"),
    # The chat page shows answers itself; one unseen after CHAT_UNREAD_NOTICE_MINUTES goes to the mailbox or e-mail.
    Channel.CHAT: ChannelAdapter("desk.channels.chat.tasks.notify_unseen_answer",
                                 countdown=lambda: settings.CHAT_UNREAD_NOTICE_MINUTES * 60),
}


def deliver(message: ConversationMessage) -> None:
    """Hand an outgoing message to its channel's task once the transaction has committed."""
    adapter = ADAPTERS.get(message.channel)
    if adapter is None or message.direction != ConversationMessage.Direction.OUT:
        return
    message_id, channel = message.pk, message.channel

    def send():
        try:
            jobs.enqueue(adapter.task, message_id, countdown=adapter.countdown() if adapter.countdown else None)
        except Exception:  # the message is stored; the channel's own sweep or status shows the failure
            logger.exception("could not hand message %s to its %s task", message_id, channel)

    transaction.on_commit(send)
