"""The embedded registry: reads the `registry` tables (demo data loaded by `load_demo_data`)."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save

from registry import cache
from registry.adapters.base import RegistryAdapter
from registry.models import (
    ActParty,
    Address,
    CivilStatusAct,
    FuneralWishes,
    Household,
    HouseholdMembership,
    LegalCohabitation,
    Marriage,
    Nationality,
    Parentage,
    Person,
    Residence,
    VoterExclusion,
)
from registry.records import (
    ActPartyRecord,
    ActRecord,
    AddressRecord,
    CohabitationRecord,
    FuneralWishesRecord,
    HouseholdMemberRecord,
    HouseholdRecord,
    MarriageRecord,
    NationalityRecord,
    PersonRecord,
    ResidenceRecord,
    VoterExclusionRecord,
)


def _address(address: Address) -> AddressRecord:
    return AddressRecord(
        street=address.street,
        house_number=address.house_number,
        box=address.box,
        postcode=address.postcode,
        municipality=address.municipality,
        country=address.country,
    )


def _current_address(person: Person) -> AddressRecord | None:
    residence = (
        Residence.objects.filter(person=person, valid_until__isnull=True, is_main_residence=True)
        .select_related("address")
        .order_by("-valid_from")
        .first()
    )
    return _address(residence.address) if residence else None


def _person(person: Person, *, with_address: bool = False) -> PersonRecord:
    return PersonRecord(
        national_number=person.national_number,
        given_names=person.given_names,
        family_name=person.family_name,
        sex=person.sex,
        birth_year=person.birth_year,
        birth_month=person.birth_month,
        birth_day=person.birth_day,
        birth_place=person.birth_place,
        birth_country=person.birth_country,
        death_date=person.death_date,
        is_bis_number=person.is_bis_number,
        current_address=_current_address(person) if with_address else None,
    )


class EmbeddedRegistry(RegistryAdapter):
    def _find(self, national_number: str) -> Person | None:
        return Person.objects.filter(national_number=national_number).first()

    def get_person(self, national_number):
        person = self._find(national_number)
        return _person(person, with_address=True) if person else None

    def get_household(self, national_number):
        membership = (
            HouseholdMembership.objects.filter(
                person__national_number=national_number, valid_until__isnull=True
            )
            .select_related("household__address", "household__reference_person")
            .order_by("-valid_from")
            .first()
        )
        if membership is None:
            return None
        household = membership.household
        members = household.memberships.filter(valid_until__isnull=True).select_related("person")
        # The reference person first, then the others in the order they joined.
        ordered = sorted(
            members, key=lambda m: (m.person_id != household.reference_person_id, m.valid_from, m.pk)
        )
        return HouseholdRecord(
            number=household.number,
            address=_address(household.address),
            reference_person=_person(household.reference_person),
            members=tuple(
                HouseholdMemberRecord(_person(m.person), m.relation, m.valid_from) for m in ordered
            ),
        )

    def get_address_history(self, national_number):
        residences = (
            Residence.objects.filter(person__national_number=national_number)
            .select_related("address")
            .order_by("-valid_from", "-pk")
        )
        return [
            ResidenceRecord(_address(r.address), r.valid_from, r.valid_until, r.is_main_residence)
            for r in residences
        ]

    def get_civil_status_acts(self, national_number, kind=None):
        acts = CivilStatusAct.objects.filter(parties__person__national_number=national_number).distinct()
        if kind:
            acts = acts.filter(kind=kind)
        acts = acts.prefetch_related("parties__person").order_by("date", "act_number")
        return [
            ActRecord(
                kind=act.kind,
                act_number=act.act_number,
                date=act.date,
                place=act.place,
                parties=tuple(
                    ActPartyRecord(p.person.national_number, str(p.person), p.role)
                    for p in sorted(act.parties.all(), key=lambda p: p.pk)
                ),
            )
            for act in acts
        ]

    def get_nationalities(self, national_number):
        rows = Nationality.objects.filter(person__national_number=national_number).order_by(
            "valid_from", "pk"
        )
        return [NationalityRecord(n.country, n.valid_from, n.valid_until) for n in rows]

    def get_voter_exclusions(self, national_number):
        rows = VoterExclusion.objects.filter(person__national_number=national_number).order_by("valid_from")
        return [VoterExclusionRecord(e.reason, e.valid_from, e.valid_until) for e in rows]

    def get_legal_cohabitation(self, national_number):
        cohabitation = (
            LegalCohabitation.objects.filter(
                Q(person_a__national_number=national_number) | Q(person_b__national_number=national_number),
                ended_on__isnull=True,
            )
            .select_related("person_a", "person_b")
            .order_by("-declared_on")
            .first()
        )
        if cohabitation is None:
            return None
        partner = (
            cohabitation.person_b
            if cohabitation.person_a.national_number == national_number
            else cohabitation.person_a
        )
        return CohabitationRecord(_person(partner), cohabitation.declared_on, cohabitation.ended_on)

    def get_funeral_wishes(self, national_number):
        wishes = FuneralWishes.objects.filter(person__national_number=national_number).first()
        return FuneralWishesRecord(wishes.disposition, wishes.ritual, wishes.declared_on) if wishes else None

    def get_parents(self, national_number):
        links = Parentage.objects.filter(child__national_number=national_number).select_related("parent")
        return [_person(link.parent) for link in links.order_by("pk")]

    def get_children(self, national_number):
        links = Parentage.objects.filter(parent__national_number=national_number).select_related("child")
        return [_person(link.child) for link in links.order_by("pk")]

    def get_marriages(self, national_number):
        marriages = (
            Marriage.objects.filter(
                Q(spouse_a__national_number=national_number) | Q(spouse_b__national_number=national_number)
            )
            .select_related("spouse_a", "spouse_b")
            .order_by("married_on")
        )
        return [
            MarriageRecord(
                spouse=_person(m.spouse_b if m.spouse_a.national_number == national_number else m.spouse_a),
                married_on=m.married_on,
                ended_on=m.ended_on,
                end_reason=m.end_reason,
            )
            for m in marriages
        ]


# --- changes -------------------------------------------------------------------------------------
# The tables this adapter reads. A person's records show other people too (household members, parents,
# spouses), so one change may alter many answers: any change forgets every cached answer. These are demo and
# training tables that change in bulk loads and tests, not while residents browse.
WATCHED = (Person, Address, Residence, Household, HouseholdMembership, Nationality, VoterExclusion, Parentage,
           Marriage, LegalCohabitation, CivilStatusAct, ActParty, FuneralWishes)


def _register_changed(**kwargs) -> None:
    # Now, for the rest of this transaction; and after the commit, so that another process that read the old
    # rows while the transaction was open cannot keep serving them.
    cache.forget_everyone()
    transaction.on_commit(cache.forget_everyone)


def watch_changes() -> None:
    """Forget cached register answers whenever a row of these tables is saved or deleted (bulk loads, which
    send no signals, call ``registry.cache.forget_everyone`` themselves)."""
    for model in WATCHED:
        post_save.connect(_register_changed, sender=model, dispatch_uid=f"registry-cache-{model.__name__}")
        post_delete.connect(_register_changed, sender=model, dispatch_uid=f"registry-cache-del-{model.__name__}")
