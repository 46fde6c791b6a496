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
    from tests.factories.identity import ResidentFactory

    return ResidentFactory(user__username="inwoner", national_number=NATIONAL_NUMBER, family_name="Janssens")


@pytest.fixture
def agent(desk_config):
    from tests.factories.identity import StaffUserFactory

    return StaffUserFactory(username="agent", role="desk_agent", first_name="Agnes")


def links(text: str) -> dict[str, str]:
    """{"ja": token, "nee": token} from a message body."""
    return {answer: token for token, answer in LINK.findall(text)}
