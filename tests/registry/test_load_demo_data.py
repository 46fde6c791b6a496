import time

import pytest
from django.core.management import call_command

from registry.demo import build_population, sign_in_personas
from registry.models import AccessRecord, CivilStatusAct, Household, Person, Residence
from registry.services import Access, get_household, get_person

pytestmark = pytest.mark.django_db


def _counts():
    return [m.objects.count() for m in (Person, Household, Residence, CivilStatusAct)]


def test_load_demo_data_is_quick_and_complete():
    started = time.monotonic()
    call_command("load_demo_data", verbosity=0)
    assert time.monotonic() - started < 5
    population = build_population()
    assert Person.objects.count() == len(population.persons)
    assert Household.objects.count() == len(population.households) >= 80


def test_load_demo_data_twice_changes_nothing(capsys):
    call_command("load_demo_data")
    before = _counts()
    call_command("load_demo_data")
    assert _counts() == before
    assert "already loaded" in capsys.readouterr().out


def test_sign_in_personas_exist_in_the_demo_population(demo_registry):
    for persona in sign_in_personas():
        person = get_person(persona["national_number"], access=Access.system("test"))
        assert person is not None and person.is_alive
        assert (person.given_names, person.family_name) == (persona["given_name"], persona["family_name"])
        assert person.birth_date == persona["birth_date"]
        assert person.current_address is not None
        assert get_household(persona["national_number"], access=Access.system("test")) is not None


def test_reset_reloads_but_keeps_the_audit_trail(demo_registry):
    get_person(sign_in_personas()[0]["national_number"], access=Access.system("test"))
    call_command("load_demo_data", reset=True, verbosity=0)
    assert Person.objects.count() == len(build_population().persons)
    assert AccessRecord.objects.count() == 1
