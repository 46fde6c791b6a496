"""Web Push tests: a VAPID key made for the test, the local mock push service on a free port, eager tasks."""
import json

import pytest
from py_vapid import Vapid

from bench.mockpush import MockPushService
from news.push import sender, vapid


def new_pem() -> str:
    key = Vapid()
    key.generate_keys()
    return key.private_pem().decode()


@pytest.fixture(autouse=True)
def push_settings(settings):
    """Our own key (a PEM string), http to the mock on localhost allowed, quick retries; clean caches."""
    settings.WEBPUSH_VAPID_PRIVATE_KEY = new_pem()
    settings.WEBPUSH_VAPID_SUBJECT = "mailto:communicatie@stad.example.be"
    settings.WEBPUSH_ALLOW_HTTP_LOCALHOST = True
    settings.WEBPUSH_RETRY_BACKOFF = 0
    settings.WEBPUSH_MAX_ATTEMPTS = 3
    settings.WEBPUSH_BATCH_SIZE = 1000
    settings.WEBPUSH_CONCURRENCY = 8
    settings.WEBPUSH_TIMEOUT = 5
    settings.WEBPUSH_SUBSCRIBE_RATE = "1000/h"
    vapid.reset_caches()
    yield settings
    vapid.reset_caches()
    sender.close()


@pytest.fixture
def mockpush():
    with MockPushService() as service:
        yield service


@pytest.fixture
def eager():
    """Run Celery tasks in this process (retries too, at once: eager mode ignores countdowns)."""
    from portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def public_key():
    return vapid.public_key_b64()


def post_json(client, url, data, **extra):
    return client.post(url, data=json.dumps(data), content_type="application/json", **extra)


@pytest.fixture
def subscribe(client, mockpush, public_key):
    """Subscribe like subscribe.js does: a browser-like subscription from the mock, POSTed to our view."""
    from django.urls import reverse

    def _subscribe(topics=("crisis",), language="nl"):
        subscription = mockpush.subscribe(public_key)
        response = post_json(client, reverse("news:push:subscribe"),
                             {"subscription": subscription, "topics": list(topics), "language": language})
        assert response.status_code == 201, response.content
        return subscription

    return _subscribe
