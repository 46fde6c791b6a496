"""The approval queue at /balie/attesten/: filters, order, decisions, audit, failed jobs, permission."""
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from certificates import services
from certificates.models import CertificateRequest
from certificates.states import Status
from identity import services as identity
from identity.staff import roles
from registry.selectors import access_records_about
from tests.certificates.test_wizard import PIETER, SARAH, children_of, sign_in_as
from tests.factories.identity import StaffUserFactory
from tests.identity.test_staff_helpers import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.certificates.test_wizard")]  # its URLconf
HIGH_ACR = "urn:be:fedict:iam:fas:Level500"
QUEUE = "/balie/attesten/"


def resident(persona):
    return identity.sign_in_resident(national_number=persona["national_number"], given_name=persona["given_name"],
                                     family_name=persona["family_name"], acr=HIGH_ACR).resident


def submit(persona, *, type_code="household_composition", child=0, days_old=0, **extra):
    person = children_of(persona)[child]
    request = services.submit_request(requester=resident(persona), type_code=type_code, for_whom="minor_child",
                                      subject_number=person.national_number, subject_name=person.full_name,
                                      acr=HIGH_ACR, **extra)
    if days_old:
        CertificateRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - timedelta(days=days_old))
    return request


def submit_for_self(persona, **extra):
    return services.submit_request(requester=resident(persona), type_code="main_residence", for_whom="self",
                                   subject_number=persona["national_number"], subject_name=persona["family_name"],
                                   acr="urn:be:fedict:iam:fas:Level200", **extra)  # low sign-in: staff decides


@pytest.fixture
def clerk(client, demo_registry):
    user = StaffUserFactory(username="clerk", role=roles.CIVIL_AFFAIRS, first_name="An", last_name="Baert")
    # roles.ensure_roles gives burgerzaken this permission; granted explicitly so the test says what it needs.
    user.user_permissions.add(Permission.objects.get(codename="decide_certificate_request"))
    sign_in(client, user)
    return client


def test_staff_without_the_permission_get_403(client, demo_registry):
    agent = StaffUserFactory(username="agent", role=roles.DESK_AGENT)
    sign_in(client, agent)
    request = submit(SARAH)
    assert client.get(QUEUE).status_code == 403
    assert client.get(f"{QUEUE}{request.public_id}/").status_code == 403
    assert client.post(f"{QUEUE}{request.public_id}/goedkeuren/").status_code == 403
    assert client.get(f"{QUEUE}mislukt/").status_code == 403
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL


def test_the_queue_needs_two_factors(client, demo_registry):
    response = client.get(QUEUE)
    assert response.status_code == 302 and response["Location"].startswith("/balie/aanmelden/")


def test_queue_lists_waiting_requests_oldest_first_and_filters(clerk):
    newest = submit(SARAH, child=0, days_old=1)
    oldest = submit(SARAH, child=1, days_old=10)
    other_type = submit(SARAH, type_code="main_residence", days_old=5)
    for_self = submit_for_self(PIETER)
    page = clerk.get(QUEUE).content.decode()
    positions = [page.index(r.reference) for r in (oldest, other_type, newest, for_self)]
    assert positions == sorted(positions)

    page = clerk.get(QUEUE, {"type": "household_composition"}).content.decode()
    assert oldest.reference in page and newest.reference in page and other_type.reference not in page
    page = clerk.get(QUEUE, {"older_than": 7}).content.decode()
    assert oldest.reference in page and newest.reference not in page and other_type.reference not in page
    page = clerk.get(QUEUE, {"for_whom": "self"}).content.decode()
    assert for_self.reference in page and oldest.reference not in page
    page = clerk.get(QUEUE, {"older_than": "veel"}).content.decode()  # a wrong filter is shown, not a crash
    assert "Er is een probleem" in page


def test_the_info_tab_lists_requests_waiting_for_the_resident(clerk):
    waiting = submit(SARAH, child=0)
    asked = submit(SARAH, child=1)
    clerk.post(f"{QUEUE}{asked.public_id}/vraag/", {"question": "Wie heeft het gezag?"})
    page = clerk.get(QUEUE, {"tab": "info"}).content.decode()
    assert asked.reference in page and waiting.reference not in page
    assert asked.reference not in clerk.get(QUEUE).content.decode()


def test_queue_is_paginated(clerk):
    from certificates import staff_views

    for index in range(staff_views.PAGE_SIZE + 1):
        submit(SARAH, child=index % 2)
    assert "Pagina 1 van 2" in clerk.get(QUEUE).content.decode()
    assert "Pagina 2 van 2" in clerk.get(QUEUE, {"pagina": 2}).content.decode()


