"""The per-person cache behind registry.services: fewer register reads, the same audit, never stale or mixed up.

Each test runs on the per-process cache of the test settings and, when a Redis is given
(``THUISLOKET_TEST_REDIS_URL`` or ``REDIS_URL``), on ``common.cache.ForgivingRedisCache`` too.
"""
import logging
import os

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from registry import cache as register_cache
from registry import services as registry
from registry.models import AccessRecord, Person
from registry.selectors import consultation_lines
from tests.factories.identity import ResidentFactory, UserFactory
from tests.factories.registry import PersonFactory

pytestmark = pytest.mark.django_db
REDIS_URL = os.environ.get("THUISLOKET_TEST_REDIS_URL") or os.environ.get("REDIS_URL")


@pytest.fixture(params=["local", "redis"], autouse=True)
def backend(request, settings):
    if request.param == "redis":
        if not REDIS_URL:
            pytest.skip("no Redis given (THUISLOKET_TEST_REDIS_URL or REDIS_URL)")
        settings.CACHES = {**settings.CACHES,  # the layout's fragments stay where they are
                           "default": {"BACKEND": "common.cache.ForgivingRedisCache", "LOCATION": REDIS_URL}}
    caches["default"].clear()
    yield request.param
    caches["default"].clear()


def register_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if '"registry_' in q["sql"] and "registry_accessrecord" not in q["sql"]]


def read_person(person, access):
    return registry.get_person(person.national_number, access=access)


def test_a_second_read_is_answered_without_asking_the_register():
    person = PersonFactory()
    me = registry.Access.resident_self(UserFactory())
    first = read_person(person, me)
    with CaptureQueriesContext(connection) as queries:
        again = read_person(person, me)
    assert again == first
    assert register_queries(queries) == []


def test_every_staff_read_writes_its_audit_row_also_when_the_answer_is_cached():
    person = PersonFactory()
    clerk = registry.Access.staff(UserFactory(first_name="An", last_name="Peeters"), "controle adres")
    read_person(person, clerk)
    with CaptureQueriesContext(connection) as queries:
        read_person(person, clerk)
    assert register_queries(queries) == []  # from the cache ...
    assert any("registry_accessrecord" in q["sql"] and q["sql"].startswith("INSERT") for q in queries.captured_queries)
    assert AccessRecord.objects.filter(purpose="controle adres").count() == 2  # ... and audited all the same


def test_no_cached_data_leaves_when_the_audit_row_cannot_be_written(monkeypatch):
    person = PersonFactory()
    clerk = registry.Access.staff(UserFactory(), "controle adres")
    read_person(person, clerk)

    def refuse(**kwargs):
        raise RuntimeError("audit table unavailable")

    monkeypatch.setattr(AccessRecord.objects, "create", refuse)
    with pytest.raises(RuntimeError):
        read_person(person, clerk)


def test_who_consulted_my_data_lists_every_staff_read_served_from_the_cache():
    person = PersonFactory()
    clerk = UserFactory(first_name="An", last_name="Peeters")
    for purpose in ("aanvraag attest", "controle adres"):
        registry.get_household(person.national_number, access=registry.Access.staff(clerk, purpose))
    lines = consultation_lines(person.national_number, own_user_id=None)
    assert [line.record.purpose for line in lines] == ["controle adres", "aanvraag attest"]


def test_a_change_in_the_register_shows_at_once():
    person = PersonFactory(family_name="Peeters")
    me = registry.Access.resident_self(UserFactory())
    assert read_person(person, me).family_name == "Peeters"
    person.family_name = "Maes"
    person.save()  # the embedded adapter sees its own tables change
    assert read_person(person, me).family_name == "Maes"


def test_a_change_the_adapter_reports_shows_at_once():
    person = PersonFactory(family_name="Peeters")
    me = registry.Access.resident_self(UserFactory())
    read_person(person, me)
    Person.objects.filter(pk=person.pk).update(family_name="Maes")  # behind the adapter's back: no signal
    assert read_person(person, me).family_name == "Peeters"  # the cache is really in the way ...
    register_cache.forget(person.national_number)  # ... until the adapter says this person changed
    assert read_person(person, me).family_name == "Maes"
    Person.objects.filter(pk=person.pk).update(family_name="Claes")
    register_cache.forget_everyone()
    assert read_person(person, me).family_name == "Claes"


def test_an_answer_computed_before_a_change_is_not_served_after_it():
    person = PersonFactory()
    answers = iter(["old", "new"])

    def ask_while_the_register_changes():
        answer = next(answers)
        if answer == "old":
            register_cache.forget(person.national_number)  # the change lands while "old" is on its way
        return answer

    assert register_cache.cached(person.national_number, "test", ask_while_the_register_changes) == "old"
    assert register_cache.cached(person.national_number, "test", ask_while_the_register_changes) == "new"


def test_the_issuing_pipeline_reads_the_register_itself():
    person = PersonFactory(family_name="Peeters")
    read_person(person, registry.Access.resident_self(UserFactory()))
    Person.objects.filter(pk=person.pk).update(family_name="Maes")
    assert read_person(person, registry.Access.system("attest")).family_name == "Maes"


def test_one_resident_never_gets_anothers_answers():
    first, second = PersonFactory(given_names="Els"), PersonFactory(given_names="Tom")
    for person in (first, second, first, second):
        me = registry.Access.resident_self(UserFactory())
        answer = read_person(person, me)
        assert (answer.national_number, answer.given_names) == (person.national_number, person.given_names)


def test_keys_and_logs_hold_no_national_number(monkeypatch, caplog):
    backend_cache = caches["default"]
    keys = []
    for name in ("get_many", "set", "add", "get"):
        original = getattr(backend_cache, name)

        def recording(key, *args, _original=original, **kwargs):
            keys.extend(key if isinstance(key, list) else [key])
            return _original(key, *args, **kwargs)

        monkeypatch.setattr(backend_cache, name, recording)
    person = PersonFactory()
    clerk = registry.Access.staff(UserFactory(), "controle adres")
    with caplog.at_level(logging.DEBUG):
        for _ in range(2):
            read_person(person, clerk)
            registry.get_household(person.national_number, access=clerk)
    assert any(key.startswith(register_cache.PREFIX) for key in keys)
    assert not [key for key in keys if person.national_number in key]
    assert person.national_number not in caplog.text


def test_an_unreachable_cache_only_costs_the_register_reads():
    # A port in this project's range on which nothing listens: every cache call is refused at once.
    unreachable = {"default": {"BACKEND": "common.cache.ForgivingRedisCache", "LOCATION": "redis://127.0.0.1:8437/0"}}
    person = PersonFactory(family_name="Peeters")
    me = registry.Access.resident_self(UserFactory())
    with override_settings(CACHES=unreachable):
        assert read_person(person, me).family_name == "Peeters"
        Person.objects.filter(pk=person.pk).update(family_name="Maes")
        assert read_person(person, me).family_name == "Maes"


def test_my_data_page_asks_the_register_once_and_loads_the_resident_with_the_user(client):
    person = PersonFactory()
    resident = ResidentFactory(national_number=person.national_number)
    client.force_login(resident.user)
    assert client.get("/mijn/gegevens/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/mijn/gegevens/")
    assert person.family_name in page.content.decode()
    assert register_queries(queries) == []
    assert not [q for q in queries.captured_queries if 'FROM "identity_resident"' in q["sql"]]
