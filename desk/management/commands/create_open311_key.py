"""Create an Open311 API key for an app and print it once (only its hash is stored)."""
from django.core.management.base import BaseCommand, CommandError

from desk.cases.open311.keys import create_api_client


class Command(BaseCommand):
    help = "Create an Open311 API key for an app. The key is printed once; only its hash is stored."

    def add_arguments(self, parser):
        parser.add_argument("name", help="Name of the app or organisation that gets the key.")
        parser.add_argument("--contact", default="", help="Who to contact about this app (e-mail or phone).")

    def handle(self, *args, name, contact, **options):
        name = name.strip()
        if not name:
            raise CommandError("Give the app a name.")
        client, key = create_api_client(name=name[:200], contact=contact[:300])
        self.stdout.write(f"Open311 API key for {client.name} (id {client.pk}, prefix {client.key_prefix}):")
        self.stdout.write(key)
        self.stdout.write("Store it now: it is not shown again. "
                          "To revoke it, set this ApiClient inactive (is_active = False).")
