from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Everyone who signs in: residents (through OIDC, no password) and staff (password + TOTP)."""

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")


class Resident(models.Model):
    """A person who signed in through the city's identity provider.

    Found by a keyed hash of the national number, never by the IdP's ``sub`` (itsme gives every
    partner a different one). The number itself is kept because the registry is queried by it; it is
    never written to logs (identity.logging) and shown masked.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="resident")
    nrn_hash = models.CharField(_("sleutel rijksregisternummer"), max_length=64, unique=True)
    national_number = models.CharField(_("rijksregisternummer"), max_length=11)
    given_name = models.CharField(_("voornaam"), max_length=200, blank=True)
    family_name = models.CharField(_("familienaam"), max_length=200, blank=True)
    preferred_language = models.CharField(_("taal"), max_length=5, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_sign_in_at = models.DateTimeField(null=True, blank=True)
    last_sign_in_acr = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("inwoner")
        verbose_name_plural = _("inwoners")
        permissions = [("view_register_data", _("Mag registergegevens raadplegen"))]

    def __str__(self):
        return f"{self.given_name} {self.family_name}".strip() or str(self.user)


from .models_assist import *  # noqa: E402, F401, F403
