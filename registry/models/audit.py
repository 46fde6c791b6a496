from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.history import AppendOnlyModel, AppendOnlyQuerySet
from registry.choices import AccessRole, DataCategory


class AccessRecord(AppendOnlyModel):
    """Who read which registry data about whom, and why. Append-only: rows are never changed."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    # A keyed hash, never the national number itself (registry.keys.subject_key).
    subject_key = models.CharField(_("sleutel van de betrokkene"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("geraadpleegd door"), max_length=200)
    role = models.CharField(_("hoedanigheid"), max_length=30, choices=AccessRole.choices)
    purpose = models.CharField(_("doel"), max_length=500, blank=True)
    category = models.CharField(_("geraadpleegde gegevens"), max_length=60, choices=DataCategory.choices)
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assisted_by_label = models.CharField(_("geholpen door"), max_length=200, blank=True)

    # Bulk paths bypass save()/delete(), so they are closed too.
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("raadpleging")
        verbose_name_plural = _("raadplegingen")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["subject_key", "-at"], name="registry_access_subject_at")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.category}"
