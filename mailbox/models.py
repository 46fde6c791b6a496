"""The resident's personal mailbox: messages from the city, their PDF documents, and how to be told."""
import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def document_path(instance, filename: str) -> str:
    """``mailbox/<yyyy>/<mm>/<random>.pdf``: the stored name says nothing about whom or what it is about."""
    now = timezone.now()
    return f"mailbox/{now:%Y}/{now:%m}/{secrets.token_urlsafe(24)}.pdf"


class Message(models.Model):
    """One message in one resident's mailbox; ``source_ref`` makes every delivery idempotent."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    resident = models.ForeignKey("identity.Resident", on_delete=models.CASCADE, related_name="mailbox_messages",
                                 verbose_name=_("inwoner"))
    subject = models.CharField(_("onderwerp"), max_length=300)
    body = models.TextField(_("bericht"))
    sender_label = models.CharField(_("afzender"), max_length=120, default="Stad")
    source_ref = models.CharField(_("herkomst"), max_length=200, unique=True)
    created_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    notified_at = models.DateTimeField(_("gemeld per e-mail op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("bewaard tot"), db_index=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["resident", "-created_at"], name="mailbox_msg_resident_idx")]

    def __str__(self):
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Document(models.Model):
    """A PDF attached to a message, with the hash and size it had when it was delivered."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="documents",
                                verbose_name=_("bericht"))
    filename = models.CharField(_("bestandsnaam"), max_length=200)
    file = models.FileField(_("bestand"), upload_to=document_path, max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("grootte"))
    content_type = models.CharField(_("soort"), max_length=100, default="application/pdf")

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["pk"]

    def __str__(self):
        return self.filename


class MailboxPreferences(models.Model):
    """Whether and where a resident wants an e-mail when a new message arrives (opt-in)."""

    resident = models.OneToOneField("identity.Resident", on_delete=models.CASCADE,
                                    related_name="mailbox_preferences", verbose_name=_("inwoner"))
    email = models.EmailField(_("e-mailadres"), blank=True)
    notify_by_email = models.BooleanField(_("verwittig me per e-mail"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("voorkeuren berichtenbox")
        verbose_name_plural = _("voorkeuren berichtenbox")

    def __str__(self):
        return str(self.resident)

    @property
    def wants_email(self) -> bool:
        return self.notify_by_email and bool(self.email)
