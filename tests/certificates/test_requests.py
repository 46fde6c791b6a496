"""'Mijn aanvragen': one's own requests, their status history, answering a question; nobody else's."""
import pytest
from django.test import Client

from certificates import services
from certificates.states import Status
from identity.models import Resident
from registry.selectors import access_records_about
from tests.certificates.test_wizard import PIETER, SARAH, children_of, sign_in_as
from tests.factories.identity import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.certificates.test_wizard")]  # its URLconf
HIGH_ACR = "urn:be:fedict:iam:fas:Level500"


def resident_of(persona) -> Resident:
    return Resident.objects.get(national_number=persona["national_number"])


def request_for_child(persona, *, type_code="household_composition"):
    child = children_of(persona)[0]
    return services.submit_request(requester=resident_of(persona), type_code=type_code, for_whom="minor_child",
                                   subject_number=child.national_number, subject_name=child.full_name, acr=HIGH_ACR)


def request_for_self(persona, *, type_code="main_residence"):
    return services.submit_request(requester=resident_of(persona), type_code=type_code, for_whom="self",
                                   subject_number=persona["national_number"],
                                   subject_name=f"{persona['given_name']} {persona['family_name']}", acr=HIGH_ACR)


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", is_staff=True, first_name="An", last_name="Baert")


@pytest.fixture
def sarah(client, oidc, demo_registry):
    return sign_in_as(client, oidc, SARAH)


@pytest.fixture
def pieter(oidc, demo_registry):
    return sign_in_as(Client(), oidc, PIETER)


def test_my_requests_lists_only_my_own(sarah, pieter):
    mine = request_for_child(SARAH)
    theirs = request_for_self(PIETER)
    page = sarah.get("/mijn/aanvragen/").content.decode()
    assert mine.reference in page
    assert "Attest van gezinssamenstelling" in page
    assert mine.subject_name in page
    assert str(Status.AWAITING_APPROVAL.label) in page
    assert theirs.reference not in page


def test_someone_elses_request_is_not_found(sarah, pieter):
    theirs = request_for_self(PIETER)
    assert sarah.get(f"/mijn/aanvragen/{theirs.public_id}/").status_code == 404
    assert sarah.get(f"/mijn/aanvragen/{theirs.public_id}/status/").status_code == 404
    assert sarah.post(f"/mijn/aanvragen/{theirs.public_id}/", {"answer": "hallo"}).status_code == 404
    assert pieter.get(f"/mijn/aanvragen/{theirs.public_id}/").status_code == 200


def test_detail_shows_the_history_and_a_refresh_link_without_javascript(sarah):
    request = request_for_child(SARAH)
    page = sarah.get(f"/mijn/aanvragen/{request.public_id}/").content.decode()
    assert str(Status.RECEIVED.label) in page and str(Status.AWAITING_APPROVAL.label) in page
    assert 'aria-live="polite"' in page
    assert "Vernieuwen" in page
    assert "js/requests.js" in page and "<script>" not in page  # no inline script (CSP)


def test_status_endpoint_gives_the_current_status_and_history(sarah):
    request = request_for_child(SARAH)
    data = sarah.get(f"/mijn/aanvragen/{request.public_id}/status/").json()
    assert data["status"] == Status.AWAITING_APPROVAL
    assert data["final"] is False
    assert [row["status"] for row in data["history"]] == [Status.RECEIVED, Status.AWAITING_APPROVAL]


def test_resident_answers_a_question_and_the_request_is_back_in_the_queue(sarah, clerk):
    request = request_for_child(SARAH)
    services.ask_for_information(request, actor=clerk, question="Mag ik een kopie van het vonnis over het gezag?")
    url = f"/mijn/aanvragen/{request.public_id}/"
    page = sarah.get(url).content.decode()
    assert "Mag ik een kopie van het vonnis over het gezag?" in page
    assert str(Status.INFO_REQUESTED.label) in page

    empty = sarah.post(url, {"answer": "  "})
    assert "Schrijf je antwoord of voeg een document toe." in empty.content.decode()
    response = sarah.post(url, {"answer": "Het vonnis zit in bijlage bij mijn mail."}, follow=True)
    assert "je antwoord is verstuurd" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL
    assert request.info_answer == "Het vonnis zit in bijlage bij mijn mail."
    assert "Antwoord versturen" not in sarah.get(url).content.decode()


def test_a_refusal_and_its_reason_show_on_the_detail_page(sarah, clerk):
    request = request_for_child(SARAH)
    services.refuse(request, actor=clerk, reason="De volmacht is niet geldig of onleesbaar.")
    page = sarah.get(f"/mijn/aanvragen/{request.public_id}/").content.decode()
    assert str(Status.REFUSED.label) in page
    assert "De volmacht is niet geldig of onleesbaar." in page
    assert "Vernieuwen" not in page  # final: nothing more to wait for
    assert sarah.get(f"/mijn/aanvragen/{request.public_id}/status/").json()["final"] is True


def test_requests_pages_need_a_resident(client, db):
    response = client.get("/mijn/aanvragen/")
    assert response.status_code == 302 and response["Location"].startswith("/aanmelden/")
    clerk = UserFactory(username="clerk2", is_staff=True)
    client.force_login(clerk)
    assert client.get("/mijn/aanvragen/").status_code == 403


def test_reading_my_requests_reads_no_registry_data_about_others(sarah):
    request_for_child(SARAH)
    before = list(access_records_about(children_of(SARAH)[0].national_number))
    sarah.get("/mijn/aanvragen/")
    assert list(access_records_about(children_of(SARAH)[0].national_number)) == before
