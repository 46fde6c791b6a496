"""A deterministic demo population for "Stad Voorbeeld" (postcode 9999).

Pure Python: no database access, so the development identity provider can import
`sign_in_personas()` in its own process. Ages are relative to the current year (passed in
or `date.today()`), so minors stay minors and adults stay adults whatever year the demo runs:
the same year always gives the same population, national numbers included. Every event
(birth, move, marriage, death) lies in an earlier year than the reference year, so nothing
is ever in the future.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from registry.choices import (
    ActKind,
    ActRole,
    Disposition,
    HouseholdRelation,
    MarriageEnd,
    Ritual,
    Sex,
)

SEED = 9999_2026
CITY = "Stad Voorbeeld"
POSTCODE = "9999"

STREETS = [
    "Kerkstraat",
    "Stationsstraat",
    "Molenstraat",
    "Schoolstraat",
    "Dorpsstraat",
    "Nieuwstraat",
    "Kapelstraat",
    "Beekstraat",
    "Lindelaan",
    "Kastanjelaan",
    "Veldstraat",
    "Brugstraat",
    "Groenplein",
    "Marktplein",
    "Hoogstraat",
    "Leopoldlaan",
    "Koning Albertlaan",
    "Populierenstraat",
    "Vlasbloemstraat",
    "Meersstraat",
    "Abdijstraat",
    "Zandstraat",
]
# Streets with apartment buildings get box numbers.
APARTMENT_STREETS = {"Stationsstraat", "Marktplein", "Leopoldlaan", "Koning Albertlaan"}
OTHER_MUNICIPALITIES = [
    ("9000", "Gent"),
    ("2000", "Antwerpen"),
    ("8000", "Brugge"),
    ("3000", "Leuven"),
    ("9300", "Aalst"),
    ("8500", "Kortrijk"),
    ("2800", "Mechelen"),
    ("9100", "Sint-Niklaas"),
]

MALE_NAMES = [
    "Jan",
    "Pieter",
    "Tom",
    "Bart",
    "Kristof",
    "Jonas",
    "Wout",
    "Lucas",
    "Arthur",
    "Noah",
    "Louis",
    "Jules",
    "Liam",
    "Stijn",
    "Koen",
    "Dirk",
    "Marc",
    "Luc",
    "Johan",
    "Geert",
    "Wim",
    "Filip",
    "Jef",
    "Robbe",
    "Seppe",
    "Lars",
    "Senne",
    "Mathis",
    "Bram",
    "Thomas",
    "Michiel",
    "Dries",
    "Ruben",
    "Gert",
    "Hans",
    "Patrick",
    "Frank",
    "Eddy",
    "Willy",
    "Roger",
]
FEMALE_NAMES = [
    "An",
    "Els",
    "Sarah",
    "Lotte",
    "Emma",
    "Marie",
    "Julie",
    "Lisa",
    "Hanne",
    "Fien",
    "Lien",
    "Sofie",
    "Katrien",
    "Inge",
    "Veerle",
    "Nathalie",
    "Ilse",
    "Griet",
    "Mieke",
    "Annick",
    "Leen",
    "Nina",
    "Olivia",
    "Louise",
    "Elena",
    "Mila",
    "Noor",
    "Jana",
    "Margot",
    "Yana",
    "Linde",
    "Paula",
    "Rita",
    "Godelieve",
    "Maria",
    "Agnes",
    "Monique",
    "Chantal",
]
FAMILY_NAMES = [
    "Peeters",
    "Janssens",
    "Maes",
    "Jacobs",
    "Mertens",
    "Willems",
    "Claes",
    "Goossens",
    "Wouters",
    "De Smet",
    "Dubois",
    "Lambrecht",
    "Hermans",
    "Vermeulen",
    "Van den Broeck",
    "De Clercq",
    "Aerts",
    "Desmet",
    "Vandenberghe",
    "Martens",
    "Van Damme",
    "Verstraete",
    "De Backer",
    "Pauwels",
    "Smets",
    "Michiels",
    "Coppens",
    "Wauters",
    "Verhoeven",
    "Claeys",
    "Bogaert",
    "Van de Velde",
    "Hendrickx",
    "Lemmens",
    "Segers",
    "Cools",
    "De Wilde",
    "Stevens",
    "Verbruggen",
    "Van Acker",
]
# country: (male names, female names, family names, birth places)
FOREIGN = {
    "NL": (
        ["Daan", "Sem", "Joris", "Bas"],
        ["Sanne", "Fleur", "Anouk", "Iris"],
        ["de Vries", "Bakker", "Visser", "Smit", "de Jong"],
        ["Rotterdam", "Utrecht", "Breda"],
    ),
    "FR": (
        ["Julien", "Antoine", "Mathieu"],
        ["Camille", "Chloé", "Léa"],
        ["Dupont", "Lefèvre", "Moreau", "Laurent"],
        ["Lille", "Lyon", "Paris"],
    ),
    "MA": (
        ["Youssef", "Mohamed", "Karim"],
        ["Fatima", "Amina", "Salma"],
        ["El Amrani", "Benali", "Ouahbi", "El Idrissi"],
        ["Nador", "Tanger", "Casablanca", "Oujda"],
    ),
    "PL": (
        ["Piotr", "Tomasz", "Marek"],
        ["Anna", "Katarzyna", "Agnieszka"],
        ["Nowak", "Kaczmarek", "Mazur", "Zając"],
        ["Kraków", "Wrocław", "Łódź"],
    ),
    "TR": (
        ["Mehmet", "Emre", "Murat"],
        ["Ayşe", "Elif", "Zeynep"],
        ["Yılmaz", "Demir", "Kaya", "Şahin"],
        ["Emirdağ", "Ankara", "Konya"],
    ),
    "RO": (
        ["Andrei", "Mihai", "Florin"],
        ["Ioana", "Elena", "Maria"],
        ["Popescu", "Ionescu", "Dumitru", "Stan"],
        ["Cluj-Napoca", "Iaşi", "Boekarest"],
    ),
}
BELGIAN_BIRTH_PLACES = [CITY, CITY, CITY, "Gent", "Antwerpen", "Brugge", "Aalst", "Kortrijk", "Leuven"]

MIN_LIVING_RESIDENTS = 220
MIN_HOUSEHOLDS = 85


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


class _Builder:
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

    # --- the curated cases (the sign-in personas and the people around them) ----------------
    def curated(self) -> None:
        M, F = Sex.MALE, Sex.FEMALE
        R = HouseholdRelation

        # A married couple with two minor children born in the city.
        sarah = self.person(F, 38, given="Sarah", family="Peeters")
        tom = self.person(M, 40, given="Tom", family="Janssens")
        noor = self.person(F, 9, given="Noor", family="Janssens", birth_place=CITY)
        lucas = self.person(M, 6, given="Lucas", family="Janssens", birth_place=CITY)
        wedding = self.past_date(12)
        self.marry(sarah, tom, wedding)
        home = self.address("Kastanjelaan")
        self.household(
            home,
            [
                (sarah, R.REFERENCE_PERSON, wedding),
                (tom, R.SPOUSE, wedding),
                (noor, R.CHILD, noor.earliest_birth_date),
                (lucas, R.CHILD, lucas.earliest_birth_date),
            ],
        )
        for child in (noor, lucas):
            self.parents(child, sarah, tom)
        self.persona(sarah, "ouder van twee minderjarige kinderen")

        # A father who died last year; his widow and two adult children live in the city.
        jozef = self.person(M, 79, given="Jozef", family="Claes", birth_place=CITY)
        maria = self.person(F, 76, given="Maria", family="Wouters")
        pieter = self.person(M, 50, given="Pieter", family="Claes", birth_place=CITY)
        griet = self.person(F, 47, given="Griet", family="Claes", birth_place=CITY)
        married = self.past_date(53)
        self.marry(jozef, maria, married)
        death = self.past_date(1, month=3, day=14)
        parents_home = self.address("Molenstraat")
        self.household(
            parents_home,
            [(maria, R.REFERENCE_PERSON, married), (jozef, R.SPOUSE, married)],
            ended={jozef.national_number: death},
        )
        self.die(jozef, death)
        for child in (pieter, griet):
            self.parents(child, jozef, maria)
            self.live(
                child, parents_home, child.earliest_birth_date, self.past_date(25 if child is pieter else 22)
            )
        self.wish(maria, Disposition.BURIAL, Ritual.CATHOLIC, 2)
        pieter_partner = self.person(F, 48, given="Katrien", family="Aerts")
        pieter_kid = self.person(M, 15, given="Robbe", family="Claes", birth_place=CITY)
        pieter_wedding = self.past_date(20)
        self.marry(pieter, pieter_partner, pieter_wedding)
        self.household(
            self.address("Lindelaan"),
            [
                (pieter, R.REFERENCE_PERSON, pieter_wedding),
                (pieter_partner, R.SPOUSE, pieter_wedding),
                (pieter_kid, R.CHILD, pieter_kid.earliest_birth_date),
            ],
        )
        self.parents(pieter_kid, pieter, pieter_partner)
        self.household(self.address("Hoogstraat"), [(griet, R.REFERENCE_PERSON, self.past_date(22))])
        self.persona(pieter, "erfgenaam van een overleden vader")
        self.persona(maria, "weduwe, erfgenaam van haar overleden echtgenoot")

        # A legally cohabiting couple.
        lotte = self.person(F, 31, given="Lotte", family="Maes")
        jonas = self.person(M, 33, given="Jonas", family="Willems")
        together = self.past_date(4)
        self.cohabitations.append(
            DemoCohabitation(lotte.national_number, jonas.national_number, self.past_date(3, month=5, day=17))
        )
        self.household(
            self.address("Beekstraat"),
            [(lotte, R.REFERENCE_PERSON, together), (jonas, R.LEGAL_COHABITANT, together)],
        )
        self.persona(lotte, "wettelijk samenwonend")

        # A divorced father; his minor son lives with his ex-wife.
        kristof = self.person(M, 44, given="Kristof", family="Mertens")
        els = self.person(F, 42, given="Els", family="Jacobs")
        wout = self.person(M, 10, given="Wout", family="Mertens", birth_place=CITY)
        marriage = self.marry(kristof, els, self.past_date(14, month=6, day=8))
        separated = self.past_date(4, month=10, day=1)
        family_home = self.address("Kapelstraat")
        self.household(
            family_home,
            [(els, R.REFERENCE_PERSON, marriage.married_on), (wout, R.CHILD, wout.earliest_birth_date)],
        )
        self.live(kristof, family_home, marriage.married_on, separated)
        self.household(self.address("Stationsstraat"), [(kristof, R.REFERENCE_PERSON, separated)])
        self.parents(wout, kristof, els)
        self.divorce(marriage, self.past_date(3, month=2, day=3))
        self.persona(kristof, "gescheiden, vader van een minderjarige zoon")

        # A Dutch resident who moved in from Rotterdam.
        daan = self.person(M, 36, given="Daan", family="de Vries", country="NL", birth_place="Rotterdam")
        moved_in = self.past_date(5)
        self.live(
            daan,
            DemoAddress("Coolsingel", "40", "", "3011 AD", "Rotterdam", "NL"),
            self.past_date(12),
            moved_in,
        )
        self.household(self.address("Marktplein"), [(daan, R.REFERENCE_PERSON, moved_in)])
        self.persona(daan, "Nederlandse nationaliteit")

        # A Polish resident identified by a bis-number.
        piotr = self.person(
            M, 41, given="Piotr", family="Nowak", country="PL", birth_place="Kraków", bis=True
        )
        self.household(self.address("Zandstraat"), [(piotr, R.REFERENCE_PERSON, self.past_date(2))])
        self.persona(piotr, "bisnummer, Poolse nationaliteit")

        # Born in Morocco, birth day unknown; Belgian by naturalisation, Moroccan still.
        fatima = self.person(
            F,
            52,
            given="Fatima",
            family="El Amrani",
            country="MA",
            birth_place="Nador",
            day_known=False,
            naturalised_years_ago=15,
        )
        youssef = self.person(
            M, 61, given="Youssef", family="Benali", country="MA", birth_place="Oujda", month_known=False
        )
        since = self.past_date(20)
        self.marry(youssef, fatima, self.past_date(27), place="Nador")
        self.household(
            self.address("Abdijstraat"), [(fatima, R.REFERENCE_PERSON, since), (youssef, R.SPOUSE, since)]
        )
        self.persona(fatima, "geboortedag onbekend, Belgische en Marokkaanse nationaliteit")

        # Living alone, funeral wishes on file.
        luc = self.person(M, 58, given="Luc", family="Vermeulen")
        self.household(self.address("Meersstraat"), [(luc, R.REFERENCE_PERSON, self.past_date(16))])
        self.wish(luc, Disposition.CREMATION_SCATTERING, Ritual.NON_CONFESSIONAL, 3)
        self.persona(luc, "alleenstaand, wensen voor de uitvaart geregistreerd")

        # A young adult born after 2000 (check digits with the "2" prefix), living with her parents.
        emma = self.person(F, 21, given="Emma", family="Goossens", birth_place=CITY)
        filip = self.person(M, 53, given="Filip", family="Goossens")
        ilse = self.person(F, 51, given="Ilse", family="Smets")
        wed = self.past_date(24)
        self.marry(filip, ilse, wed)
        self.household(
            self.address("Veldstraat"),
            [
                (filip, R.REFERENCE_PERSON, wed),
                (ilse, R.SPOUSE, wed),
                (emma, R.CHILD, emma.earliest_birth_date),
            ],
        )
        self.parents(emma, filip, ilse)
        self.persona(emma, "jongvolwassene geboren na 2000, woont bij haar ouders")

        # Moved twice within the city.
        an = self.person(F, 45, given="An", family="Lambrecht")
        first, second, third = self.past_date(15), self.past_date(8), self.past_date(2)
        self.live(an, self.address("Dorpsstraat"), first, second)
        self.live(an, self.address("Schoolstraat"), second, third)
        self.household(self.address("Leopoldlaan"), [(an, R.REFERENCE_PERSON, third)])
        self.persona(an, "verhuisd binnen de stad")

        # Moved in from Gent with his partner (de facto, not declared).
        bram = self.person(M, 29, given="Bram", family="De Smet")
        hanne = self.person(F, 28, given="Hanne", family="Verstraete")
        gent = self.address("Veldstraat", postcode="9000", municipality="Gent")
        came = self.past_date(1)
        self.live(bram, gent, self.past_date(6), came)
        self.live(hanne, gent, self.past_date(6), came)
        self.household(
            self.address("Nieuwstraat"), [(bram, R.REFERENCE_PERSON, came), (hanne, R.PARTNER, came)]
        )
        self.persona(bram, "ingeweken uit Gent, feitelijk samenwonend")

        # Excluded from voting (a court ruling).
        geert = self.person(M, 47, given="Geert", family="Hermans")
        self.household(self.address("Brugstraat"), [(geert, R.REFERENCE_PERSON, self.past_date(9))])
        self.voter_exclusions.append(
            DemoVoterExclusion(
                geert.national_number, "veroordeling", self.past_date(2), date(self.year + 4, 1, 1)
            )
        )
        self.persona(geert, "uitgesloten van het kiesrecht")

    # --- the rest of the city ------------------------------------------------------------------
    def random_country(self) -> str:
        roll = self.rng.random()
        if roll < 0.82:
            return "BE"
        return self.rng.choice(sorted(FOREIGN))

    def random_household(self) -> None:
        M, F = Sex.MALE, Sex.FEMALE
        R = HouseholdRelation
        kind = self.rng.choices(
            ["single", "couple", "young_family", "older_family", "single_parent", "elderly"],
            weights=[22, 18, 28, 10, 10, 12],
        )[0]
        country = self.random_country()
        since = self.past_date(self.rng.randint(1, 20))
        address = self.address()

        if kind == "single":
            sex = self.rng.choice([M, F])
            person = self.person(sex, self.rng.randint(19, 85), country=country)
            self.moved_in(person, since)
            self.household(address, [(person, R.REFERENCE_PERSON, since)])
            return
        if kind == "single_parent":
            parent = self.person(self.rng.choice([F, F, M]), self.rng.randint(28, 48), country=country)
            kids = self.children(parent, None, self.rng.randint(1, 2), max_age=16)
            self.moved_in(parent, since)
            self.household(
                address, [(parent, R.REFERENCE_PERSON, since)] + [(kid, R.CHILD, since) for kid in kids]
            )
            return

        ages = {"couple": (24, 70), "young_family": (27, 46), "older_family": (46, 62), "elderly": (70, 90)}[
            kind
        ]
        age = self.rng.randint(*ages)
        a = self.person(M, age, country=country)
        b = self.person(F, max(19, age + self.rng.randint(-4, 3)), country=country)
        union = self.rng.random()
        youngest = min(age, self.year - b.birth_year)
        years_together = self.rng.randint(1, max(1, min(youngest - 20, 45)))
        start = self.past_date(years_together)
        relation = R.PARTNER
        if union < 0.6:
            self.marry(a, b, start)
            relation = R.SPOUSE
        elif union < 0.8:
            self.cohabitations.append(DemoCohabitation(a.national_number, b.national_number, start))
            relation = R.LEGAL_COHABITANT
        since = max(since, start)
        members = [(a, R.REFERENCE_PERSON, since), (b, relation, since)]
        if kind == "young_family":
            kids = self.children(a, b, self.rng.randint(1, 3), max_age=min(16, years_together + 1))
            members += [(kid, R.CHILD, since) for kid in kids]
        elif kind == "older_family":
            kids = self.children(a, b, self.rng.randint(1, 2), max_age=min(28, age - 22), min_age=20)
            members += [(kid, R.CHILD, since) for kid in kids]
        for person, _relation, _since in members:
            if person.birth_year < since.year:
                self.moved_in(person, since)
        self.household(address, members)

    def children(
        self, a: DemoPerson, b: DemoPerson | None, count: int, *, max_age: int, min_age: int = 1
    ) -> list[DemoPerson]:
        kids = []
        family = a.family_name
        country = "BE" if self.rng.random() < 0.7 else self.country_of(a)
        for age in sorted(
            self.rng.sample(
                range(min_age, max(min_age, max_age) + 1), k=min(count, max(1, max_age - min_age + 1))
            ),
            reverse=True,
        ):
            kid = self.person(
                self.rng.choice([Sex.MALE, Sex.FEMALE]),
                age,
                family=family,
                country=country,
                birth_place=CITY if self.rng.random() < 0.7 else None,
            )
            self.parents(kid, *[p for p in (a, b) if p])
            kids.append(kid)
        return kids

    def country_of(self, person: DemoPerson) -> str:
        return person.birth_country if person.birth_country in FOREIGN else "BE"

    def moved_in(self, person: DemoPerson, since: date) -> None:
        """Give some residents a previous address, in the city or elsewhere."""
        if self.rng.random() < 0.45:
            earlier = self.rng.choice([self.address(), self.address_elsewhere()])
            start = date(max(person.birth_year + 18, since.year - self.rng.randint(2, 10)), 1, 1)
            if start < since:
                self.live(person, earlier, start.replace(month=self.rng.randint(1, 12)), since)

    def extras(self) -> None:
        """Funeral wishes and voter exclusions spread over the population."""
        adults = [p for p in self.persons.values() if self.year - p.birth_year >= 40 and p.death_date is None]
        dispositions, rituals = list(Disposition.values), list(Ritual.values)
        for person in self.rng.sample(adults, k=10):
            if any(w.national_number == person.national_number for w in self.funeral_wishes):
                continue
            self.wish(
                person, self.rng.choice(dispositions), self.rng.choice(rituals), self.rng.randint(1, 10)
            )

    def build(self) -> DemoPopulation:
        self.curated()
        while (
            len([p for p in self.persons.values() if p.death_date is None]) < MIN_LIVING_RESIDENTS
            or len(self.households) < MIN_HOUSEHOLDS
        ):
            self.random_household()
        self.extras()
        return DemoPopulation(
            reference_year=self.year,
            persons=list(self.persons.values()),
            nationalities=self.nationalities,
            residences=self.residences,
            households=self.households,
            parentages=self.parentages,
            acts=self.acts,
            marriages=self.marriages,
            cohabitations=self.cohabitations,
            voter_exclusions=self.voter_exclusions,
            funeral_wishes=self.funeral_wishes,
            personas=self.personas,
        )


@lru_cache(maxsize=4)
def _population_for_year(year: int) -> DemoPopulation:
    return _Builder(year).build()


def build_population(today: date | None = None) -> DemoPopulation:
    """The demo population as of `today` (default: the real today). Same year, same population.

    Treat the result as read-only: it is cached per year."""
    return _population_for_year((today or date.today()).year)


def sign_in_personas(today: date | None = None) -> list[dict]:
    """Living demo residents offered on the development identity provider's login page.

    Each dict: national_number (11 digits), given_name, family_name, birth_date (date or None
    when the birth day or month is unknown), description (Dutch). Pure: no database access."""
    return [dict(persona) for persona in build_population(today).personas]
