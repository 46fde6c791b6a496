"""The contact desk's demo: departments, categories, response matrix v1, routing, standard answers and
about forty demo cases (idempotent). Development only, like create_demo_staff."""

from django.core.management.base import BaseCommand, CommandError

from common.development import is_development
from desk.demo_cases import load_demo_cases


class Command(BaseCommand):
    help = ("Laad de demo van het contactcenter: diensten, categorieën, antwoordmatrix v1, routering, "
            "standaardantwoorden en een veertigtal demodossiers (alleen als er nog geen dossiers zijn). "
            "Alleen met DEBUG aan.")

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=None, help="seed of the demo cases (default 1777)")

    def handle(self, *args, seed=None, **options):
        if not is_development():
            raise CommandError("load_desk_demo maakt demodossiers aan: alleen voor ontwikkeling (DEBUG=True).")
        made = load_demo_cases(**({"seed": seed} if seed is not None else {}))
        if made:
            self.stdout.write(self.style.SUCCESS(f"Contactcenter klaar: {made} demodossiers aangemaakt."))
        else:
            self.stdout.write("Contactcenter klaar: configuratie bijgewerkt; er waren al dossiers.")
