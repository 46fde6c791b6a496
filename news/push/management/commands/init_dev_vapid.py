"""Generate the development VAPID key once (./thuisloket up runs this; production sets its own key)."""
from django.core.management.base import BaseCommand

from ... import vapid


class Command(BaseCommand):
    help = "Create var/keys/vapid-private.pem (P-256) for Web Push in development, unless it exists."

    def handle(self, *args, **options):
        path, created = vapid.generate_dev_key()
        vapid.reset_caches()
        if options["verbosity"]:
            state = "created" if created else "already there"
            public = vapid.public_key_b64(vapid.load_key(str(path)))
            self.stdout.write(f"VAPID key {state}: {path} (public key {public})")
