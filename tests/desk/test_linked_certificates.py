"""A certificate request shows in the contact desk as one case that follows the request's status."""
import pytest
from django.db import transaction

from certificates import services as certificates
from certificates.models import CertificateRequest
from certificates.states import Status
from desk.cases import selectors
from desk.models import Case
from desk.states import Channel, EventKind, Kind, State
from identity.services import sign_in_resident
from registry.demo import sign_in_personas
from tests.factories.identity import UserFactory

pytestmark = pytest.mark.django_db

STRONG = "urn:be:fedict:iam:fas:Level500"
WEAK = "urn:be:fedict:iam:fas:Level200"  # a password sign-in: a staff member decides


@pytest.fixture
def resident(demo_registry):
    persona = sign_in_personas()[0]
    with transaction.atomic():
        user = sign_in_resident(national_number=persona["national_number"], given_name=persona["given_name"],
                                family_name=persona["family_name"], acr=STRONG)
    return user.resident


@pytest.fixture
def clerk(db):
    return UserFactory(username="clerk", is_staff=True)


def submit(resident, acr=WEAK):
    return certificates.submit_request(requester=resident, type_code="household_composition", for_whom="self",
                                       subject_number=resident.national_number, subject_name=str(resident), acr=acr)


def case_of(request):
    return Case.objects.get(linked_ref=f"certificate-request:{request.public_id}")


def test_submitting_a_request_opens_exactly_one_case_for_the_resident(desk_config, resident):
    request = submit(resident)

    case = Case.objects.get()
    assert case == case_of(request)
    assert (case.kind, case.channel, case.resident) == (Kind.REQUEST, Channel.PORTAL, resident)
    assert case.title == "Attest van gezinssamenstelling"
    assert case.reference == request.reference  # one reference per request, in the desk too
    assert case.linked_url == f"/mijn/aanvragen/{request.public_id}/"
    assert case.state == State.IN_PROGRESS
    assert case.linked_status == str(Status.AWAITING_APPROVAL.label)
    assert case.department.code == "burgerzaken"  # the matrix row for requests on the portal
    assert case.resolution_due is not None


def test_the_case_appears_among_the_residents_cases(desk_config, resident):
    request = submit(resident)
    assert list(selectors.cases_of_resident(resident)) == [case_of(request)]
    assert selectors.case_visible_to_resident(resident, case_of(request).reference) is not None


def test_approving_and_issuing_resolve_the_case(desk_config, resident, clerk):
    request = submit(resident)
    certificates.approve(request, actor=clerk)
    case = case_of(request)
    assert case.state == State.IN_PROGRESS
    assert case.linked_status == str(Status.ISSUING.label)

    certificates.transition(CertificateRequest.objects.get(pk=request.pk), Status.READY)

    case.refresh_from_db()
    assert case.state == State.RESOLVED
    assert case.linked_status == str(Status.READY.label)
    assert case.public_note == str(Status.READY.label)
    assert case.closed_at is not None
    assert case.events.filter(kind=EventKind.RESOLVED).count() == 1


def test_a_request_issued_at_once_resolves_its_case(desk_config, resident):
    request = submit(resident, acr=STRONG)  # own data, strong sign-in: issued without staff
    assert case_of(request).state == State.IN_PROGRESS
    certificates.transition(CertificateRequest.objects.get(pk=request.pk), Status.READY)
    assert case_of(request).state == State.RESOLVED


def test_a_refusal_closes_the_case_with_the_reason_as_public_note(desk_config, resident, clerk):
    request = submit(resident)
    certificates.refuse(request, actor=clerk, reason="Je woont niet op dit adres.")

    case = case_of(request)
    assert case.state == State.CLOSED_UNRESOLVED
    assert case.public_note == "Je woont niet op dit adres."
    assert case.linked_status == str(Status.REFUSED.label)


def test_a_question_waits_for_the_resident_and_the_answer_puts_it_back(desk_config, resident, clerk):
    request = submit(resident)
    certificates.ask_for_information(request, actor=clerk, question="Welk adres bedoel je?")
    case = case_of(request)
    assert case.state == State.WAITING_RESIDENT
    assert case.public_note == "Welk adres bedoel je?"

    certificates.answer_information(CertificateRequest.objects.get(pk=request.pk), answer="Kerkstraat 12")
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS
    assert case.linked_status == str(Status.AWAITING_APPROVAL.label)


def test_a_failed_issue_keeps_the_case_in_progress_with_its_label(desk_config, resident, clerk):
    request = submit(resident)
    certificates.approve(request, actor=clerk)
    certificates.transition(CertificateRequest.objects.get(pk=request.pk), Status.FAILED)
    case = case_of(request)
    assert case.state == State.IN_PROGRESS
    assert case.linked_status == str(Status.FAILED.label)
    assert case.events.filter(kind=EventKind.LINKED_UPDATE).count() == 4  # awaiting, approved, issuing, failed


def test_the_request_and_its_case_are_saved_together_or_not_at_all(desk_config, resident, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("desk unavailable")

    monkeypatch.setattr("desk.cases.services.open_linked_case", broken)
    with pytest.raises(RuntimeError):
        submit(resident)
    assert not CertificateRequest.objects.exists()
    assert not Case.objects.exists()


def test_it_works_without_a_desk_configuration(resident):
    request = submit(resident)
    case = case_of(request)
    assert case.department is None and case.resolution_due is None
    assert case.state == State.IN_PROGRESS


def test_the_linked_case_sends_no_desk_notifications(desk_config, resident, clerk, mailoutbox):
    from desk.notifications.tasks import notify_case_update
    from mailbox.models import Message

    request = submit(resident)
    certificates.refuse(request, actor=clerk, reason="Geen recht.")
    for event in case_of(request).events.filter(is_public=True):
        notify_case_update(event.pk)
    # Only the certificates app's own message about the refusal reaches the mailbox.
    assert not Message.objects.filter(source_ref__startswith="desk:").exists()
    assert not mailoutbox


def test_a_very_long_refusal_reason_is_shortened_on_the_case_only(desk_config, resident, clerk):
    request = submit(resident)
    reason = "Het adres klopt niet. " * 300
    certificates.refuse(request, actor=clerk, reason=reason)
    assert CertificateRequest.objects.get(pk=request.pk).decision_reason == reason
    case = case_of(request)
    assert case.state == State.CLOSED_UNRESOLVED
    assert len(case.public_note) <= 4000 and case.public_note.endswith("…")
