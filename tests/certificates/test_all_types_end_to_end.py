"""Every one of the sixteen types can be requested, decided, issued, sealed, delivered and verified."""
import pytest
from django.db import transaction

from certificates import gather as gathering
from certificates import services, tasks, types, verification
from certificates.models import CertificateRequest
from certificates.states import Status
from certificates.types import ForWhom
from identity.services import sign_in_resident
from mailbox.models import Message
from registry import services as registry
from registry.models import Person
from tests.factories.identity import UserFactory

from .seal_fixtures import seal_keys, seal_settings  # noqa: F401  (fixtures)

EID = "urn:be:fedict:iam:fas:Level500"
KINDS = {ForWhom.SELF: {"self"}, ForWhom.MINOR_CHILD: {"parent_of_minor"},
         ForWhom.DECEASED_RELATIVE: {"heir_child", "heir_spouse"}}


def find_case(certificate_type):
    """A requester, a 'for whom' and a subject for which the register has something to certify."""
    probe = CertificateRequest(type_code=certificate_type.code, act_format="extract", reference="probe",
                               purpose=certificate_type.purposes[0][0] if certificate_type.purposes else "")
    access = registry.Access.system("test: zoek een geschikte persoon")
    for person in Person.objects.filter(death_date__isnull=True).order_by("national_number"):
        for relation in registry.persons_one_may_act_for(person.national_number):
            for for_whom in certificate_type.for_whom:
                if relation.kind not in KINDS.get(for_whom, set()):
                    continue
                try:
                    certificate_type.gather(relation.subject_number, access=access, request=probe)
                except gathering.NothingToCertify:
                    continue
                return person, for_whom, relation.subject
    if ForWhom.ANYONE in certificate_type.for_whom:
        requester = Person.objects.filter(death_date__isnull=True).first()
        for subject in Person.objects.filter(death_date__isnull=False):
            record = registry.get_person(subject.national_number, access=access)
            return requester, ForWhom.ANYONE, record
    raise AssertionError(f"no demo case for {certificate_type.code}")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("code", [t.code for t in types.all_types()])
def test_every_type_is_issued_end_to_end(code, demo_registry, seal_settings):
    certificate_type = types.get(code)
    person, for_whom, subject = find_case(certificate_type)
    with transaction.atomic():
        resident = sign_in_resident(national_number=person.national_number, given_name=person.given_names,
                                    family_name=person.family_name, acr=EID).resident
    request = services.submit_request(
        requester=resident, type_code=code, for_whom=for_whom, subject_number=subject.national_number,
        subject_name=subject.full_name, acr=EID,
        act_format="extract" if certificate_type.formats else "",
        purpose=certificate_type.purposes[0][0] if certificate_type.purposes else "",
    )
    if request.status == Status.AWAITING_APPROVAL:
        clerk = UserFactory(username=f"clerk-{code}", is_staff=True)
        services.approve(request, actor=clerk)
    tasks.issue_certificate.apply(args=[request.pk])
    request.refresh_from_db()
    assert request.status == Status.READY, request.last_error
    issued = request.issued
    assert verification.by_code(issued.verification_code).outcome == verification.Outcome.VALID
    with issued.pdf.open("rb") as handle:
        assert verification.check_uploaded_pdf(handle).outcome == verification.Outcome.AUTHENTIC
    assert Message.objects.filter(resident=resident, documents__sha256=issued.sha256).exists()
