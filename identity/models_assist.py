"""Digital inclusion: sessions in which a volunteer helps a resident, and computers shared by the public.

Kept in a module of their own (imported at the bottom of identity.models) so identity.models stays small.
An assisted session stores no resident: the programme reports anonymous figures, and the audit trail
(registry AccessRecord, assisted_by) is where a resident sees who helped them.
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AssistPurpose", "AssistedSession", "PublicComputer"]


class AssistPurpose(models.TextChoices):
    CERTIFICATE = "certificate", _("Een attest aanvragen")
    REPORT = "report", _("Iets melden")
    MAILBOX = "mailbox", _("Berichten lezen")
    DATA = "data", _("Gegevens bekijken")
    OTHER = "other", _("Iets anders")


class PublicComputer(models.Model):
    """A computer that staff marked as shared by the public (its browser carries a signed cookie)."""

    label = models.CharField(_("naam of plaats"), max_length=200)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="+", verbose_name=_("ingesteld door"))
    enrolled_at = models.DateTimeField(_("ingesteld op"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("publieke computer")
        verbose_name_plural = _("publieke computers")
        ordering = ["-enrolled_at"]

    def __str__(self):
        return self.label


class AssistedSession(models.Model):
    """A volunteer helps someone at a computer. No resident identity: figures stay anonymous."""

    volunteer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                  related_name="assisted_sessions", verbose_name=_("vrijwilliger"))
    purpose = models.CharField(_("waarvoor"), max_length=20, choices=AssistPurpose.choices)
    location = models.CharField(_("plaats of computer"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("begonnen"), auto_now_add=True, db_index=True)
    ended_at = models.DateTimeField(_("geëindigd"), null=True, blank=True)
    resident_signed_in = models.BooleanField(_("inwoner meldde zich aan"), default=False)

    class Meta:
        verbose_name = _("begeleide sessie")
        verbose_name_plural = _("begeleide sessies")
        ordering = ["-started_at"]

    def __str__(self):
        return f"{self.get_purpose_display()} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def volunteer_first_name(self) -> str:
        volunteer = self.volunteer
        if volunteer is None:
            return ""
        return volunteer.first_name or volunteer.get_username()
