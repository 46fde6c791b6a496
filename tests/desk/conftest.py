import pytest


@pytest.fixture
def desk_config(db):
    """The demo departments, categories, response matrix v1, routing rules and standard answers."""
    from desk.demo import load_desk_configuration

    load_desk_configuration()


@pytest.fixture
def category(desk_config):
    from desk.models import Category

    return Category.objects.get(slug="straatverlichting")
