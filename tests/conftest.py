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
