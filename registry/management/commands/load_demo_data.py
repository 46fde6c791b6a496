"""Load the demo population of Stad Voorbeeld into the embedded registry (idempotent)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from registry import cache
from registry.demo import build_population
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

# Deleted child-first so PROTECT foreign keys never block a reset. The audit trail is kept.
DEMO_MODELS = [
    ActParty,
    Marriage,
    CivilStatusAct,
    LegalCohabitation,
    HouseholdMembership,
    Household,
    Residence,
    Nationality,
    Parentage,
    VoterExclusion,
    FuneralWishes,
    Person,
    Address,
]


class Command(BaseCommand):
    help = "Load the demo population of Stad Voorbeeld into the embedded registry (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Remove all registry data (not the audit trail) and load the demo again.",
        )

    def handle(self, *args, reset=False, **options):
        population = build_population()
        numbers = [p.national_number for p in population.persons]
        if reset:
            self.reset()
        present = Person.objects.filter(national_number__in=numbers).count()
        if present == len(numbers):
            self.stdout.write("The demo population is already loaded; nothing to do.")
            return
        if Person.objects.exists():
            # Ages follow the current year, so last year's demo has other national numbers.
            self.stderr.write(
                self.style.WARNING(
                    "The registry holds other data than this year's demo population; "
                    "run with --reset to replace it."
                )
            )
            return
        with transaction.atomic():
            counts = load(population)
        self.stdout.write(
            self.style.SUCCESS(f"Loaded {counts['persons']} persons in {counts['households']} households.")
        )

    @transaction.atomic
    def reset(self):
        for model in DEMO_MODELS:
            model.objects.all().delete()


def load(population) -> dict:
    """Bulk-insert a DemoPopulation; returns a few counts."""
    persons = Person.objects.bulk_create(
        [
            Person(
                national_number=p.national_number,
                given_names=p.given_names,
                family_name=p.family_name,
                sex=p.sex,
                birth_year=p.birth_year,
                birth_month=p.birth_month,
                birth_day=p.birth_day,
                birth_place=p.birth_place,
                birth_country=p.birth_country,
                death_date=p.death_date,
                death_place=p.death_place,
                is_bis_number=p.is_bis_number,
            )
            for p in population.persons
        ]
    )
    # bulk_create sets primary keys on PostgreSQL and SQLite; re-read to be safe on any backend.
    person_ids = dict(
        Person.objects.filter(national_number__in=[p.national_number for p in persons]).values_list(
            "national_number", "pk"
        )
    )
    demo_addresses = population.addresses
    Address.objects.bulk_create(
        [
            Address(
                street=a.street,
                house_number=a.house_number,
                box=a.box,
                postcode=a.postcode,
                municipality=a.municipality,
                country=a.country,
            )
            for a in demo_addresses
        ]
    )
    address_ids = {
        (a.street, a.house_number, a.box, a.postcode, a.municipality, a.country): a.pk
        for a in Address.objects.all()
    }

    def address_id(a):
        return address_ids[(a.street, a.house_number, a.box, a.postcode, a.municipality, a.country)]

    Nationality.objects.bulk_create(
        [
            Nationality(
                person_id=person_ids[n.national_number],
                country=n.country,
                valid_from=n.valid_from,
                valid_until=n.valid_until,
            )
            for n in population.nationalities
        ]
    )
    Residence.objects.bulk_create(
        [
            Residence(
                person_id=person_ids[r.national_number],
                address_id=address_id(r.address),
                valid_from=r.valid_from,
                valid_until=r.valid_until,
                is_main_residence=r.is_main_residence,
            )
            for r in population.residences
        ]
    )
    Household.objects.bulk_create(
        [
            Household(
                number=h.number,
                address_id=address_id(h.address),
                reference_person_id=person_ids[h.reference_person],
            )
            for h in population.households
        ]
    )
    household_ids = dict(Household.objects.values_list("number", "pk"))
    HouseholdMembership.objects.bulk_create(
        [
            HouseholdMembership(
                household_id=household_ids[h.number],
                person_id=person_ids[m.national_number],
                relation=m.relation,
                valid_from=m.valid_from,
                valid_until=m.valid_until,
            )
            for h in population.households
            for m in h.members
        ]
    )
    Parentage.objects.bulk_create(
        [
            Parentage(parent_id=person_ids[parent], child_id=person_ids[child])
            for parent, child in population.parentages
        ]
    )
    CivilStatusAct.objects.bulk_create(
        [
            CivilStatusAct(kind=a.kind, act_number=a.act_number, date=a.date, place=a.place)
            for a in population.acts
        ]
    )
    act_ids = dict(CivilStatusAct.objects.values_list("act_number", "pk"))
    ActParty.objects.bulk_create(
        [
            ActParty(act_id=act_ids[a.act_number], person_id=person_ids[number], role=role)
            for a in population.acts
            for number, role in a.parties
        ]
    )
    Marriage.objects.bulk_create(
        [
            Marriage(
                spouse_a_id=person_ids[m.spouse_a],
                spouse_b_id=person_ids[m.spouse_b],
                married_on=m.married_on,
                marriage_act_id=act_ids[m.marriage_act],
                ended_on=m.ended_on,
                end_reason=m.end_reason,
                divorce_act_id=act_ids.get(m.divorce_act),
            )
            for m in population.marriages
        ]
    )
    LegalCohabitation.objects.bulk_create(
        [
            LegalCohabitation(
                person_a_id=person_ids[c.person_a],
                person_b_id=person_ids[c.person_b],
                declared_on=c.declared_on,
                ended_on=c.ended_on,
            )
            for c in population.cohabitations
        ]
    )
    VoterExclusion.objects.bulk_create(
        [
            VoterExclusion(
                person_id=person_ids[e.national_number],
                reason=e.reason,
                valid_from=e.valid_from,
                valid_until=e.valid_until,
            )
            for e in population.voter_exclusions
        ]
    )
    FuneralWishes.objects.bulk_create(
        [
            FuneralWishes(
                person_id=person_ids[w.national_number],
                disposition=w.disposition,
                ritual=w.ritual,
                declared_on=w.declared_on,
            )
            for w in population.funeral_wishes
        ]
    )
    # bulk_create sends no signals: forget cached register answers here, now and after the commit.
    cache.forget_everyone()
    transaction.on_commit(cache.forget_everyone)
    return {"persons": len(persons), "households": len(population.households)}
