"""'Wie raadpleegde mijn gegevens': one's own reads on one line per day, every read by staff on its own line."""
import pytest

from identity.models import Resident
from registry import services as registry
from registry.demo import sign_in_personas
from tests.factories.identity import UserFactory

from .oidc_helpers import sign_in

pytestmark = pytest.mark.django_db
ME = sign_in_personas()[0]


@pytest.fixture
def resident(client, oidc, demo_registry):
    response, _ = sign_in(client, oidc, national_number=ME["national_number"])
    assert response.status_code == 302
    return client


def test_own_reads_in_an_assisted_session_are_one_line_and_staff_reads_stay_one_by_one(resident):
    me = Resident.objects.get(national_number=ME["national_number"]).user
    volunteer = UserFactory(username="vrijwilliger", first_name="Jan", last_name="Helper")
    clerk = UserFactory(username="clerk", first_name="An", last_name="Peeters", is_staff=True)
    assisted = registry.Access.volunteer_assisted(me, volunteer, "Een attest aanvragen")
    number = ME["national_number"]
    for _view in range(3):  # three views of "Mijn gegevens": four reads each
        registry.get_person(number, access=assisted)
        registry.get_household(number, access=assisted)
        registry.get_address_history(number, access=assisted)
        registry.get_nationalities(number, access=assisted)
    staff = registry.Access.staff(clerk, "beoordeling aanvraag AV-2026-TEST01")
    registry.get_person(number, access=staff)
    registry.get_household(number, access=staff)

    page = resident.get("/mijn/raadplegingen/").content.decode()
    body = page.split("<tbody>")[1]
    assert body.count("<tr") == 3  # one line for my own day, two for the clerk's reads
    assert body.count("Jijzelf") == 1 and "geholpen door Vrijwilliger digitale hulp (Jan Helper)" in body
    assert "Je bekeek je gegevens op het Thuisloket." in body  # what was read, not only the session's purpose
    own_line = body.split("consultation-own")[1].split("</tr>")[0]
    for category in ("persoonsgegevens", "gezinssamenstelling", "adressen van vroeger", "nationaliteit"):
        assert category.lower() in own_line.lower(), category
    assert body.count("beoordeling aanvraag AV-2026-TEST01") == 2


def test_one_automatic_job_is_one_line_listing_what_it_read(resident):
    number = ME["national_number"]
    job = registry.Access.system("attest AV-2026-TEST02")
    registry.get_person(number, access=job)
    registry.get_nationalities(number, access=job)
    registry.get_person(number, access=job)
    body = resident.get("/mijn/raadplegingen/").content.decode().split("<tbody>")[1]
    assert body.count("<tr") == 1 and body.count("attest AV-2026-TEST02") == 1
    assert "persoonsgegevens, nationaliteit" in body