def test_the_detail_page_shows_register_data_and_writes_an_audit_record(clerk):
    request = submit(SARAH)
    child = children_of(SARAH)[0]
    assert not access_records_about(child.national_number).exists()
    page = clerk.get(f"{QUEUE}{request.public_id}/").content.decode()
    assert child.full_name in page
    assert "je minderjarige kind" in page  # the relation, as the register knows it
    record = access_records_about(child.national_number).get()
    assert record.purpose == f"beoordeling aanvraag {request.reference}"
    assert "An Baert" in record.actor_label
    assert access_records_about(SARAH["national_number"]).filter(purpose=record.purpose).exists()


def test_approve_moves_the_request_to_issuing(clerk):
    request = submit(SARAH)
    response = clerk.post(f"{QUEUE}{request.public_id}/goedkeuren/")
    assert response.status_code == 302 and response["Location"] == QUEUE
    request.refresh_from_db()
    assert request.status == Status.ISSUING
    history = list(request.history.values_list("to_status", flat=True))
    assert history[-2:] == [Status.APPROVED, Status.ISSUING]
    assert request.history.last().actor.username == "clerk"
    # A second click finds it already handled, and changes nothing.
    response = clerk.post(f"{QUEUE}{request.public_id}/goedkeuren/", follow=True)
    assert "al behandeld" in response.content.decode()
    assert request.history.count() == len(history)


def test_approve_is_post_only(clerk):
    request = submit(SARAH)
    assert clerk.get(f"{QUEUE}{request.public_id}/goedkeuren/").status_code == 405


def test_refuse_needs_a_reason_and_the_resident_reads_it(clerk):
    request = submit(SARAH)
    response = clerk.post(f"{QUEUE}{request.public_id}/weigeren/", {"template_reason": "", "free_text": " "})
    assert response.status_code == 400
    assert "Kies een reden of schrijf een uitleg voor de inwoner." in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL

    clerk.post(f"{QUEUE}{request.public_id}/weigeren/",
               {"template_reason": "not_allowed", "free_text": "Het gezag ligt bij de andere ouder."})
    request.refresh_from_db()
    assert request.status == Status.REFUSED
    assert request.decision_reason == ("Je kan dit attest niet aanvragen voor deze persoon. "
                                       "Het gezag ligt bij de andere ouder.")
    assert request.history.last().public_note == request.decision_reason


def test_the_resident_sees_the_refusal_reason(clerk, oidc):
    request = submit(SARAH)
    clerk.post(f"{QUEUE}{request.public_id}/weigeren/", {"template_reason": "no_act"})
    sarah = sign_in_as(Client(), oidc, SARAH)
    page = sarah.get(f"/mijn/aanvragen/{request.public_id}/").content.decode()
    assert "Er is geen akte gekend." in page


def test_ask_for_information_needs_a_question(clerk):
    request = submit(SARAH)
    response = clerk.post(f"{QUEUE}{request.public_id}/vraag/", {"question": ""})
    assert response.status_code == 400 and "Schrijf de vraag voor de inwoner." in response.content.decode()
    clerk.post(f"{QUEUE}{request.public_id}/vraag/", {"question": "Wie heeft het gezag?"})
    request.refresh_from_db()
    assert request.status == Status.INFO_REQUESTED and request.info_question == "Wie heeft het gezag?"


def test_the_mandate_downloads_for_staff_only_and_is_never_cached(clerk, media_storage):
    mandate = SimpleUploadedFile("volmacht.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    request = submit_for_self(PIETER, mandate=mandate)
    page = clerk.get(f"{QUEUE}{request.public_id}/").content.decode()
    assert f"{QUEUE}{request.public_id}/volmacht/" in page
    response = clerk.get(f"{QUEUE}{request.public_id}/volmacht/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_failed_requests_can_be_retried(clerk):
    request = submit(SARAH)
    services.approve(request, actor=None)
    services.record_failure(request.pk, "OSError: seal certificate missing", final=True)
    page = clerk.get(f"{QUEUE}mislukt/").content.decode()
    assert request.reference in page and "seal certificate missing" in page
    response = clerk.post(f"{QUEUE}{request.public_id}/opnieuw/", follow=True)
    assert "wordt opnieuw aangemaakt" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.ISSUING and request.attempts == 0 and request.last_error == ""
    assert request.reference not in clerk.get(f"{QUEUE}mislukt/").content.decode()
