"""Recording the demo population: people, addresses, households, civil-status acts and the rest, each with
the records it implies (a household member lives at the household's address, a birth in the city has its act).

Every choice comes from one seeded random generator, in call order: the same calls give the same population.
"""

from __future__ import annotations

import random
from datetime import date

from registry.choices import ActKind, ActRole, MarriageEnd, Sex
from registry.demo.data import (
    APARTMENT_STREETS,
    BELGIAN_BIRTH_PLACES,
    CITY,
    FAMILY_NAMES,
    FEMALE_NAMES,
    FOREIGN,
    MALE_NAMES,
    OTHER_MUNICIPALITIES,
    POSTCODE,
    SEED,
    STREETS,
)
from registry.demo.records import (
    DemoAct,
    DemoAddress,
    DemoCohabitation,
    DemoFuneralWishes,
    DemoHousehold,
    DemoMarriage,
    DemoMembership,
    DemoNationality,
    DemoPerson,
    DemoResidence,
    DemoVoterExclusion,
    national_number_for,
)


class RecordBuilder:
    """The population under construction, and the building blocks that add to it."""

    def __init__(self, year: int):
        self.year = year
        self.rng = random.Random(SEED)  # noqa: S311 -- reproducible demo data, not security
        self.persons: dict[str, DemoPerson] = {}
        self.nationalities: list[DemoNationality] = []
        self.residences: list[DemoResidence] = []
        self.households: list[DemoHousehold] = []
        self.parentages: list[tuple[str, str]] = []
        self.acts: list[DemoAct] = []
        self.marriages: list[DemoMarriage] = []
        self.cohabitations: list[DemoCohabitation] = []
        self.voter_exclusions: list[DemoVoterExclusion] = []
        self.funeral_wishes: list[DemoFuneralWishes] = []
        self.personas: list[dict] = []
        self._counters: dict[tuple[str, str], int] = {}
        self._act_counters: dict[tuple[str, int], int] = {}
        self._used_addresses: set[DemoAddress] = set()

    # --- small helpers --------------------------------------------------------------------
    def past_date(self, years_ago: int, month: int | None = None, day: int | None = None) -> date:
        """A date in the year `years_ago` before the reference year (at least one year back)."""
        return date(
            self.year - max(years_ago, 1), month or self.rng.randint(1, 12), day or self.rng.randint(1, 28)
        )

    def pick_name(self, sex: str, country: str = "BE") -> str:
        if country in FOREIGN:
            males, females, _families, _places = FOREIGN[country]
        else:
            males, females = MALE_NAMES, FEMALE_NAMES
        names = males if sex == Sex.MALE else females
        first = self.rng.choice(names)
        if country == "BE" and self.rng.random() < 0.3:
            second = self.rng.choice(names)
            if second != first:
                return f"{first} {second}"
        return first

    def pick_family_name(self, country: str = "BE") -> str:
        return self.rng.choice(FOREIGN[country][2] if country in FOREIGN else FAMILY_NAMES)

    def next_act_number(self, kind: str, on: date) -> str:
        prefix = {ActKind.BIRTH: "G", ActKind.MARRIAGE: "H", ActKind.DIVORCE: "E", ActKind.DEATH: "O"}[kind]
        key = (kind, on.year)
        self._act_counters[key] = self._act_counters.get(key, 0) + 1
        return f"{prefix}{on.year}-{self._act_counters[key]:04d}"

    # --- building blocks ------------------------------------------------------------------
    def person(
        self,
        sex: str,
        age: int,
        *,
        given: str | None = None,
        family: str | None = None,
        country: str = "BE",
        extra_countries: tuple[str, ...] = (),
        birth_place: str | None = None,
        birth_month: int | None = None,
        month_known: bool = True,
        day_known: bool = True,
        bis: bool = False,
        naturalised_years_ago: int | None = None,
    ) -> DemoPerson:
        birth_year = self.year - age
        month = (birth_month or self.rng.randint(1, 12)) if month_known else 0
        day = self.rng.randint(1, 28) if (month_known and day_known) else 0
        if birth_place is None:
            birth_place = (
                self.rng.choice(FOREIGN[country][3])
                if country in FOREIGN
                else self.rng.choice(BELGIAN_BIRTH_PLACES)
            )
        birth_country = country if country in FOREIGN else "BE"
        # The day counter is odd for men and even for women.
        key = (f"{birth_year}{month:02d}{day:02d}{bis}", sex)
        if key not in self._counters:
            start = self.rng.randrange(1, 400)
            self._counters[key] = start if (start % 2 == 1) == (sex == Sex.MALE) else start + 1
        counter = self._counters[key]
        self._counters[key] += 2
        number = national_number_for(birth_year, month, day, counter, bis=bis)
        person = DemoPerson(
            national_number=number,
            given_names=given or self.pick_name(sex, country),
            family_name=family or self.pick_family_name(country),
            sex=sex,
            birth_year=birth_year,
            birth_month=month or None,
            birth_day=day or None,
            birth_place=birth_place,
            birth_country=birth_country,
            is_bis_number=bis,
        )
        assert number not in self.persons, number
        self.persons[number] = person
        born = person.earliest_birth_date
        if country == "BE":
            self.nationalities.append(DemoNationality(number, "BE", born))
        else:
            if naturalised_years_ago is not None:
                naturalised = self.past_date(naturalised_years_ago)
                self.nationalities.append(DemoNationality(number, "BE", naturalised))
            self.nationalities.append(DemoNationality(number, country, born))
        for extra in extra_countries:
            self.nationalities.append(DemoNationality(number, extra, born))
        return person

    def address(
        self,
        street: str | None = None,
        *,
        postcode: str = POSTCODE,
        municipality: str = CITY,
        country: str = "BE",
    ) -> DemoAddress:
        while True:
            chosen = street or self.rng.choice(STREETS)
            number = str(self.rng.randint(1, 160))
            box = ""
            if municipality == CITY and chosen in APARTMENT_STREETS:
                box = f"{self.rng.randint(0, 4)}{self.rng.randint(1, 6):02d}"
            candidate = DemoAddress(chosen, number, box, postcode, municipality, country)
            if candidate not in self._used_addresses:
                self._used_addresses.add(candidate)
                return candidate

    def address_elsewhere(self) -> DemoAddress:
        postcode, municipality = self.rng.choice(OTHER_MUNICIPALITIES)
        return self.address(self.rng.choice(STREETS), postcode=postcode, municipality=municipality)

    def live(self, person: DemoPerson, address: DemoAddress, since: date, until: date | None = None) -> None:
        since = max(since, person.earliest_birth_date)
        self.residences.append(DemoResidence(person.national_number, address, since, until))

    def household(
        self,
        address: DemoAddress,
        members: list[tuple[DemoPerson, str, date]],
        ended: dict[str, date] | None = None,
    ) -> DemoHousehold:
        """Create a household at `address`; the first member is the reference person.
        Also records each member's residence there (from the same date)."""
        ended = ended or {}
        household = DemoHousehold(
            number=f"{len(self.households) + 1:06d}",
            address=address,
            reference_person=members[0][0].national_number,
        )
        for person, relation, since in members:
            since = max(since, person.earliest_birth_date)
            until = ended.get(person.national_number)
            household.members.append(DemoMembership(person.national_number, relation, since, until))
            self.live(person, address, since, until)
        self.households.append(household)
        return household

    def parents(self, child: DemoPerson, *parents: DemoPerson) -> None:
        for parent in parents:
            self.parentages.append((parent.national_number, child.national_number))
        if child.birth_place == CITY and child.birth_date:
            parties = [(child.national_number, ActRole.CHILD)]
            for parent in parents:
                role = ActRole.MOTHER if parent.sex == Sex.FEMALE else ActRole.FATHER
                parties.append((parent.national_number, role))
            self.acts.append(
                DemoAct(
                    ActKind.BIRTH,
                    self.next_act_number(ActKind.BIRTH, child.birth_date),
                    child.birth_date,
                    CITY,
                    parties,
                )
            )

    def marry(self, a: DemoPerson, b: DemoPerson, on: date, place: str = CITY) -> DemoMarriage:
        act = self.next_act_number(ActKind.MARRIAGE, on)
        self.acts.append(
            DemoAct(
                ActKind.MARRIAGE,
                act,
                on,
                place,
                [(a.national_number, ActRole.SPOUSE), (b.national_number, ActRole.SPOUSE)],
            )
        )
        marriage = DemoMarriage(a.national_number, b.national_number, on, act)
        self.marriages.append(marriage)
        return marriage

    def divorce(self, marriage: DemoMarriage, on: date) -> None:
        act = self.next_act_number(ActKind.DIVORCE, on)
        self.acts.append(
            DemoAct(
                ActKind.DIVORCE,
                act,
                on,
                CITY,
                [(marriage.spouse_a, ActRole.SPOUSE), (marriage.spouse_b, ActRole.SPOUSE)],
            )
        )
        marriage.ended_on, marriage.end_reason, marriage.divorce_act = on, MarriageEnd.DIVORCE, act

    def die(self, person: DemoPerson, on: date) -> None:
        person.death_date, person.death_place = on, CITY
        self.acts.append(
            DemoAct(
                ActKind.DEATH,
                self.next_act_number(ActKind.DEATH, on),
                on,
                CITY,
                [(person.national_number, ActRole.DECEASED)],
            )
        )
        for marriage in self.marriages:
            if person.national_number in (marriage.spouse_a, marriage.spouse_b) and marriage.ended_on is None:
                marriage.ended_on, marriage.end_reason = on, MarriageEnd.DEATH

    def wish(self, person: DemoPerson, disposition: str, ritual: str, years_ago: int) -> None:
        self.funeral_wishes.append(
            DemoFuneralWishes(person.national_number, disposition, ritual, self.past_date(years_ago))
        )

    def persona(self, person: DemoPerson, description: str) -> None:
        self.personas.append(
            {
                "national_number": person.national_number,
                "given_name": person.given_names,
                "family_name": person.family_name,
                "birth_date": person.birth_date,
                "description": description,
            }
        )
