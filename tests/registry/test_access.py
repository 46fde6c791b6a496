import logging
from datetime import date

import pytest

from common.history import AppendOnlyError
from registry import services
from registry.choices import AccessRole
from registry.keys import subject_key
from registry.models import AccessRecord
from registry.selectors import access_records_about
from registry.services import Access
from tests.factories.identity import UserFactory
from tests.factories.registry import PersonFactory

pytestmark = pytest.mark.django_db


def test_staff_read_is_audited_with_purpose():
    person = PersonFactory()
    clerk = UserFactory(first_name="An", last_name="Peeters")

    record = services.get_person(
        person.national_number, access=Access.staff(clerk, "Aanvraag attest nakijken")
    )

    assert record.national_number == person.national_number
    audit = AccessRecord.objects.get()
    assert audit.subject_key == subject_key(person.national_number)
    assert audit.actor == clerk
    assert audit.actor_label == "Medewerker burgerzaken (An Peeters)"
    assert audit.role == AccessRole.STAFF
    assert audit.purpose == "Aanvraag attest nakijken"
    assert audit.category == "person"


def test_staff_read_without_purpose_is_refused():
    person = PersonFactory()
    with pytest.raises(ValueError):
        services.get_household(person.national_number, access=Access.staff(UserFactory(), "  "))
    assert AccessRecord.objects.count() == 0


def test_resident_reading_own_data_is_not_audited():
    person = PersonFactory()
    resident = UserFactory()
    access = Access.resident_self(resident)
    services.get_person(person.national_number, access=access)
    services.get_nationalities(person.national_number, access=access)
    services.get_address_history(person.national_number, access=access)
    assert AccessRecord.objects.count() == 0


def test_every_other_role_is_audited_with_what_was_read():
    person = PersonFactory()
    resident, volunteer = UserFactory(), UserFactory(first_name="Jef", last_name="Aerts")
    services.get_civil_status_acts(person.national_number, access=Access.resident_for_other(resident))
    services.get_funeral_wishes(person.national_number, access=Access.system("Attest opmaken"))
    services.get_voter_status(person.national_number, access=Access.volunteer_assisted(resident, volunteer))

    records = list(access_records_about(person.national_number))
    assert [r.category for r in records] == ["voter_status", "funeral_wishes", "civil_status_acts"]
    assert records[0].assisted_by == volunteer
    assert records[0].assisted_by_label == "Vrijwilliger digitale hulp (Jef Aerts)"
    assert records[1].actor is None


def test_access_records_about_someone_else_are_not_shown():
    mine, other = PersonFactory(), PersonFactory()
    services.get_person(other.national_number, access=Access.system("test"))
    assert list(access_records_about(mine.national_number)) == []


def test_access_record_cannot_be_changed_or_deleted():
    person = PersonFactory()
    services.get_person(person.national_number, access=Access.system("test"))
    record = AccessRecord.objects.get()

    record.purpose = "iets anders"
    with pytest.raises(AppendOnlyError):
        record.save()
    with pytest.raises(AppendOnlyError):
        record.delete()
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.update(purpose="x")
    with pytest.raises(AppendOnlyError):
        AccessRecord.objects.all().delete()
    assert AccessRecord.objects.get().purpose == "test"


def test_access_record_admin_is_read_only(rf):
    from django.contrib import admin

    model_admin = admin.site._registry[AccessRecord]
    request = rf.get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_national_number_never_reaches_the_audit_log_line(caplog):
    person = PersonFactory()
    with caplog.at_level(logging.INFO, logger="thuisloket.audit"):
        services.get_person(person.national_number, access=Access.staff(UserFactory(), "Controle"))
    lines = [r for r in caplog.records if r.name == "thuisloket.audit"]
    assert len(lines) == 1
    line = lines[0]
    assert person.national_number not in line.getMessage()
    assert person.national_number not in str(line.__dict__)
    assert subject_key(person.national_number)[:12] in line.getMessage()


def test_printed_national_number_is_accepted():
    person = PersonFactory()
    n = person.national_number
    printed = f"{n[0:2]}.{n[2:4]}.{n[4:6]}-{n[6:9]}.{n[9:]}"
    assert services.get_person(printed, access=Access.system("test")).national_number == n


def test_voter_status_needs_belgian_adult_alive_and_not_excluded():
    from registry.models import Nationality, VoterExclusion

    voter = PersonFactory(age=30)
    child = PersonFactory(age=10)
    dutch = PersonFactory(age=30, belgian=False)
    Nationality.objects.create(person=dutch, country="NL")
    excluded = PersonFactory(age=50)
    VoterExclusion.objects.create(person=excluded, reason="veroordeling", valid_from=date(2020, 1, 1))
    dead = PersonFactory(age=70, deceased=True)

    def status(person):
        return services.get_voter_status(person.national_number, access=Access.system("kiezerslijst"))

    assert status(voter).is_voter
    assert status(child).reasons == ("under_18",)
    assert status(dutch).reasons == ("not_belgian",)
    assert status(excluded).reasons == ("excluded",)
    assert status(dead).reasons == ("deceased",)


def test_unknown_birth_day_counts_as_the_last_possible_day():
    from registry.records import PersonRecord

    person = PersonRecord("", "", "", "F", 2008, 11, None, "", "BE", None, False)
    assert person.age_on(date(2026, 11, 29)) == 17
    assert person.age_on(date(2026, 11, 30)) == 18
    assert person.birth_date is None
