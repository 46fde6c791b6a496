"""Each type's register rule: refused at once, in plain words, before anything is queued or retried."""
import pytest
from django.db import transaction
from django.urls import include, path

from certificates import eligibility, services, tasks, types
from certificates import gather as gathering
from certificates.models import CertificateRequest
from certificates.states import Status
from certificates.types import ForWhom
from identity.services import sign_in_resident
from portal import urls as portal_urls
from registry import services as registry
from registry.demo import sign_in_personas
from registry.models import AccessRecord, Person
from tests.identity.oidc_helpers import sign_in

urlpatterns = [path("mijn/aanvragen/", include("certificates.urls")), *portal_urls.urlpatterns]
pytestmark = pytest.mark.urls("tests.certificates.test_eligibility")

EID = "urn:be:fedict:iam:fas:Level500"
SARAH = sign_in_personas()[0]
DAAN = next(p for p in sign_in_personas() if p["description"] == "Nederlandse nationaliteit")


def resident_for(persona):
    with transaction.atomic():
        user = sign_in_resident(national_number=persona["national_number"], given_name=persona["given_name"],
                                family_name=persona["family_name"], acr=EID)
    return user.resident


def probe(certificate_type):
    return CertificateRequest(type_code=certificate_type.code, act_format="extract", reference="probe",
                              purpose=certificate_type.purposes[0][0] if certificate_type.purposes else "")


def test_every_type_declares_its_register_rule():
    for certificate_type in types.all_types():
        assert certificate_type.eligibility, certificate_type.code
        assert all(callable(check) for check in certificate_type.eligibility), certificate_type.code


@pytest.mark.django_db
def test_the_rule_agrees_with_what_the_document_can_state_for_every_type_and_resident(demo_registry):
    """Where the rule says yes the gather finds something to print, and where it says no the gather refuses."""
    access = registry.Access.system("test: regel en document vergelijken")
    people = list(Person.objects.order_by("national_number").values_list("national_number", flat=True)[:60])
    for certificate_type in types.all_types():
        for number in people:
            refusal = eligibility.check(certificate_type, number, access=access)
            try:
                certificate_type.gather(number, access=access, request=probe(certificate_type))
                printable = True
            except gathering.NothingToCertify:
                printable = False
            assert (refusal is None) == printable, (certificate_type.code, number[-4:], refusal)


@pytest.mark.django_db
def test_a_dutch_national_is_refused_belgian_nationality_at_submit_with_what_to_do_instead(demo_registry):
    daan = resident_for(DAAN)
    with pytest.raises(services.RequestRefused) as refused:
        services.submit_request(requester=daan, type_code="belgian_nationality", for_whom=ForWhom.SELF,
                                subject_number=daan.national_number, subject_name=str(daan), acr=EID)
    assert "geen Belgische nationaliteit" in str(refused.value.message)
    assert "ambassade" in str(refused.value.message)
    assert not CertificateRequest.objects.exists()


@pytest.mark.django_db
def test_a_check_about_ones_own_child_is_audited_with_what_it_was_for(demo_registry):
    sarah = resident_for(SARAH)
    child = next(r.subject for r in registry.persons_one_may_act_for(sarah.national_number)
                 if r.kind == "parent_of_minor")
    with pytest.raises(services.RequestRefused):  # a child has no legal cohabitation
        services.check_eligible(types.get("legal_cohabitation"), subject_number=child.national_number,
                                for_whom=ForWhom.MINOR_CHILD,
                                access=services.eligibility_access(sarah.user, types.get("legal_cohabitation"),
                                                                   for_whom=ForWhom.MINOR_CHILD))
    assert AccessRecord.objects.exists()
    assert {row.purpose for row in AccessRecord.objects.all()} == {
        "Controle vóór de aanvraag: Attest van wettelijke samenwoning"}


@pytest.mark.django_db
def test_the_wizard_refuses_at_the_step_where_the_subject_is_known(client, oidc, demo_registry):
    response, _ = sign_in(client, oidc, national_number=DAAN["national_number"], means="eid", profile="fas")
    base = "/mijn/aanvragen/nieuw/belgian_nationality/"
    client.get(base)
    response = client.post(f"{base}voor-wie/", {
        "certificate_belgian_nationality-current_step": "voor-wie", "voor-wie-choice": DAAN["national_number"]})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Het register vermeldt geen Belgische nationaliteit." in page and "ambassade" in page
    assert not CertificateRequest.objects.exists()


@pytest.mark.django_db
def test_the_catalogue_marks_what_does_not_apply_to_the_signed_in_resident(client, oidc, demo_registry):
    sign_in(client, oidc, national_number=DAAN["national_number"], means="eid", profile="fas")
    page = client.get("/mijn/aanvragen/nieuw/").content.decode()
    assert 'id="mark-belgian_nationality"' in page and 'id="mark-belgian_voter"' in page
    assert 'id="mark-register_extract"' not in page  # he lives here: that one applies
    assert "Voor iemand anders" in page  # Belgian nationality may still be asked for his child


@pytest.mark.django_db(transaction=True)
def test_the_worker_does_not_retry_what_the_register_refuses(demo_registry, settings):
    # A proxy request is not checked before submit (the mandate is unverified); staff approve it, the register says no.
    sarah = resident_for(SARAH)
    request = services.submit_request(
        requester=sarah, type_code="belgian_nationality", for_whom=ForWhom.PROXY,
        subject_number=DAAN["national_number"], subject_name="Daan de Vries", acr=EID)
    assert request.status == Status.AWAITING_APPROVAL
    services.approve(request, actor=None)
    tasks.issue_certificate.apply(args=[request.pk])  # eager: a retry would run at once
    request.refresh_from_db()
    assert request.status == Status.FAILED
    assert request.attempts == 1
    assert request.last_error.startswith(services.INELIGIBLE_PREFIX)
    assert "Belgische nationaliteit" in request.last_error
    # Staff close it with the reason, in words the resident reads (no dead end in FAILED).
    services.refuse(request, actor=None, reason="Volgens het register heeft deze persoon niet de Belgische "
                                                 "nationaliteit.")
    request.refresh_from_db()
    assert request.status == Status.REFUSED


@pytest.mark.django_db
def test_submitting_for_a_child_asks_the_register_rule_once_per_page(client, oidc, demo_registry):
    from tests.certificates.test_wizard import children_of, post_step  # the wizard's own helpers

    sign_in(client, oidc, national_number=SARAH["national_number"], means="eid", profile="fas")
    child = children_of(SARAH)[0]
    base = "/mijn/aanvragen/nieuw/household_composition/"
    client.get(base)
    post_step(client, "household_composition", "voor-wie", {"choice": child.national_number})
    post_step(client, "household_composition", "levering", {"delivery": "mailbox"})
    before = AccessRecord.objects.filter(purpose__startswith="Controle vóór de aanvraag").count()
    post_step(client, "household_composition", "controle")
    assert CertificateRequest.objects.get().status == Status.AWAITING_APPROVAL
    after = AccessRecord.objects.filter(purpose__startswith="Controle vóór de aanvraag").count()
    # Revalidating the steps and submitting share one answer: one person and one household read.
    assert after - before == len(types.get("household_composition").eligibility)
