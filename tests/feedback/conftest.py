import re

import pytest
from django.utils import translation

NATIONAL_NUMBER = "85073003328"
LINK = re.compile(r"https?://\S+/meldingen/tevredenheid/([\w-]+)/\?tevreden=(ja|nee)")


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def desk_config(db):
    """The demo departments, categories, response matrix v1 and routing rules (desk.demo)."""
    from desk.demo import load_desk_configuration

    load_desk_configuration()


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process (Celery's own testing switch), so .delay() really delivers."""
    from portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def resident(db):
    from identity.models import Resident, User
    from identity.nrn import keyed_hash

    user = User.objects.create_user(username="inwoner")
    return Resident.objects.create(user=user, nrn_hash=keyed_hash(NATIONAL_NUMBER), national_number=NATIONAL_NUMBER,
                                   given_name="Jan", family_name="Janssens", preferred_language="nl")


@pytest.fixture
def agent(desk_config):
    from tests.identity.test_staff_helpers import make_staff

    return make_staff("agent", role="desk_agent", first_name="Agnes")


def links(text: str) -> dict[str, str]:
    """{"ja": token, "nee": token} from a message body."""
    return {answer: token for token, answer in LINK.findall(text)}
