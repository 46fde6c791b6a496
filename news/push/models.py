"""Anonymous Web Push: who may receive (a browser's subscription, nothing about the person) and what was sent.

A subscription is only what the browser's ``PushSubscription.toJSON()`` gives (an opaque endpoint URL and
its two public keys) plus the chosen topics and language: no user, no cookie, no IP address.

A broadcast is one message to every subscriber of a topic. It is split into batches of subscription-id
ranges, one Celery task each; a batch keeps the ids it still has to retry, so a retry resends only those.
The broadcast's counters are updated with F() expressions by every batch (no lost updates between workers).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Topic(models.TextChoices):
    NEWS = "news", _("Nieuws")
    CRISIS = "crisis", _("Crisisberichten")


class Urgency(models.TextChoices):
    # RFC 8030 section 5.3; "high" wakes a sleeping phone, so only for crisis messages.
    VERY_LOW = "very-low", "very-low"
    LOW = "low", "low"
    NORMAL = "normal", "normal"
    HIGH = "high", "high"


class PushSubscription(models.Model):
    endpoint = models.URLField(_("endpoint"), max_length=1024, unique=True)
    p256dh = models.CharField(_("publieke sleutel (p256dh)"), max_length=100)
    auth = models.CharField(_("authenticatiegeheim"), max_length=32)
    news = models.BooleanField(_("nieuws"), default=False)
    crisis = models.BooleanField(_("crisisberichten"), default=True)
    language = models.CharField(_("taal"), max_length=8, choices=settings.LANGUAGES, default="nl")
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    last_success_at = models.DateTimeField(_("laatst afgeleverd op"), null=True, blank=True)
    failures = models.IntegerField(_("mislukte pogingen na elkaar"), default=0)

    class Meta:
        verbose_name = _("pushabonnement")
        verbose_name_plural = _("pushabonnementen")
        indexes = [
            # A fan-out reads the ids of one topic in order; these keep that an index-only scan.
            models.Index(fields=["crisis", "id"], name="push_sub_crisis_idx"),
            models.Index(fields=["news", "id"], name="push_sub_news_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} ({', '.join(self.topics) or '-'}, {self.language})"

    @property
    def topics(self) -> list[str]:
        return [topic for topic in Topic.values if getattr(self, topic)]

    def subscription_info(self) -> dict:
        """The shape pywebpush (and the browser's toJSON()) use."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class Broadcast(models.Model):
    # Not a foreign key to news.Post: push sits below news and must not import it.
    post_id = models.BigIntegerField(_("bericht"), null=True, blank=True, db_index=True)
    topic = models.CharField(_("onderwerp"), max_length=16, choices=Topic.choices)
    urgency = models.CharField(_("urgentie"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL)
    ttl = models.PositiveIntegerField(_("geldigheid (seconden)"), default=86400)
    payloads = models.JSONField(_("inhoud per taal"), default=dict)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    started_at = models.DateTimeField(_("verdeeld op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    total = models.IntegerField(_("abonnees"), default=0)
    delivered = models.IntegerField(_("afgeleverd"), default=0)
    gone = models.IntegerField(_("verdwenen"), default=0)
    failed = models.IntegerField(_("mislukt"), default=0)
    pending = models.IntegerField(_("nog bezig"), default=0)
    error = models.CharField(_("fout"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pushverzending")
        verbose_name_plural = _("pushverzendingen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} #{self.pk}"

    @property
    def subscriber_count(self) -> int:
        return self.total

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None

    @property
    def seconds(self) -> float | None:
        """From the moment it was created to its last answer."""
        if self.finished_at is None:
            return None
        return (self.finished_at - self.created_at).total_seconds()


class PushBatch(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        SENDING = "sending", _("wordt verstuurd")
        RETRYING = "retrying", _("wacht op nieuwe poging")
        DONE = "done", _("klaar")

    broadcast = models.ForeignKey(Broadcast, on_delete=models.CASCADE, related_name="batches",
                                  verbose_name=_("verzending"))
    first_id = models.BigIntegerField(_("eerste abonnement"))
    last_id = models.BigIntegerField(_("laatste abonnement"))
    size = models.IntegerField(_("abonnees"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.IntegerField(_("pogingen"), default=0)
    # The subscription ids a retry has to send to (None: the whole range, the first time).
    retry_ids = models.JSONField(_("opnieuw te proberen"), null=True, blank=True)
    delivered = models.IntegerField(_("afgeleverd"), default=0)
    gone = models.IntegerField(_("verdwenen"), default=0)
    failed = models.IntegerField(_("mislukt"), default=0)
    last_error = models.CharField(_("laatste fouten"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt op"), auto_now=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)

    class Meta:
        verbose_name = _("pushpakket")
        verbose_name_plural = _("pushpakketten")
        ordering = ["broadcast", "first_id"]
        indexes = [models.Index(fields=["status", "updated_at"], name="push_batch_status_idx")]

    def __str__(self) -> str:
        return f"{self.broadcast} [{self.first_id}-{self.last_id}]"
