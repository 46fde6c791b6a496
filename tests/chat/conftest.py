from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

BRUSSELS = ZoneInfo("Europe/Brussels")


def local(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def desk_config(db):
    """The demo departments, categories, matrix v1 (in force since 2025, so past dates have terms)."""
    from desk.demo import load_desk_configuration
    from desk.models import ResponseMatrix

    load_desk_configuration()
    ResponseMatrix.objects.update(published_at=local(2025, 1, 1))


@pytest.fixture
def office_hours(settings):
    """The chat answers on weekdays 08:30-12:00 and 13:00-17:00 (the desk's hours)."""
    settings.CHAT_OPENING_HOURS = "mon-fri 08:30-12:00,13:00-17:00"
    settings.DESK_OPENING_HOURS = "mon-fri 08:30-12:00,13:00-17:00"


@pytest.fixture
def always_open(settings):
    settings.CHAT_OPENING_HOURS = "always"


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process (Celery's own testing switch), so queued deliveries really happen."""
    from portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def resident(db):
    from tests.factories.identity import ResidentFactory

    return ResidentFactory()


def staff_client(client, username="agent", role="desk_agent", departments=()):
    """A member of staff signed in with both factors (the real two-step sign-in)."""
    from desk.models import Department
    from tests.factories.identity import StaffUserFactory
    from tests.identity.test_staff_helpers import sign_in

    user = StaffUserFactory(username=username, role=role, first_name=username.title(), last_name="Medewerker")
    for code in departments:
        Department.objects.get(code=code).members.add(user)
    sign_in(client, user)
    return user
