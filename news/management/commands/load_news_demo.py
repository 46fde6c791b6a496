"""Demo news posts for the quick start (idempotent): ``manage.py load_news_demo [--met-crisis]``."""
from django.core.management.base import BaseCommand

from news.demo import load_news_demo


class Command(BaseCommand):
    help = ("Laad demo-nieuws: enkele berichten van de voorbije weken, een dienstverleningsbericht, een ingepland "
            "bericht, een concept en een voorbije crisis. Met --met-crisis ook een crisis die nu loopt.")

    def add_arguments(self, parser):
        parser.add_argument("--met-crisis", action="store_true", help="Voeg een actieve crisis toe (banner).")

    def handle(self, *args, **options):
        posts = load_news_demo(active_crisis=options["met_crisis"])
        self.stdout.write(self.style.SUCCESS(f"Demo-nieuws klaar: {len(posts)} berichten."))
