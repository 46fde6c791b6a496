"""Conversations of messages on every channel, kept apart from the cases they raise."""
from django.conf import settings
from django.db import models

from ..states import Channel


class Conversation(models.Model):
    channel = models.CharField(max_length=20, choices=Channel.choices)
    subject = models.CharField(max_length=300, blank=True)
    resident = models.ForeignKey("identity.Resident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="desk_conversations")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField()
    last_message_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_message_at"]

    def __str__(self):
        return f"{self.get_channel_display()} #{self.pk}"


class ConversationMessage(models.Model):
    class Direction(models.TextChoices):
        IN = "in", "in"
        OUT = "out", "out"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    direction = models.CharField(max_length=3, choices=Direction.choices)
    channel = models.CharField(max_length=20, choices=Channel.choices)
    body = models.TextField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    # E-mail Message-ID (or another channel's message id): replies thread by it, duplicates are ignored.
    external_id = models.CharField(max_length=300, blank=True)
    in_reply_to = models.CharField(max_length=300, blank=True)
    call_duration_s = models.PositiveIntegerField(null=True, blank=True)  # phone calls logged by an agent
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["channel", "external_id"], condition=~models.Q(external_id=""),
                                               name="desk_message_unique_external_id")]

    def __str__(self):
        return f"{self.conversation_id} {self.direction} {self.created_at:%Y-%m-%d %H:%M}"
