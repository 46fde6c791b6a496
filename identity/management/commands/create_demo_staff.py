"""Demo staff accounts for the quick start. Development only: it refuses to run with DEBUG off."""
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from common.development import is_development
from identity.staff import roles

DEFAULT_PASSWORD = "Thuisloket-demo-2026"

# username: (first name, last name, role, superuser)
DEMO_STAFF = {
    "burgerzaken": ("Bart", "Burgerzaken", roles.CIVIL_AFFAIRS, False),
    "balie": ("Bea", "Balie", roles.DESK_AGENT, False),
    "verlichting": ("Vera", "Verlichting", roles.DEPARTMENT_STAFF, False),
    "vrijwilliger": ("Victor", "Vrijwilliger", roles.VOLUNTEER, False),
    "beheerder": ("Berta", "Beheerder", roles.ADMINISTRATOR, True),
    # Two communication staff: a news post is approved (and a fast-lane crisis checked) by a second person.
    "communicatie": ("Carla", "Communicatie", roles.COMMUNICATION, False),
    "communicatie2": ("Cas", "Communicatie", roles.COMMUNICATION, False),
}


class Command(BaseCommand):
    help = ("Maak de demo-medewerkers aan (burgerzaken, balie, verlichting, vrijwilliger, beheerder, communicatie, "
            "communicatie2) met het "
            "wachtwoord uit DEMO_STAFF_PASSWORD. Alleen met DEBUG aan. De tweede factor stel je in bij "
            "de eerste aanmelding.")

    def handle(self, *args, **options):
        if not is_development():
            raise CommandError("create_demo_staff maakt accounts met een bekend wachtwoord: "
                               "alleen voor ontwikkeling (DEBUG=True).")
        password = os.environ.get("DEMO_STAFF_PASSWORD") or DEFAULT_PASSWORD
        User = get_user_model()
        with transaction.atomic():
            for username, (first_name, last_name, role, superuser) in DEMO_STAFF.items():
                group = Group.objects.filter(name=role).first()
                if group is None:
                    raise CommandError(f"De rol {role!r} bestaat niet: voer eerst 'migrate' uit.")
                user, created = User.objects.get_or_create(username=username)
                user.first_name, user.last_name = first_name, last_name
                user.is_staff = True  # volunteers too, for now: they sign in with 2FA like staff
                user.is_active = True
                user.is_superuser = superuser
                user.set_password(password)
                user.save()
                user.groups.add(group)
                self.stdout.write(f"{'aangemaakt' if created else 'bijgewerkt'}: {username} ({role})")
        self.stdout.write(self.style.SUCCESS(
            "Demo-medewerkers klaar. Meld je aan op /balie/aanmelden/ en stel je authenticator-app in."))
