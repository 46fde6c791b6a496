"""The population register (registry): people, addresses, households, parentage and marriages."""
import itertools
from datetime import date

import factory

from registry.choices import HouseholdRelation, MarriageEnd, Sex
from registry.demo import national_number_for
from registry.models import (
    Address,
    Household,
    HouseholdMembership,
    Marriage,
    Nationality,
    Parentage,
    Person,
    Residence,
)

_counters = itertools.count()


def _national_number(person) -> str:
    # Odd day counters for men, even for women; unique across the test session.
    counter = 2 * (next(_counters) % 490) + (1 if person.sex == Sex.MALE else 2)
    return national_number_for(person.birth_year, person.birth_month or 0, person.birth_day or 0, counter)


class PersonFactory(factory.django.DjangoModelFactory):
    """A Belgian resident; `age` (years on today's date) sets the birth date."""

    class Meta:
        model = Person
        skip_postgeneration_save = True

    class Params:
        age = 40
        deceased = factory.Trait(death_date=factory.LazyFunction(lambda: date(date.today().year - 1, 3, 1)))

    given_names = factory.Iterator(["Jan", "Els", "Tom", "Lien"])
    family_name = factory.Iterator(["Peeters", "Maes", "Claes"])
    sex = Sex.MALE
    birth_year = factory.LazyAttribute(lambda o: date.today().year - o.age - 1)
    birth_month = 6
    birth_day = 15
    birth_place = "Stad Voorbeeld"
    national_number = factory.LazyAttribute(_national_number)

    @factory.post_generation
    def belgian(self, create, extracted, **kwargs):
        if create and extracted is not False:
            Nationality.objects.create(person=self, country="BE", valid_from=self.birth_date)


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    street = "Kerkstraat"
    house_number = factory.Sequence(lambda n: str(n + 1))
    postcode = "9999"
    municipality = "Stad Voorbeeld"


class ResidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Residence

    person = factory.SubFactory(PersonFactory)
    address = factory.SubFactory(AddressFactory)
    valid_from = date(2015, 1, 1)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household
        skip_postgeneration_save = True

    number = factory.Sequence(lambda n: f"T{n:05d}")
    address = factory.SubFactory(AddressFactory)
    reference_person = factory.SubFactory(PersonFactory)

    @factory.post_generation
    def with_reference_membership(self, create, extracted, **kwargs):
        if create:
            HouseholdMembership.objects.create(
                household=self,
                person=self.reference_person,
                relation=HouseholdRelation.REFERENCE_PERSON,
                valid_from=date(2015, 1, 1),
            )


class ParentageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parentage

    parent = factory.SubFactory(PersonFactory)
    child = factory.SubFactory(PersonFactory, age=8)


class MarriageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Marriage

    class Params:
        divorced = factory.Trait(ended_on=date(2020, 5, 1), end_reason=MarriageEnd.DIVORCE)

    spouse_a = factory.SubFactory(PersonFactory)
    spouse_b = factory.SubFactory(PersonFactory, sex=Sex.FEMALE)
    married_on = date(2000, 6, 1)
