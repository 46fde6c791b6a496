"""What the WhatsApp adapter keeps besides the desk's conversations and messages.

* :class:`InboundDelivery`: every signed webhook POST, stored raw before it is processed (so a delivery
  is never lost between "200 OK" and the worker), with the processing result staff see in the admin.
* :class:`Contact`: one row per WhatsApp user, locked while their message is filed, so two messages
  that arrive together never open two conversations.
* :class:`Outbound`: how an outgoing :class:`desk.conversations.models.ConversationMessage` went out (free text or a
  template outside the 24-hour window) and whether its text still waits for the resident's next message.
* :class:`StatusReport`: every delivery status Meta reported (sent, delivered, read, failed), also for
  message ids we have not stored yet: status webhooks can overtake the answer of the send call.
"""
import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

# How long a worker holds a delivery or an outgoing message it claimed (``locked_until``); after that,
# another worker may take it over.
LEASE = dt.timedelta(minutes=10)


class InboundDelivery(models.Model):
    body = models.TextField(_("inhoud"))  # the raw JSON as received (UTF-8), personal data: purged after a while
    body_sha256 = models.CharField(max_length=64, unique=True)  # a replayed delivery is stored once
    received_at = models.DateTimeField(_("ontvangen"), db_index=True)
    processed_at = models.DateTimeField(_("verwerkt"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    error = models.TextField(_("fout"), blank=True)
    summary = models.CharField(_("samenvatting"), max_length=200, blank=True)
    locked_until = models.DateTimeField(null=True, blank=True)  # a worker is processing it until then

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("WhatsApp-levering")
        verbose_name_plural = _("WhatsApp-leveringen")

    def __str__(self):
        return f"{self.received_at:%Y-%m-%d %H:%M:%S} #{self.pk}"


class Contact(models.Model):
    key = models.CharField(max_length=140, unique=True)  # the BSUID, or "wa:<phone number>" without one

    def __str__(self):
        return self.key


class Outbound(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("wacht op verzending")
        WAITING = "waiting", _("template verstuurd, tekst wacht op de inwoner")
        SENT = "sent", _("verstuurd")
        FAILED = "failed", _("mislukt")

    message = models.OneToOneField("desk.ConversationMessage", on_delete=models.CASCADE, related_name="whatsapp")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    template_wamid = models.CharField(max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("uitgaand WhatsApp-bericht")
        verbose_name_plural = _("uitgaande WhatsApp-berichten")

    def __str__(self):
        return f"{self.message_id} {self.state}"


class StatusReport(models.Model):
    wamid = models.CharField(max_length=300)
    status = models.CharField(max_length=12)
    at = models.DateTimeField()
    error = models.CharField(max_length=300, blank=True)
    received_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["wamid", "status"], name="desk_whatsapp_status_once")]

    def __str__(self):
        return f"{self.wamid} {self.status}"
