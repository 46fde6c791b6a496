"""`check --deploy` refuses what works on one machine and breaks on two (portal/checks.py)."""
import pytest

from portal import checks

REDIS = {"default": {"BACKEND": "common.cache.ForgivingRedisCache", "LOCATION": "redis://cache.internal:6379/0"}}
S3 = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {"bucket_name": "thuisloket"}}


def ids(found):
    return {message.id for message in found}


@pytest.fixture
def production(settings):
    """Values that pass: Redis, a Redis broker, a real register, DEBUG off, WSGI with persistent connections."""
    settings.CACHES = REDIS
    settings.CELERY_BROKER_URL = "redis://cache.internal:6379/1"
    settings.REGISTRY_ADAPTER = "tests.registry.CityRegister"
    settings.REGISTRY_ADAPTER_DEMO_ALLOWED = False
    settings.DEBUG = False
    settings.WEB_REPLICAS = 1
    return settings


POSTGRES = {"ENGINE": "django.db.backends.postgresql", "NAME": "thuisloket", "CONN_MAX_AGE": 60, "OPTIONS": {}}


def all_checks():
    return checks.check_shared_services(None) + checks.check_production_values(None)


def test_production_values_pass(production):
    assert ids(all_checks()) == set()
    assert ids(checks.database_problems(POSTGRES, "wsgi")) == set()


@pytest.mark.parametrize("backend", ["django.core.cache.backends.locmem.LocMemCache",
                                     "django.core.cache.backends.dummy.DummyCache"])
def test_a_per_process_cache_is_refused(production, backend):
    production.CACHES = {"default": {"BACKEND": backend}}
    assert "thuisloket.E020" in ids(all_checks())


@pytest.mark.parametrize("broker", ["filesystem://", "memory://"])
def test_a_broker_inside_one_process_or_machine_is_refused(production, broker):
    production.CELERY_BROKER_URL = broker
    assert "thuisloket.E022" in ids(all_checks())


def test_the_demo_register_is_refused_unless_declared(production):
    production.REGISTRY_ADAPTER = checks.DEMO_REGISTRY
    assert "thuisloket.E023" in ids(all_checks())
    production.REGISTRY_ADAPTER_DEMO_ALLOWED = True
    assert "thuisloket.E023" not in ids(all_checks())


def test_debug_is_refused(production):
    production.DEBUG = True
    assert "thuisloket.E024" in ids(all_checks())


def test_local_disk_files_with_several_web_processes_are_refused(production):
    production.WEB_REPLICAS = 3
    # Local disk whatever the run's own storage is (CI's PostgreSQL run keeps its files in S3).
    production.STORAGES = {**production.STORAGES,
                           "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    assert "thuisloket.E025" in ids(all_checks())
    production.STORAGES = {**production.STORAGES, "default": S3}
    assert "thuisloket.E025" not in ids(all_checks())


def test_persistent_connections_under_asgi_are_refused_and_the_pool_is_the_answer():
    assert ids(checks.database_problems(POSTGRES, "asgi")) == {"thuisloket.E021"}
    pooled = {**POSTGRES, "CONN_MAX_AGE": 0, "OPTIONS": {"pool": {"min_size": 2, "max_size": 10}}}
    assert ids(checks.database_problems(pooled, "asgi")) == set()


def test_a_pool_with_persistent_connections_is_refused():
    pooled = {**POSTGRES, "OPTIONS": {"pool": {"min_size": 2}}}
    assert "thuisloket.E026" in ids(checks.database_problems(pooled, "wsgi"))


def test_sqlite_in_production_is_a_warning():
    assert ids(checks.database_problems({"ENGINE": "django.db.backends.sqlite3"}, "wsgi")) == {"thuisloket.W001"}
