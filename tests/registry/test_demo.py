from collections import Counter
from datetime import date

from stdnum.be import bis, nn

from registry.choices import ActKind, MarriageEnd
from registry.demo import PopulationBuilder, build_population, sign_in_personas


def _is_valid(number: str) -> bool:
    return nn.is_valid(number) or bis.is_valid(number)


def test_every_demo_national_number_is_valid():
    population = build_population()
    numbers = [p.national_number for p in population.persons]
    assert len(numbers) == len(set(numbers))
    assert [n for n in numbers if not _is_valid(n)] == []


def test_demo_population_is_the_same_every_run():
    # Build twice without the per-year cache.
    year = date.today().year
    one, two = PopulationBuilder(year).build(), PopulationBuilder(year).build()
    assert [p.national_number for p in one.persons] == [p.national_number for p in two.persons]
    assert one.personas == two.personas


def test_demo_population_has_the_cases_the_certificates_need():
    population = build_population()
    today = date.today()
    living = population.living
    assert len(living) >= 200
    assert len(population.households) >= 80
    by_number = {p.national_number: p for p in population.persons}

    # Minors living with their parents.
    parents_of = {}
    for parent, child in population.parentages:
        parents_of.setdefault(child, set()).add(parent)
    minors = [p for p in living if p.birth_date and (today - p.birth_date).days < 17 * 365]
    assert len(minors) >= 20
    assert all(m.national_number in parents_of for m in minors)

    # A deceased person whose heirs (children and surviving spouse) live in the city.
    deceased = [p for p in population.persons if p.death_date]
    assert deceased and all(p.death_date < today for p in deceased)
    dead = deceased[0].national_number
    heirs = {child for parent, child in population.parentages if parent == dead}
    assert heirs and all(by_number[h].death_date is None for h in heirs)
    assert any(
        m.end_reason == MarriageEnd.DEATH and dead in (m.spouse_a, m.spouse_b) for m in population.marriages
    )

    acts = Counter(a.kind for a in population.acts)
    assert acts[ActKind.MARRIAGE] >= 1 and acts[ActKind.DIVORCE] >= 1 and acts[ActKind.DEATH] >= 1
    assert acts[ActKind.BIRTH] >= 10
    assert any(m.end_reason == MarriageEnd.DIVORCE and m.divorce_act for m in population.marriages)
    assert population.cohabitations

    countries = {n.country for n in population.nationalities}
    assert {"BE", "NL", "FR", "MA", "PL", "TR", "RO"} <= countries

    assert any(p.is_bis_number and 40 < int(p.national_number[2:4]) <= 52 for p in living)
    assert any(p.birth_day is None and p.national_number[4:6] == "00" for p in living)
    assert any(p.birth_month is None and p.national_number[2:4] == "00" for p in living)
    assert sum(1 for p in living if p.birth_year >= 2000) >= 30

    # Address histories: people who moved within the city and people who moved in.
    moves = Counter(r.national_number for r in population.residences)
    assert sum(1 for count in moves.values() if count > 1) >= 20
    assert any(r.address.municipality != "Stad Voorbeeld" for r in population.residences)
    assert population.voter_exclusions and population.funeral_wishes


def test_demo_events_are_never_in_the_future():
    population = build_population()
    today = date.today()
    assert all(r.valid_from <= today for r in population.residences)
    assert all(a.date <= today for a in population.acts)
    assert all(p.earliest_birth_date <= today for p in population.persons)


def test_sign_in_personas_are_living_residents_with_the_promised_keys():
    personas = sign_in_personas()
    assert 10 <= len(personas) <= 15
    population = build_population()
    living = {p.national_number: p for p in population.living}
    for persona in personas:
        assert set(persona) == {"national_number", "given_name", "family_name", "birth_date", "description"}
        person = living[persona["national_number"]]
        assert persona["birth_date"] == person.birth_date
        assert _is_valid(persona["national_number"])
    descriptions = " | ".join(p["description"] for p in personas)
    for phrase in (
        "minderjarige kinderen",
        "erfgenaam",
        "wettelijk samenwonend",
        "gescheiden",
        "Nederlandse",
        "bisnummer",
        "geboortedag onbekend",
        "alleenstaand",
    ):
        assert phrase in descriptions


def test_sign_in_personas_need_no_database():
    # No `db` fixture: pytest-django would refuse any query made here.
    assert sign_in_personas()[0]["national_number"].isdigit()
