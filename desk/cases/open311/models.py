"""The apps that may post reports through Open311: one API key each, stored only as a hash (see keys.py)."""
from django.db import models
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    """An Open311 app allowed to post reports; only a hash of its key is kept."""

    name = models.CharField(_("naam"), max_length=200)
    key_prefix = models.CharField(max_length=8, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Open311-sleutel")
        verbose_name_plural = _("Open311-sleutels")

    def __str__(self):
        return f"{self.name} ({self.key_prefix}…)"
