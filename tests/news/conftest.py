"""Fixtures of the news tests: communication staff (signed in with both factors), posts made through
news.services, Celery in-process, and time as an argument (services take ``now=``)."""
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from news import services
from news.models import Topic
from news.states import AreaShape, CapCategory, Certainty, Channel, Kind, ResponseType, Severity, Urgency
from tests.identity.test_staff_helpers import make_staff, sign_in

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
    return make_staff("carla", role=COMMUNICATION, first_name="Carla", last_name="Communicatie")


@pytest.fixture
def colleague(db):
    return make_staff("cas", role=COMMUNICATION, first_name="Cas", last_name="Communicatie")


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


def news_fields(**extra):
    fields = {"kind": Kind.NEWS, "title": "Werken in de Stationsstraat",
              "summary": "De Stationsstraat is drie maanden dicht voor auto's.",
              "body": "Vanaf maandag vernieuwen we de riolering.\n\nFietsers kunnen door."}
    fields.update(extra)
    return fields


def crisis_fields(**extra):
    fields = {"kind": Kind.CRISIS, "title": "Gaslek in de Kerkstraat: blijf binnen",
              "summary": "Door een gaslek vragen we buren binnen te blijven.",
              "body": "Bij werken is een gasleiding geraakt. De brandweer is ter plaatse.",
              "event": "Gaslek", "instruction": "Blijf binnen. Sluit ramen en deuren.",
              "area_desc": "Kerkstraat en omgeving", "cap_category": CapCategory.SAFETY,
              "cap_severity": Severity.SEVERE, "cap_urgency": Urgency.IMMEDIATE,
              "cap_certainty": Certainty.OBSERVED, "cap_response_type": ResponseType.SHELTER,
              "area_shape": AreaShape.CIRCLE, "circle_lat": 51.031, "circle_lon": 3.421, "circle_radius_km": 0.5,
              "expires_at": timezone.now() + timedelta(hours=6)}
    fields.update(extra)
    return fields


FR_CRISIS = {"title": "Fuite de gaz dans la Kerkstraat : restez à l'intérieur",
             "summary": "En raison d'une fuite de gaz, restez à l'intérieur.",
             "body": "Une conduite de gaz a été touchée.", "event": "Fuite de gaz",
             "instruction": "Restez à l'intérieur. Fermez portes et fenêtres.", "area_desc": "Kerkstraat et environs"}


def make_news(author, *, channels=(Channel.PAGE, Channel.ATOM), topics=(), translations=None, **fields):
    return services.create_post(author=author, fields=news_fields(**fields), channels=list(channels),
                                topics=list(topics), translations=translations)


def make_crisis(author, *, channels=(Channel.PAGE, Channel.ATOM, Channel.CAP), translations=None, **fields):
    return services.create_post(author=author, fields=crisis_fields(**fields), channels=list(channels),
                                translations=translations)


def publish_news(author, approver, **kwargs):
    """A news post through the whole review: written, submitted, approved by a colleague, published."""
    post = make_news(author, **kwargs)
    services.submit_for_review(post=post, actor=author)
    services.approve(post=post, actor=approver)
    post, _warning = services.publish_now(post=post, actor=approver)
    return post
