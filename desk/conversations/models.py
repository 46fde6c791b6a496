"""Conversations of messages on every channel, kept apart from the cases they raise."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from desk.states import Channel, ConversationState


class Conversation(models.Model):
    """Messages with one person on one channel.

    Live channels (chat, WhatsApp) start an *open* conversation that waits in the inbox's
    "Gesprekken" until an agent answers, closes it, or turns it into a case (``Case.conversation``).
    Conversations of other channels are only the message thread of their case (state "closed").
    """

    State = ConversationState

    channel = models.CharField(max_length=20, choices=Channel.choices)
    state = models.CharField(_("status"), max_length=10, choices=State.choices, default=State.CLOSED)
    subject = models.CharField(max_length=300, blank=True)
    resident = models.ForeignKey("identity.Resident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="desk_conversations")
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=40, blank=True)
    language = models.CharField(max_length=5, blank=True)
    # Live channels: who answers and by when (response matrix for the channel, in working hours).
    department = models.ForeignKey("desk.Department", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="conversations")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="desk_conversations")
    matrix_version = models.PositiveIntegerField(null=True, blank=True)
    first_response_due = models.DateTimeField(null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # WhatsApp: the business-scoped user id (BSUID) and the phone number (wa_id), either may be missing.
    external_user_id = models.CharField(max_length=120, blank=True, db_index=True)
    external_address = models.CharField(max_length=40, blank=True, db_index=True)
    last_inbound_at = models.DateTimeField(null=True, blank=True)  # WhatsApp's 24-hour window starts here
    # Web chat: the visitor's access token (hash only) and the day of the last automatic reply.
    access_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    auto_replied_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField()
    last_message_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_message_at"]
        indexes = [models.Index(fields=["state", "channel", "last_message_at"], name="desk_conv_live")]

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
    is_automatic = models.BooleanField(default=False)  # an automatic reply (office hours, privacy guard)
    language = models.CharField(max_length=5, blank=True)  # when it differs from the page's (lang="…")
    # Delivery on channels that report it (WhatsApp: sent, delivered, read, failed).
    status = models.CharField(max_length=12, blank=True)
    status_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["channel", "external_id"], condition=~models.Q(external_id=""),
                                               name="desk_message_unique_external_id")]

    def __str__(self):
        return f"{self.conversation_id} {self.direction} {self.created_at:%Y-%m-%d %H:%M}"
