"""What adapters return: frozen dataclasses, never ORM objects, so a production adapter
(e.g. MAGDA) can build the same values from a web-service answer."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


def _age_on(birth_year: int | None, birth_month: int | None, birth_day: int | None, on: date) -> int | None:
    """Age in whole years on `on`. With an unknown month or day we take the latest possible
    birth date, so a person is never considered older (of age, entitled to vote) too early."""
    if birth_year is None:
        return None
    if birth_month is None:
        month, day = 12, 31
    elif birth_day is None:
        month, day = birth_month, calendar.monthrange(birth_year, birth_month)[1]
    else:
        month, day = birth_month, birth_day
    age = on.year - birth_year
    if (on.month, on.day) < (month, day):
        age -= 1
    return age


@dataclass(frozen=True)
class AddressRecord:
    street: str
    house_number: str
    box: str
    postcode: str
    municipality: str
    country: str = "BE"

    @property
    def one_line(self) -> str:
        box = f" bus {self.box}" if self.box else ""
        return f"{self.street} {self.house_number}{box}, {self.postcode} {self.municipality}"


@dataclass(frozen=True)
class PersonRecord:
    national_number: str
    given_names: str
    family_name: str
    sex: str  # "M", "F" or "X" (registry.choices.Sex)
    birth_year: int | None
    birth_month: int | None
    birth_day: int | None
    birth_place: str
    birth_country: str
    death_date: date | None
    is_bis_number: bool
    current_address: AddressRecord | None = None

    @property
    def birth_date(self) -> date | None:
        """The full birth date, or None when the day or month is unknown."""
        if self.birth_year and self.birth_month and self.birth_day:
            return date(self.birth_year, self.birth_month, self.birth_day)
        return None

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}"

    @property
    def is_alive(self) -> bool:
        return self.death_date is None

    def age_on(self, on: date) -> int | None:
        return _age_on(self.birth_year, self.birth_month, self.birth_day, on)

    def is_minor_on(self, on: date) -> bool:
        age = self.age_on(on)
        return age is not None and age < 18


@dataclass(frozen=True)
class NationalityRecord:
    country: str  # ISO 3166-1 alpha-2; Belgian is "BE"
    valid_from: date | None
    valid_until: date | None

    def is_valid_on(self, on: date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_until is None or on < self.valid_until
        )


@dataclass(frozen=True)
class ResidenceRecord:
    address: AddressRecord
    valid_from: date
    valid_until: date | None
    is_main_residence: bool


@dataclass(frozen=True)
class HouseholdMemberRecord:
    person: PersonRecord
    relation: str  # registry.choices.HouseholdRelation
    valid_from: date


@dataclass(frozen=True)
class HouseholdRecord:
    number: str
    address: AddressRecord
    reference_person: PersonRecord
    members: tuple[HouseholdMemberRecord, ...]  # current members, reference person first


@dataclass(frozen=True)
class ActPartyRecord:
    national_number: str
    full_name: str
    role: str  # registry.choices.ActRole


@dataclass(frozen=True)
class ActRecord:
    kind: str  # registry.choices.ActKind
    act_number: str
    date: date
    place: str
    parties: tuple[ActPartyRecord, ...]


@dataclass(frozen=True)
class MarriageRecord:
    spouse: PersonRecord  # the other spouse, seen from the person asked about
    married_on: date
    ended_on: date | None
    end_reason: str  # "", "divorce" or "death"


@dataclass(frozen=True)
class CohabitationRecord:
    partner: PersonRecord
    declared_on: date
    ended_on: date | None


@dataclass(frozen=True)
class VoterExclusionRecord:
    reason: str
    valid_from: date
    valid_until: date | None


@dataclass(frozen=True)
class VoterStatusRecord:
    national_number: str
    on: date
    is_voter: bool
    # Why not: "unknown_person", "not_belgian", "under_18", "deceased", "excluded".
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class FuneralWishesRecord:
    disposition: str  # registry.choices.Disposition
    ritual: str  # registry.choices.Ritual
    declared_on: date


@dataclass(frozen=True)
class RelationRecord:
    """Why `actor_number` may act for `subject`: self, parent of a minor, or heir."""

    kind: str  # registry.choices.RelationKind
    actor_number: str
    subject: PersonRecord

    @property
    def subject_number(self) -> str:
        return self.subject.national_number
