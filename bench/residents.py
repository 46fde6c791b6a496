"""The demo residents, signed in as the eID would sign them in: the requesters of the certificate benches."""
from __future__ import annotations

EID = "urn:be:fedict:iam:fas:Level500"


def signed_in_demo_residents() -> list:
    """Every living demo person as a signed-in resident, in national-number order (after django.setup())."""
    from django.db import transaction

    # Lazy: our apps load only after django.setup(), which the calling bench runs with its own environment.
    from identity.services import sign_in_resident
    from registry.models import Person

    residents = []
    for person in Person.objects.filter(death_date__isnull=True).order_by("national_number"):
        with transaction.atomic():  # sign_in_resident locks the resident row (select_for_update)
            user = sign_in_resident(national_number=person.national_number, given_name=person.given_names,
                                    family_name=person.family_name, acr=EID)
        residents.append(user.resident)
    return residents
