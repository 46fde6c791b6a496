import shutil
from pathlib import Path

import pytest

pytest_plugins = ["tests.fixtures.devidp", "tests.fixtures.s3"]


def pytest_configure(config):
    """Create the folders the test settings name (importing settings creates nothing): WhiteNoise scans
    STATIC_ROOT when the first request comes in, and SQLite needs the test database's folder."""
    from django.conf import settings

    run_dir = getattr(settings, "TEST_RUN_DIR", None)
    if run_dir is not None:
        Path(run_dir).mkdir(mode=0o700, parents=True, exist_ok=True)  # private, like tempfile.mkdtemp
    folders = [settings.STATIC_ROOT, settings.MEDIA_ROOT]
    test_database = settings.DATABASES["default"].get("TEST", {}).get("NAME")
    if test_database:
        folders.append(Path(test_database).parent)
    for folder in folders:
        Path(folder).mkdir(mode=0o700, parents=True, exist_ok=True)


def pytest_unconfigure(config):
    """Remove this run's temporary folder (portal/settings/test.py), broker and uploads included."""
    from django.conf import settings

    run_dir = getattr(settings, "TEST_RUN_DIR", None)
    if run_dir is not None:
        shutil.rmtree(run_dir, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Discovery documents and throttles live in the cache; each test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def oidc(settings, devidp):
    """Point the portal at the development provider the test session started."""
    settings.OIDC_OP_ISSUER = devidp.issuer
    settings.OIDC_RP_CLIENT_ID = devidp.client_id
    settings.OIDC_RP_CLIENT_SECRET = devidp.client_secret
    return devidp


@pytest.fixture
def demo_registry(db):
    from django.core.management import call_command

    call_command("load_demo_data", verbosity=0)


@pytest.fixture
def intercepted_tasks(monkeypatch):
    """``intercepted_tasks("task.name")`` → the argument tuples of that task as they are queued (by
    ``common.jobs``) instead of running it; every other task is queued as usual."""
    from common import jobs

    enqueue, intercepted = jobs.enqueue, {}

    def record(task_name, *args, **options):
        if task_name in intercepted:
            intercepted[task_name].append(args)
        else:
            enqueue(task_name, *args, **options)

    monkeypatch.setattr(jobs, "enqueue", record)
    return lambda task_name: intercepted.setdefault(task_name, [])
