"""E-mail followers (double opt-in), the proof of their consent, and the batches a post is mailed in.

E-mail is the one channel that is not anonymous: the address is personal data. We keep only the address,
the chosen topics and language, and the consent proof (when, which consent text, which topics) — no IP.
The confirmation token is stored as a hash; the unsubscribe link is a signature of ``public_id``.
"""
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .posts import Post, Topic


class Subscriber(models.Model):
    email = models.EmailField(_("e-mailadres"), unique=True)  # stored lower-case (services.subscriptions)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("taal"), max_length=2, default="nl")
    crisis = models.BooleanField(_("crisisberichten"), default=True)
    topics = models.ManyToManyField(Topic, blank=True, related_name="subscribers")
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # The pending confirmation (a new subscription, or a change asked for by a confirmed follower).
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    token_expires_at = models.DateTimeField(null=True, blank=True, db_index=True)
    pending = models.JSONField(default=dict, blank=True)  # {"topics": [...], "crisis": bool, "language": ".."}

    class Meta:
        verbose_name = _("volger per e-mail")
        verbose_name_plural = _("volgers per e-mail")

    def __str__(self) -> str:
        return f"subscriber {self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class Consent(models.Model):
    """Proof of consent, one row per confirmation: when, which consent text, which topics."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="consents")
    at = models.DateTimeField(default=timezone.now)
    text_version = models.CharField(max_length=40)
    topics = models.JSONField(default=list)
    crisis = models.BooleanField(default=True)
    language = models.CharField(max_length=2)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"consent {self.pk} ({self.text_version})"


class EmailBatch(models.Model):
    """A slice of the followers a post is mailed to; ``sent_count`` lets a retried batch resume."""

    class State(models.TextChoices):
        PENDING = "pending", _("bezig")
        DONE = "done", _("klaar")
        FAILED = "failed", _("mislukt")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="email_batches")
    subscriber_ids = models.JSONField(default=list)
    sent_count = models.PositiveIntegerField(default=0)
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"batch {self.pk} of post {self.post_id}"
