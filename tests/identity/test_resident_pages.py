"""'Mijn gegevens' shows one's own register data; 'Wie raadpleegde mijn gegevens' shows who read it."""
import pytest

from registry import services as registry
from registry.demo import sign_in_personas
from tests.factories.identity import UserFactory

from .oidc_helpers import sign_in

pytestmark = pytest.mark.django_db
ME, SOMEONE_ELSE = sign_in_personas()[0], sign_in_personas()[1]


@pytest.fixture
def resident(client, oidc, demo_registry):
    response, _ = sign_in(client, oidc, national_number=ME["national_number"])
    assert response.status_code == 302
    return client


def test_my_data_shows_household_and_address_history(resident):
    page = resident.get("/mijn/gegevens/").content.decode()
    household = registry.get_household(ME["national_number"], access=registry.Access.system("test"))
    for member in household.members:
        assert member.person.family_name in page
    assert "Waar ik woonde" in page
    assert SOMEONE_ELSE["family_name"] not in page or SOMEONE_ELSE["family_name"] == ME["family_name"]


def test_reading_my_own_data_leaves_no_audit_entry(resident):
    resident.get("/mijn/gegevens/")
    page = resident.get("/mijn/raadplegingen/").content.decode()
    assert "Niemand heeft je gegevens geraadpleegd" in page


def test_a_staff_read_about_me_shows_who_when_and_why(resident):
    clerk = UserFactory(username="clerk", is_staff=True, first_name="An", last_name="Peeters")
    registry.get_household(ME["national_number"], access=registry.Access.staff(clerk, "aanvraag attest"))
    registry.get_person(SOMEONE_ELSE["national_number"], access=registry.Access.staff(clerk, "controle adres"))
    page = resident.get("/mijn/raadplegingen/").content.decode()
    assert "An Peeters" in page
    assert "aanvraag attest" in page
    assert "gezinssamenstelling" in page
    assert "controle adres" not in page  # someone else's consultation is not mine to see


def test_staff_accounts_have_no_resident_pages(client, db):
    clerk = UserFactory(username="clerk2", is_staff=True)
    client.force_login(clerk)
    assert client.get("/mijn/gegevens/").status_code == 403


def test_resident_pages_need_sign_in(client, db):
    response = client.get("/mijn/gegevens/")
    assert response.status_code == 302
    assert response["Location"].startswith("/aanmelden/")
