"""The records of the demo population: the plain-Python shape of what the registry stores, and national numbers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from registry.demo.data import CITY, POSTCODE


@dataclass
class DemoPerson:
    national_number: str
    given_names: str
    family_name: str
    sex: str
    birth_year: int
    birth_month: int | None
    birth_day: int | None
    birth_place: str
    birth_country: str = "BE"
    is_bis_number: bool = False
    death_date: date | None = None
    death_place: str = ""

    @property
    def birth_date(self) -> date | None:
        if self.birth_month and self.birth_day:
            return date(self.birth_year, self.birth_month, self.birth_day)
        return None

    @property
    def earliest_birth_date(self) -> date:
        """The first possible birth date: starts nationalities and residences when the exact
        birth day is unknown."""
        return date(self.birth_year, self.birth_month or 1, self.birth_day or 1)


@dataclass(frozen=True)
class DemoAddress:
    street: str
    house_number: str
    box: str = ""
    postcode: str = POSTCODE
    municipality: str = CITY
    country: str = "BE"


@dataclass
class DemoNationality:
    national_number: str
    country: str
    valid_from: date | None
    valid_until: date | None = None


@dataclass
class DemoResidence:
    national_number: str
    address: DemoAddress
    valid_from: date
    valid_until: date | None = None
    is_main_residence: bool = True


@dataclass
class DemoMembership:
    national_number: str
    relation: str
    valid_from: date
    valid_until: date | None = None


@dataclass
class DemoHousehold:
    number: str
    address: DemoAddress
    reference_person: str
    members: list[DemoMembership] = field(default_factory=list)


@dataclass
class DemoAct:
    kind: str
    act_number: str
    date: date
    place: str
    parties: list[tuple[str, str]]  # (national number, role)


@dataclass
class DemoMarriage:
    spouse_a: str
    spouse_b: str
    married_on: date
    marriage_act: str
    ended_on: date | None = None
    end_reason: str = ""
    divorce_act: str = ""


@dataclass
class DemoCohabitation:
    person_a: str
    person_b: str
    declared_on: date
    ended_on: date | None = None


@dataclass
class DemoVoterExclusion:
    national_number: str
    reason: str
    valid_from: date
    valid_until: date | None


@dataclass
class DemoFuneralWishes:
    national_number: str
    disposition: str
    ritual: str
    declared_on: date


@dataclass
class DemoPopulation:
    reference_year: int
    persons: list[DemoPerson]
    nationalities: list[DemoNationality]
    residences: list[DemoResidence]
    households: list[DemoHousehold]
    parentages: list[tuple[str, str]]  # (parent, child)
    acts: list[DemoAct]
    marriages: list[DemoMarriage]
    cohabitations: list[DemoCohabitation]
    voter_exclusions: list[DemoVoterExclusion]
    funeral_wishes: list[DemoFuneralWishes]
    personas: list[dict]

    @property
    def addresses(self) -> list[DemoAddress]:
        seen: dict[DemoAddress, None] = {}
        for residence in self.residences:
            seen.setdefault(residence.address)
        for household in self.households:
            seen.setdefault(household.address)
        return list(seen)

    @property
    def living(self) -> list[DemoPerson]:
        return [p for p in self.persons if p.death_date is None]


def national_number_for(birth_year: int, month: int, day: int, counter: int, *, bis: bool = False) -> str:
    """Compose a national (or bis) number; month/day 0 mean unknown."""
    if bis:
        month += 40  # bis-number of a person whose sex was known at allocation
    base = f"{birth_year % 100:02d}{month:02d}{day:02d}{counter:03d}"
    value = int(base) + (2_000_000_000 if birth_year >= 2000 else 0)
    return f"{base}{97 - value % 97:02d}"

