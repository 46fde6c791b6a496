"""Generate the quick start's secrets once, under var/keys/ (the dev settings read them)."""
import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from common.development import is_development

KEYS = ("secret_key", "nrn_hash_key", "devidp_client_secret")


class Command(BaseCommand):
    help = "Create var/keys/ with the development secrets, keeping any that exist."

    def handle(self, *args, **options):
        if not is_development():
            raise CommandError("Development keys are for the quick start only (DEBUG is off).")
        folder = settings.VAR_DIR / "keys"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        for name in KEYS:
            path = folder / name
            if path.exists():
                continue
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
            self.stdout.write(f"generated {path.relative_to(settings.BASE_DIR)}")
