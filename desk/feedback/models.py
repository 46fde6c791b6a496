"""Satisfaction feedback after a case closes (Signalen's KTO): one question per closing, one answer.

A ``Feedback`` row is made in the same transaction as the closing it asks about (``closing_event``, one to
one: never two for the same closing; a case reopened and closed again gets a new one). The resident opens
a one-time link that works DESK_FEEDBACK_DAYS days. The database keeps only a hash of the link's token;
the token itself is an HMAC of a random nonce under the SECRET_KEY, so the notification task can rebuild
the link when it retries, while a copy of the database alone cannot.
"""
from __future__ import annotations

import base64

from django.db import models
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

TOKEN_SALT = "desk.feedback.token"


def token_for(nonce: str) -> str:
    digest = salted_hmac(TOKEN_SALT, nonce, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


class FeedbackReason(models.Model):
    """A standard answer residents tick: shown for "yes, satisfied" or for "no, not satisfied"."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    text = models.CharField(_("tekst"), max_length=200)
    text_fr = models.CharField(_("tekst (Frans)"), max_length=200, blank=True)
    text_en = models.CharField(_("tekst (Engels)"), max_length=200, blank=True)
    for_satisfied = models.BooleanField(
        _("bij tevreden"), default=False,
        help_text=_("Aangevinkt: de reden staat bij 'ja, tevreden'. Niet aangevinkt: bij 'nee, niet tevreden'."))
    reopens_when_unhappy = models.BooleanField(
        _("vraagt om te heropenen"), default=False,
        help_text=_("Kiest een ontevreden inwoner deze reden, dan krijgt de melding de status 'vraag om te "
                    "heropenen' en beslist een medewerker."))
    order = models.PositiveIntegerField(_("volgorde"), default=0)
    is_visible = models.BooleanField(_("zichtbaar"), default=True)

    class Meta:
        ordering = ["-for_satisfied", "order", "pk"]
        verbose_name = _("reden van (on)tevredenheid")
        verbose_name_plural = _("redenen van (on)tevredenheid")

    def __str__(self):
        return self.text

    def label(self, language: str | None = None) -> str:
        language = (language or translation.get_language() or "nl")[:2]
        return {"fr": self.text_fr, "en": self.text_en}.get(language) or self.text


class Feedback(models.Model):
    """The question sent with one closing of a case, and the resident's answer (once)."""

    class Reach(models.TextChoices):
        MAILBOX = "mailbox", _("berichtenbox")
        EMAIL = "email", _("e-mail")
        CONVERSATION = "chat", _("chat- of WhatsApp-gesprek")

    case = models.ForeignKey("desk.Case", on_delete=models.CASCADE, related_name="feedback",
                             verbose_name=_("dossier"))
    # The STATE_CHANGED event of the closing this asks about (one to one: never two for one closing).
    closing_event = models.OneToOneField("desk.CaseEvent", on_delete=models.CASCADE, related_name="feedback")
    nonce = models.CharField(max_length=32, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    reach = models.CharField(_("verstuurd via"), max_length=10, choices=Reach.choices)
    channel = models.CharField(_("kanaal"), max_length=20, blank=True)  # the case's channel at closing
    language = models.CharField(_("taal"), max_length=5, default="nl")
    created_at = models.DateTimeField(_("gevraagd op"), db_index=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    satisfied = models.BooleanField(_("tevreden"), null=True, blank=True)
    reasons = models.ManyToManyField(FeedbackReason, blank=True, related_name="+", verbose_name=_("redenen"))
    text = models.TextField(_("toelichting"), blank=True)
    allows_contact = models.BooleanField(_("mag gecontacteerd worden"), null=True, blank=True)
    reopen_requested = models.BooleanField(_("vraag om te heropenen"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tevredenheidsvraag")
        verbose_name_plural = _("tevredenheidsvragen")
        indexes = [models.Index(fields=["case", "-created_at"], name="desk_feedback_case")]

    def __str__(self):
        return f"{self.case_id} {self.created_at:%Y-%m-%d}"

    @property
    def token(self) -> str:
        return token_for(self.nonce)

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    def is_expired(self, at=None) -> bool:
        return (at or timezone.now()) >= self.expires_at
