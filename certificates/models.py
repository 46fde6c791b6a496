import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.history import AppendOnlyModel

from . import types
from .states import Status
from .types import ActFormat, ForWhom


def answer_attachment_path(instance, filename: str) -> str:
    """A random name in the storage: never the resident's own file name (it may hold personal data)."""
    suffix = ".pdf" if filename.endswith(".pdf") else ".jpg"
    return f"answers/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class CertificateRequest(models.Model):
    """A resident's request for one certificate. Its ``status`` is changed only by services.transition."""

    class Delivery(models.TextChoices):
        MAILBOX = "mailbox", _("in mijn berichtenbox op het Thuisloket")
        PICKUP = "pickup", _("ophalen aan het loket (ook in mijn berichtenbox)")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("referentie"), max_length=20, unique=True)
    type_code = models.CharField(_("soort attest"), max_length=60, db_index=True)
    requester = models.ForeignKey("identity.Resident", on_delete=models.PROTECT, related_name="certificate_requests")
    for_whom = models.CharField(_("voor wie"), max_length=20, choices=ForWhom.choices)
    # The person the certificate is about: the number is needed to gather register data in the worker.
    subject_number = models.CharField(max_length=11)
    subject_name = models.CharField(_("over wie"), max_length=300)
    act_format = models.CharField(_("vorm"), max_length=20, choices=ActFormat.choices, blank=True)
    purpose = models.CharField(_("doel"), max_length=300, blank=True)
    recipient = models.CharField(_("bestemmeling"), max_length=300, blank=True)
    use_abroad = models.BooleanField(_("voor gebruik in het buitenland"), default=False)
    abroad_country = models.CharField(_("land"), max_length=100, blank=True)
    delivery = models.CharField(_("levering"), max_length=20, choices=Delivery.choices, default=Delivery.MAILBOX)
    mandate = models.FileField(_("volmacht"), upload_to="mandates/%Y/%m/", blank=True)
    sign_in_acr = models.CharField(max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.RECEIVED,
                              db_index=True)
    needs_staff = models.BooleanField(default=False)
    decision_reason = models.TextField(_("reden"), blank=True)  # shown to the resident on refusal
    info_question = models.TextField(_("vraag aan de inwoner"), blank=True)
    info_answer = models.TextField(_("antwoord van de inwoner"), blank=True)
    # A file the resident sent with the answer (a cleaned copy: certificates.mandates), for staff only.
    info_attachment = models.FileField(_("bijlage bij het antwoord"), upload_to=answer_attachment_path, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)  # technical, for staff; never shown to residents
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("aanvraag attest")
        verbose_name_plural = _("aanvragen attesten")
        permissions = [("decide_certificate_request", _("Mag aanvragen van attesten goedkeuren of weigeren"))]

    def __str__(self):
        return self.reference

    @property
    def certificate_type(self):
        return types.get(self.type_code)


class StatusChange(AppendOnlyModel):
    """Append-only history of a request's status (what the resident follows in 'Mijn aanvragen')."""

    request = models.ForeignKey(CertificateRequest, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=30, choices=Status.choices)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    public_note = models.TextField(blank=True)  # e.g. the refusal reason; the resident reads it

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.from_status or '-'} → {self.to_status}"


class IssuedCertificate(models.Model):
    """The sealed PDF issued for a request: one per request (the pipeline's idempotency anchor)."""

    request = models.OneToOneField(CertificateRequest, on_delete=models.PROTECT, related_name="issued")
    verification_code = models.CharField(max_length=20, unique=True)
    type_code = models.CharField(max_length=60)
    issued_at = models.DateTimeField()
    valid_until = models.DateField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    # What a verifier with the code may see to match the document to its holder (see the privacy statement):
    # the name as printed and the birth year, never the national number, the birth date or the address.
    holder_name = models.CharField(max_length=300, blank=True)
    holder_birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    pdf = models.FileField(upload_to="certificates/%Y/%m/")
    delivered_at = models.DateTimeField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.verification_code


class WizardDraft(models.Model):
    """A wizard in progress, kept per resident and type so that it survives a session expiry."""

    requester = models.ForeignKey("identity.Resident", on_delete=models.CASCADE, related_name="certificate_drafts")
    type_code = models.CharField(max_length=60)
    data = models.JSONField(default=dict)
    current_step = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["requester", "type_code"], name="one_draft_per_type")]

    def __str__(self):
        return f"{self.type_code} ({self.current_step})"


class WizardUpload(models.Model):
    """A cleaned file waiting in an unfinished wizard (today: the mandate), counted against the resident's quota
    and removed when the step is posted again, the wizard ends or the draft is purged."""

    requester = models.ForeignKey("identity.Resident", on_delete=models.CASCADE, related_name="wizard_uploads")
    type_code = models.CharField(max_length=60)
    step = models.CharField(max_length=40)
    name = models.CharField(max_length=255, unique=True)  # in the default storage
    size = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self):
        return self.name
