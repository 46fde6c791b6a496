"""The curated cases of the demo population: the sign-in personas and the people around them (a family with
minor children, an heir, a widow, cohabitants, a divorced father, foreign nationals, a bis-number, ...)."""

from __future__ import annotations

from datetime import date

from registry.choices import Disposition, HouseholdRelation, Ritual, Sex
from registry.demo.builder import RecordBuilder
from registry.demo.data import CITY
from registry.demo.records import DemoAddress, DemoCohabitation, DemoVoterExclusion


def add_curated_cases(builder: RecordBuilder) -> None:
    """Add the sign-in personas, each with their family, homes and civil-status history."""
    M, F = Sex.MALE, Sex.FEMALE
    R = HouseholdRelation

    # A married couple with two minor children born in the city.
    sarah = builder.person(F, 38, given="Sarah", family="Peeters")
    tom = builder.person(M, 40, given="Tom", family="Janssens")
    noor = builder.person(F, 9, given="Noor", family="Janssens", birth_place=CITY)
    lucas = builder.person(M, 6, given="Lucas", family="Janssens", birth_place=CITY)
    wedding = builder.past_date(12)
    builder.marry(sarah, tom, wedding)
    home = builder.address("Kastanjelaan")
    builder.household(
        home,
        [
            (sarah, R.REFERENCE_PERSON, wedding),
            (tom, R.SPOUSE, wedding),
            (noor, R.CHILD, noor.earliest_birth_date),
            (lucas, R.CHILD, lucas.earliest_birth_date),
        ],
    )
    for child in (noor, lucas):
        builder.parents(child, sarah, tom)
    builder.persona(sarah, "ouder van twee minderjarige kinderen")

    # A father who died last year; his widow and two adult children live in the city.
    jozef = builder.person(M, 79, given="Jozef", family="Claes", birth_place=CITY)
    maria = builder.person(F, 76, given="Maria", family="Wouters")
    pieter = builder.person(M, 50, given="Pieter", family="Claes", birth_place=CITY)
    griet = builder.person(F, 47, given="Griet", family="Claes", birth_place=CITY)
    married = builder.past_date(53)
    builder.marry(jozef, maria, married)
    death = builder.past_date(1, month=3, day=14)
    parents_home = builder.address("Molenstraat")
    builder.household(
        parents_home,
        [(maria, R.REFERENCE_PERSON, married), (jozef, R.SPOUSE, married)],
        ended={jozef.national_number: death},
    )
    builder.die(jozef, death)
    for child in (pieter, griet):
        builder.parents(child, jozef, maria)
        builder.live(
            child, parents_home, child.earliest_birth_date, builder.past_date(25 if child is pieter else 22)
        )
    builder.wish(maria, Disposition.BURIAL, Ritual.CATHOLIC, 2)
    pieter_partner = builder.person(F, 48, given="Katrien", family="Aerts")
    pieter_kid = builder.person(M, 15, given="Robbe", family="Claes", birth_place=CITY)
    pieter_wedding = builder.past_date(20)
    builder.marry(pieter, pieter_partner, pieter_wedding)
    builder.household(
        builder.address("Lindelaan"),
        [
            (pieter, R.REFERENCE_PERSON, pieter_wedding),
            (pieter_partner, R.SPOUSE, pieter_wedding),
            (pieter_kid, R.CHILD, pieter_kid.earliest_birth_date),
        ],
    )
    builder.parents(pieter_kid, pieter, pieter_partner)
    builder.household(builder.address("Hoogstraat"), [(griet, R.REFERENCE_PERSON, builder.past_date(22))])
    builder.persona(pieter, "erfgenaam van een overleden vader")
    builder.persona(maria, "weduwe, erfgenaam van haar overleden echtgenoot")

    # A legally cohabiting couple.
    lotte = builder.person(F, 31, given="Lotte", family="Maes")
    jonas = builder.person(M, 33, given="Jonas", family="Willems")
    together = builder.past_date(4)
    builder.cohabitations.append(
        DemoCohabitation(lotte.national_number, jonas.national_number, builder.past_date(3, month=5, day=17))
    )
    builder.household(
        builder.address("Beekstraat"),
        [(lotte, R.REFERENCE_PERSON, together), (jonas, R.LEGAL_COHABITANT, together)],
    )
    builder.persona(lotte, "wettelijk samenwonend")

    # A divorced father; his minor son lives with his ex-wife.
    kristof = builder.person(M, 44, given="Kristof", family="Mertens")
    els = builder.person(F, 42, given="Els", family="Jacobs")
    wout = builder.person(M, 10, given="Wout", family="Mertens", birth_place=CITY)
    marriage = builder.marry(kristof, els, builder.past_date(14, month=6, day=8))
    separated = builder.past_date(4, month=10, day=1)
    family_home = builder.address("Kapelstraat")
    builder.household(
        family_home,
        [(els, R.REFERENCE_PERSON, marriage.married_on), (wout, R.CHILD, wout.earliest_birth_date)],
    )
    builder.live(kristof, family_home, marriage.married_on, separated)
    builder.household(builder.address("Stationsstraat"), [(kristof, R.REFERENCE_PERSON, separated)])
    builder.parents(wout, kristof, els)
    builder.divorce(marriage, builder.past_date(3, month=2, day=3))
    builder.persona(kristof, "gescheiden, vader van een minderjarige zoon")

    # A Dutch resident who moved in from Rotterdam.
    daan = builder.person(M, 36, given="Daan", family="de Vries", country="NL", birth_place="Rotterdam")
    moved_in = builder.past_date(5)
    builder.live(
        daan,
        DemoAddress("Coolsingel", "40", "", "3011 AD", "Rotterdam", "NL"),
        builder.past_date(12),
        moved_in,
    )
    builder.household(builder.address("Marktplein"), [(daan, R.REFERENCE_PERSON, moved_in)])
    builder.persona(daan, "Nederlandse nationaliteit")

    # A Polish resident identified by a bis-number.
    piotr = builder.person(
        M, 41, given="Piotr", family="Nowak", country="PL", birth_place="Kraków", bis=True
    )
    builder.household(builder.address("Zandstraat"), [(piotr, R.REFERENCE_PERSON, builder.past_date(2))])
    builder.persona(piotr, "bisnummer, Poolse nationaliteit")

    # Born in Morocco, birth day unknown; Belgian by naturalisation, Moroccan still.
    fatima = builder.person(
        F,
        52,
        given="Fatima",
        family="El Amrani",
        country="MA",
        birth_place="Nador",
        day_known=False,
        naturalised_years_ago=15,
    )
    youssef = builder.person(
        M, 61, given="Youssef", family="Benali", country="MA", birth_place="Oujda", month_known=False
    )
    since = builder.past_date(20)
    builder.marry(youssef, fatima, builder.past_date(27), place="Nador")
    builder.household(
        builder.address("Abdijstraat"), [(fatima, R.REFERENCE_PERSON, since), (youssef, R.SPOUSE, since)]
    )
    builder.persona(fatima, "geboortedag onbekend, Belgische en Marokkaanse nationaliteit")

    # Living alone, funeral wishes on file.
    luc = builder.person(M, 58, given="Luc", family="Vermeulen")
    builder.household(builder.address("Meersstraat"), [(luc, R.REFERENCE_PERSON, builder.past_date(16))])
    builder.wish(luc, Disposition.CREMATION_SCATTERING, Ritual.NON_CONFESSIONAL, 3)
    builder.persona(luc, "alleenstaand, wensen voor de uitvaart geregistreerd")

    # A young adult born after 2000 (check digits with the "2" prefix), living with her parents.
    emma = builder.person(F, 21, given="Emma", family="Goossens", birth_place=CITY)
    filip = builder.person(M, 53, given="Filip", family="Goossens")
    ilse = builder.person(F, 51, given="Ilse", family="Smets")
    wed = builder.past_date(24)
    builder.marry(filip, ilse, wed)
    builder.household(
        builder.address("Veldstraat"),
        [
            (filip, R.REFERENCE_PERSON, wed),
            (ilse, R.SPOUSE, wed),
            (emma, R.CHILD, emma.earliest_birth_date),
        ],
    )
    builder.parents(emma, filip, ilse)
    builder.persona(emma, "jongvolwassene geboren na 2000, woont bij haar ouders")

    # Moved twice within the city.
    an = builder.person(F, 45, given="An", family="Lambrecht")
    first, second, third = builder.past_date(15), builder.past_date(8), builder.past_date(2)
    builder.live(an, builder.address("Dorpsstraat"), first, second)
    builder.live(an, builder.address("Schoolstraat"), second, third)
    builder.household(builder.address("Leopoldlaan"), [(an, R.REFERENCE_PERSON, third)])
    builder.persona(an, "verhuisd binnen de stad")

    # Moved in from Gent with his partner (de facto, not declared).
    bram = builder.person(M, 29, given="Bram", family="De Smet")
    hanne = builder.person(F, 28, given="Hanne", family="Verstraete")
    gent = builder.address("Veldstraat", postcode="9000", municipality="Gent")
    came = builder.past_date(1)
    builder.live(bram, gent, builder.past_date(6), came)
    builder.live(hanne, gent, builder.past_date(6), came)
    builder.household(
        builder.address("Nieuwstraat"), [(bram, R.REFERENCE_PERSON, came), (hanne, R.PARTNER, came)]
    )
    builder.persona(bram, "ingeweken uit Gent, feitelijk samenwonend")

    # Excluded from voting (a court ruling).
    geert = builder.person(M, 47, given="Geert", family="Hermans")
    builder.household(builder.address("Brugstraat"), [(geert, R.REFERENCE_PERSON, builder.past_date(9))])
    builder.voter_exclusions.append(
        DemoVoterExclusion(
            geert.national_number, "veroordeling", builder.past_date(2), date(builder.year + 4, 1, 1)
        )
    )
    builder.persona(geert, "uitgesloten van het kiesrecht")
