import pytest

pytest_plugins = ["tests.fixtures.devidp"]


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
