"""The request page tells what comes next: the document itself when ready, the expected date while staff decide."""
from datetime import timedelta

import pytest

from certificates import pipeline, selectors, services
from certificates.models import CertificateRequest, IssuedCertificate
from certificates.states import Status
from mailbox.models import Document
from tests.certificates.test_requests import request_for_child, request_for_self
from tests.certificates.test_wizard import SARAH, sign_in_as

from .seal_fixtures import seal_keys, seal_settings  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.certificates.test_wizard")]  # its URLconf


@pytest.fixture
def sarah(client, oidc, demo_registry):
    return sign_in_as(client, oidc, SARAH)


def test_a_ready_request_links_straight_to_its_document_in_the_mailbox(sarah, seal_settings):
    request = request_for_self(SARAH)
    assert request.status == Status.ISSUING
    pipeline.issue(CertificateRequest.objects.get(pk=request.pk))
    document = Document.objects.get()
    issued = IssuedCertificate.objects.get(request=request)  # what a verifier will see of the holder
    assert issued.holder_name == f"{SARAH['given_name']} {SARAH['family_name']}"
    assert issued.holder_birth_year == SARAH["birth_date"].year
    link = f"/mijn/berichten/{document.message.public_id}/documenten/{document.public_id}/"
    page = sarah.get(f"/mijn/aanvragen/{request.public_id}/").content.decode()
    assert "data-document-link" in page and f'href="{link}"' in page
    assert "Download Attest van hoofdverblijfplaats" in page
    assert sarah.get(f"/mijn/aanvragen/{request.public_id}/status/").json()["document_url"] == link
    download = sarah.get(link)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"


def test_a_request_waiting_for_staff_shows_by_when_an_answer_comes(sarah):
    request = request_for_child(SARAH)
    expected = selectors.expected_decision(request)
    assert expected is not None and expected > request.created_at
    # The type's term (two working days) in the city's calendar: never a weekend, at least two days on.
    assert expected.weekday() < 5 and expected.date() >= (request.created_at + timedelta(days=2)).date()
    page = sarah.get(f"/mijn/aanvragen/{request.public_id}/").content.decode()
    assert "Je hebt uiterlijk op" in page and "data-document-link" not in page


def test_no_expected_date_once_staff_wait_for_the_resident(sarah, django_user_model):
    clerk = django_user_model.objects.create(username="clerk", is_staff=True)
    request = request_for_child(SARAH)
    services.ask_for_information(request, actor=clerk, question="Welke school?")
    request.refresh_from_db()
    assert selectors.expected_decision(request) is None
    assert "Je hebt uiterlijk op" not in sarah.get(f"/mijn/aanvragen/{request.public_id}/").content.decode()
