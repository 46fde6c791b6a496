import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

BRUSSELS = ZoneInfo("Europe/Brussels")
_numbers = itertools.count(300)


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


def make_resident(given_name="Jan", family_name="Peeters", language="nl"):
    from identity.models import Resident, User
    from identity.nrn import keyed_hash

    n = next(_numbers)
    base = f"800101{n:03d}"
    number = f"{base}{97 - int(base) % 97:02d}"
    user = User.objects.create_user(username=f"chatter{n}")
    return Resident.objects.create(user=user, nrn_hash=keyed_hash(number), national_number=number,
                                   given_name=given_name, family_name=family_name, preferred_language=language)


@pytest.fixture
def resident(db):
    return make_resident()


def staff_client(client, username="agent", role="desk_agent", departments=()):
    """A member of staff signed in with both factors (the real two-step sign-in)."""
    from desk.models import Department
    from tests.identity.test_staff_helpers import make_staff, sign_in

    user = make_staff(username, role=role, first_name=username.title(), last_name="Medewerker")
    for code in departments:
        Department.objects.get(code=code).members.add(user)
    sign_in(client, user)
    return user
