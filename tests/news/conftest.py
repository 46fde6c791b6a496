"""Fixtures of the news tests: communication staff (signed in with both factors), posts made through
news.services (tests.factories.news), Celery in-process, and time as an argument (services take ``now=``)."""
import pytest
from django.test import Client

from news import services
from news.models import Topic
from tests.factories.identity import StaffUserFactory
from tests.factories.news import PostFactory
from tests.identity.test_staff_helpers import sign_in

COMMUNICATION = "communication"


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process, so the e-mails really go out (to locmem's outbox)."""
    from portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def writer(db):
    return StaffUserFactory(username="carla", role=COMMUNICATION, first_name="Carla", last_name="Communicatie")


@pytest.fixture
def colleague(db):
    return StaffUserFactory(username="cas", role=COMMUNICATION, first_name="Cas", last_name="Communicatie")


@pytest.fixture
def writer_client(writer):
    client = Client()
    sign_in(client, writer)
    return client


@pytest.fixture
def colleague_client(colleague):
    client = Client()
    sign_in(client, colleague)
    return client


@pytest.fixture
def topic(db):
    return Topic.objects.get(slug="werken-en-verkeer")


def publish_news(author, approver, **kwargs):
    """A news post through the whole review: written, submitted, approved by a colleague, published."""
    post = PostFactory(author=author, **kwargs)
    services.submit_for_review(post=post, actor=author)
    services.approve(post=post, actor=approver)
    post, _warning = services.publish_now(post=post, actor=approver)
    return post
