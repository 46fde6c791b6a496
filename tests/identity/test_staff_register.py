import pytest
from django.urls import reverse

from identity import nrn
from registry.models import AccessRecord, Person
from registry.selectors import access_records_about
from tests.factories.identity import StaffUserFactory

from .test_staff_helpers import sign_in

pytestmark = pytest.mark.django_db

LOOKUP = "/balie/register/"


@pytest.fixture
def someone(demo_registry):
    person = Person.objects.order_by("pk").first()
    assert person is not None, "the demo registry is empty"
    return person


def test_register_lookup_requires_reason_and_is_audited(client, someone):
    clerk = StaffUserFactory(username="bart", role="burgerzaken", first_name="Bart", last_name="Peeters")
    sign_in(client, clerk)
    number = someone.national_number
    assert client.get(LOOKUP).status_code == 200

    # Without a reason: refused, and nothing read.
    response = client.post(LOOKUP, {"national_number": nrn.formatted(number), "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    # "Andere" needs a word of explanation.
    response = client.post(LOOKUP, {"national_number": number, "reason": "andere", "reason_detail": " "})
    assert response.context["form"].errors["reason_detail"]
    assert not access_records_about(number).exists()

    response = client.post(LOOKUP, {"national_number": nrn.formatted(number), "reason": "adrescontrole",
                                    "reason_detail": "dossier 2026/17"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert someone.family_name in html
    assert nrn.formatted(number) in html

    records = list(access_records_about(number))
    assert {r.category for r in records} >= {"person", "household", "address_history"}
    assert all(r.actor_id == clerk.pk and r.role == "staff" for r in records)
    assert all(r.purpose == "controle adres: dossier 2026/17" for r in records)


def test_register_lookup_refuses_an_invalid_national_number(client, someone):
    clerk = StaffUserFactory(username="bart", role="burgerzaken")
    sign_in(client, clerk)
    response = client.post(LOOKUP, {"national_number": "85.07.30-033.29", "reason": "loket"})
    assert response.status_code == 200
    assert "geen geldig rijksregisternummer" in str(response.context["form"].errors["national_number"])
    assert AccessRecord.objects.count() == 0


def test_register_lookup_of_an_unknown_person_says_so(client, db):
    clerk = StaffUserFactory(username="bart", role="burgerzaken")
    sign_in(client, clerk)
    response = client.post(LOOKUP, {"national_number": "85073003328", "reason": "attest"})
    assert response.status_code == 200
    assert response.context["person"] is None
    assert "Niet gevonden" in response.content.decode()


def test_register_lookup_forbidden_without_permission(client, someone):
    for username, role in (("vera", "volunteer"), ("bea", "desk_agent")):
        user = StaffUserFactory(username=username, role=role)
        sign_in(client, user)
        assert client.get(LOOKUP).status_code == 403
        response = client.post(LOOKUP, {"national_number": someone.national_number, "reason": "loket"})
        assert response.status_code == 403
        client.post(reverse("identity:sign_out"))
    assert not access_records_about(someone.national_number).exists()


def test_register_lookup_needs_a_verified_sign_in(client, someone):
    clerk = StaffUserFactory(username="bart", role="burgerzaken")
    client.force_login(clerk)  # password only, no second factor
    response = client.post(LOOKUP, {"national_number": someone.national_number, "reason": "loket"})
    assert response.status_code == 302
    assert not access_records_about(someone.national_number).exists()
