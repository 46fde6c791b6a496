import pytest

pytest_plugins = ["tests.fixtures.devidp"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Discovery documents and throttles live in the cache; each test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
