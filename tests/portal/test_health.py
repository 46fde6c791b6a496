"""The health answers (portal.health) and the probe middleware: live, ready, the operators' overview."""
import logging
import socket

import pytest
from django.utils import timezone

from portal.celery import app as celery_app
from portal.models import WorkerHeartbeat

PRODUCTION_LIKE = {"SECURE_SSL_REDIRECT": True, "ALLOWED_HOSTS": ["thuisloket.example.be"]}
POD = "10.42.0.7:8000"  # a probe asks with the pod's address as Host, over plain HTTP


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def production_like(settings):
    for name, value in PRODUCTION_LIKE.items():
        setattr(settings, name, value)
    return settings


def test_live_answers_a_probe_over_plain_http_with_a_pod_address(production_like, client):
    response = client.get("/gezondheid/live/", HTTP_HOST=POD)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_ready_answers_a_probe_when_database_cache_and_broker_answer(production_like, client):
    response = client.get("/gezondheid/ready/", HTTP_HOST=POD)
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_ready_is_503_while_redis_is_unreachable_and_names_no_address(settings, client, caplog):
    port = closed_port()
    settings.CACHES = {"default": {"BACKEND": "common.cache.ForgivingRedisCache",
                                   "LOCATION": f"redis://:hunter2@127.0.0.1:{port}/0",
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    response = client.get("/gezondheid/ready/")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"
    assert response["Retry-After"]
    assert str(port) not in response.content.decode() and "hunter2" not in response.content.decode()
    # One warning naming the dependency, not Django's ERROR for every 503 a probe gets.
    assert [r.name for r in caplog.records if r.levelno >= logging.WARNING] == ["thuisloket.health"]


@pytest.mark.django_db
def test_ready_is_503_while_the_broker_is_unreachable(client, monkeypatch):
    # The write URL: Celery prefers a CELERY_BROKER_URL environment variable (CI sets one) to its setting.
    monkeypatch.setitem(celery_app.conf, "broker_write_url", f"redis://127.0.0.1:{closed_port()}/0")
    monkeypatch.setitem(celery_app.conf, "broker_transport_options", {})
    response = client.get("/gezondheid/ready/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "ok", "broker": "unavailable"}


@pytest.mark.django_db
def test_the_exemption_covers_only_the_two_probes(production_like, client):
    assert client.get("/", HTTP_HOST=POD).status_code == 400  # ALLOWED_HOSTS still guards every page
    assert client.post("/gezondheid/live/", HTTP_HOST=POD).status_code == 400  # and other methods
    redirect = client.get("/", HTTP_HOST="thuisloket.example.be")
    assert redirect.status_code == 301 and redirect["Location"].startswith("https://")
    assert client.get("/gezondheid/", HTTP_HOST="thuisloket.example.be").status_code == 301


@pytest.mark.django_db
def test_overview_is_503_until_a_worker_reports(client):
    response = client.get("/gezondheid/")
    assert response.status_code == 503
    assert response.json()["worker_recent"] is False
    assert response.json()["database"] == "ok"

    WorkerHeartbeat.objects.create(hostname="worker-1", seen_at=timezone.now())
    response = client.get("/gezondheid/")
    assert response.status_code == 200
    assert response.json()["worker_recent"] is True
    assert response.json()["status"] == "ok"


@pytest.mark.django_db
def test_overview_is_503_when_the_last_report_is_old(client):
    WorkerHeartbeat.objects.create(hostname="worker-1", seen_at=timezone.now() - timezone.timedelta(minutes=6))
    response = client.get("/gezondheid/")
    assert response.status_code == 503
    assert response.json()["worker_recent"] is False
