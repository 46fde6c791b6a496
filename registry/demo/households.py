"""The rest of the city: random households until the demo population is large enough, then funeral wishes
spread over it."""

from __future__ import annotations

from datetime import date

from registry.choices import Disposition, HouseholdRelation, Ritual, Sex
from registry.demo.builder import RecordBuilder
from registry.demo.data import CITY, FOREIGN
from registry.demo.records import DemoCohabitation, DemoPerson


def random_country(builder: RecordBuilder) -> str:
    """Mostly Belgian, sometimes one of the foreign countries of the data."""
    roll = builder.rng.random()
    if roll < 0.82:
        return "BE"
    return builder.rng.choice(sorted(FOREIGN))

def add_random_household(builder: RecordBuilder) -> None:
    """One household of a random kind (single, couple, family, single parent, elderly) at a new address."""
    M, F = Sex.MALE, Sex.FEMALE
    R = HouseholdRelation
    kind = builder.rng.choices(
        ["single", "couple", "young_family", "older_family", "single_parent", "elderly"],
        weights=[22, 18, 28, 10, 10, 12],
    )[0]
    country = random_country(builder)
    since = builder.past_date(builder.rng.randint(1, 20))
    address = builder.address()

    if kind == "single":
        sex = builder.rng.choice([M, F])
        person = builder.person(sex, builder.rng.randint(19, 85), country=country)
        moved_in(builder, person, since)
        builder.household(address, [(person, R.REFERENCE_PERSON, since)])
        return
    if kind == "single_parent":
        parent = builder.person(builder.rng.choice([F, F, M]), builder.rng.randint(28, 48), country=country)
        kids = children(builder, parent, None, builder.rng.randint(1, 2), max_age=16)
        moved_in(builder, parent, since)
        builder.household(
            address, [(parent, R.REFERENCE_PERSON, since)] + [(kid, R.CHILD, since) for kid in kids]
        )
        return

    ages = {"couple": (24, 70), "young_family": (27, 46), "older_family": (46, 62), "elderly": (70, 90)}[
        kind
    ]
    age = builder.rng.randint(*ages)
    a = builder.person(M, age, country=country)
    b = builder.person(F, max(19, age + builder.rng.randint(-4, 3)), country=country)
    union = builder.rng.random()
    youngest = min(age, builder.year - b.birth_year)
    years_together = builder.rng.randint(1, max(1, min(youngest - 20, 45)))
    start = builder.past_date(years_together)
    relation = R.PARTNER
    if union < 0.6:
        builder.marry(a, b, start)
        relation = R.SPOUSE
    elif union < 0.8:
        builder.cohabitations.append(DemoCohabitation(a.national_number, b.national_number, start))
        relation = R.LEGAL_COHABITANT
    since = max(since, start)
    members = [(a, R.REFERENCE_PERSON, since), (b, relation, since)]
    if kind == "young_family":
        kids = children(builder, a, b, builder.rng.randint(1, 3), max_age=min(16, years_together + 1))
        members += [(kid, R.CHILD, since) for kid in kids]
    elif kind == "older_family":
        kids = children(builder, a, b, builder.rng.randint(1, 2), max_age=min(28, age - 22), min_age=20)
        members += [(kid, R.CHILD, since) for kid in kids]
    for person, _relation, _since in members:
        if person.birth_year < since.year:
            moved_in(builder, person, since)
    builder.household(address, members)

def children(
    builder: RecordBuilder, a: DemoPerson, b: DemoPerson | None, count: int, *, max_age: int, min_age: int = 1
) -> list[DemoPerson]:
    kids = []
    family = a.family_name
    country = "BE" if builder.rng.random() < 0.7 else country_of(a)
    for age in sorted(
        builder.rng.sample(
            range(min_age, max(min_age, max_age) + 1), k=min(count, max(1, max_age - min_age + 1))
        ),
        reverse=True,
    ):
        kid = builder.person(
            builder.rng.choice([Sex.MALE, Sex.FEMALE]),
            age,
            family=family,
            country=country,
            birth_place=CITY if builder.rng.random() < 0.7 else None,
        )
        builder.parents(kid, *[p for p in (a, b) if p])
        kids.append(kid)
    return kids

def country_of(person: DemoPerson) -> str:
    """The person's foreign birth country when the data knows it, else Belgium."""
    return person.birth_country if person.birth_country in FOREIGN else "BE"

def moved_in(builder: RecordBuilder, person: DemoPerson, since: date) -> None:
    """Give some residents a previous address, in the city or elsewhere."""
    if builder.rng.random() < 0.45:
        earlier = builder.rng.choice([builder.address(), builder.address_elsewhere()])
        start = date(max(person.birth_year + 18, since.year - builder.rng.randint(2, 10)), 1, 1)
        if start < since:
            builder.live(person, earlier, start.replace(month=builder.rng.randint(1, 12)), since)

def add_extras(builder: RecordBuilder) -> None:
    """Funeral wishes and voter exclusions spread over the population."""
    adults = [p for p in builder.persons.values() if builder.year - p.birth_year >= 40 and p.death_date is None]
    dispositions, rituals = list(Disposition.values), list(Ritual.values)
    for person in builder.rng.sample(adults, k=10):
        if any(w.national_number == person.national_number for w in builder.funeral_wishes):
            continue
        builder.wish(
            person, builder.rng.choice(dispositions), builder.rng.choice(rituals), builder.rng.randint(1, 10)
        )
