from django.conf import settings
from django.db import models


class DemoSignIn(models.Model):
    """The choice made on the login page, read when DOT issues tokens server to server.

    One row per provider user; a user stands for one persona signed in with one means and one
    claim profile, so the claims cannot change between the authorisation and the token request.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="demo_sign_in"
    )
    persona_key = models.CharField(max_length=40)
    national_number = models.CharField(max_length=11, blank=True)
    given_name = models.CharField(max_length=100, blank=True)
    family_name = models.CharField(max_length=100, blank=True)
    birth_date = models.CharField(max_length=10, blank=True)
    profile = models.CharField(max_length=20)
    means = models.CharField(max_length=20)
    chosen_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user.username} ({self.profile}, {self.means})"


class FullProfileClient(models.Model):
    """A client that uses itsme's full profile (devidp.full_profile): private_key_jwt, an encrypted request
    object, encrypted ID token and userinfo. Its public keys are read from ``jwks_uri``."""

    client_id = models.CharField(max_length=100, unique=True)
    jwks_uri = models.URLField()

    def __str__(self):
        return f"{self.client_id} (itsme, volledig profiel)"
