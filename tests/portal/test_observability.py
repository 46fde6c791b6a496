"""JSON logs keep national numbers out, Sentry events leave without personal data, /metrics is for the
scraper with the token only."""
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import sentry_sdk
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from sentry_sdk.transport import Transport

from certificates.states import Status
from identity.logging import RedactingJsonFormatter
from portal.error_reports import scrub_event
from portal.metrics import COLLECTOR
from tests.factories.certificates import CertificateRequestFactory, IssuedCertificateFactory

ROOT = Path(__file__).resolve().parents[2]
NRN = "85073003328"
NRN_IN_ANY_FORM = re.compile(r"85\D{0,2}07\D{0,2}30\D{0,2}033\D{0,2}28")
TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiI4NTA3MzAwMzMyOCJ9.c2lnbmF0dXJl"
PHOTO = b"\xff\xd8\xff\xe0 JFIF photo bytes"  # a module constant: the event's source lines do not show it


# --- JSON logs ------------------------------------------------------------------------------------
def test_a_json_log_line_redacts_national_numbers_in_message_traceback_and_extras():
    formatter = RedactingJsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s",
                                       rename_fields={"levelname": "level", "name": "logger"})
    try:
        raise ValueError(f"no person {NRN}")
    except ValueError:
        record = logging.getLogger("thuisloket.test").makeRecord(
            "thuisloket.test", logging.ERROR, __file__, 1, "lookup for %s failed", (NRN,), sys.exc_info(),
            extra={"subject": f"85.07.30-033.28 ({NRN})"})
    line = formatter.format(record)
    entry = json.loads(line)
    assert entry["message"] == "lookup for [rrn] failed" and entry["level"] == "ERROR"
    assert "[rrn]" in entry["exc_info"] and entry["subject"] == "[rrn] ([rrn])"
    assert NRN not in line and "033.28" not in line


def test_log_format_json_makes_every_line_a_json_object():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "LOG_FORMAT": "json"}
    code = f"import logging; logging.getLogger('thuisloket.audit').warning('register read for {NRN}')"
    result = subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert {"message": "register read for [rrn]", "level": "WARNING", "logger": "thuisloket.audit"}.items() \
        <= lines[-1].items()
    assert NRN not in result.stderr


# --- Sentry -------------------------------------------------------------------------------------------
class Captured(Transport):
    events: list = []

    def capture_envelope(self, envelope):
        for item in envelope.items:
            if item.type == "event":
                Captured.events.append(item.payload.json)


def failing_view(request):
    national_number = NRN  # noqa: F841 - a local variable the event's stack frame carries
    access_token = TOKEN  # noqa: F841
    photo = PHOTO  # noqa: F841
    raise RuntimeError(f"register lookup failed for {NRN} with Bearer {TOKEN}")


urlpatterns = [path("kapot/", failing_view), path("", lambda request: HttpResponse("ok"))]


@pytest.fixture
def sentry():
    """The portal's Sentry set-up (portal.error_reports.init_sentry) with a transport that keeps the events."""
    from portal.error_reports import init_sentry

    Captured.events = []
    init_sentry("http://public@127.0.0.1:9/1", environment="test", release=None, traces_sample_rate=0,
                transport=Captured)
    yield Captured.events
    sentry_sdk.get_client().close()
    sentry_sdk.init()  # no DSN: reports off again for the rest of the suite


@pytest.mark.django_db
@pytest.mark.urls("tests.portal.test_observability")
def test_a_real_sentry_event_of_a_failing_request_carries_no_personal_data(sentry):
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "secret-session-id"
    response = client.post(f"/kapot/?rrn={NRN}", {"national_number": NRN, "photo": "x"},
                           HTTP_AUTHORIZATION=f"Bearer {TOKEN}", HTTP_USER_AGENT="Firefox")
    assert response.status_code == 500
    sentry_sdk.flush()
    assert len(sentry) == 1
    event = sentry[0]
    text = json.dumps(event)
    # The number in any punctuation (85.07.30-033.28, 850730 033 28 …); not a bare "033", which random span
    # ids, thread ids and timestamps in the event contain now and then.
    assert not NRN_IN_ANY_FORM.search(text)
    assert TOKEN not in text and "secret-session-id" not in text and "JFIF" not in text
    assert "RuntimeError" in text and "[rrn]" in text  # still useful: the error and where it happened
    request = event.get("request", {})  # what Django's integration could read of the test client's request
    assert "data" not in request and "cookies" not in request
    assert not {"Authorization", "Cookie"} & set(request.get("headers", {}))
    frames = event["exception"]["values"][-1]["stacktrace"]["frames"]
    view_frame = next(frame for frame in frames if frame["function"] == "failing_view")
    assert view_frame["filename"].endswith("test_observability.py")
    assert view_frame["vars"]["national_number"] == "[Filtered]" and view_frame["vars"]["photo"] == "[Filtered]"


def test_the_scrubber_on_a_hand_made_event_with_breadcrumbs_and_celery_arguments():
    event = {
        "event_id": "0" * 32, "level": "error",
        "user": {"id": 7, "email": "an@example.be", "ip_address": "10.0.0.9"},
        "request": {"method": "POST", "url": f"https://thuisloket.example.be/x/{NRN}/", "query_string": f"rrn={NRN}",
                    "data": {"photo": "..."}, "cookies": {"sessionid": "s"},
                    "headers": {"Cookie": "sessionid=s", "Authorization": f"Bearer {TOKEN}", "User-Agent": "Firefox"}},
        "breadcrumbs": {"values": [{"category": "thuisloket.audit", "message": f"read {NRN}",
                                    "data": {"session_key": "abc", "url": f"/x?nrn={NRN}"}}]},
        "extra": {"celery-job": {"task_name": "certificates.tasks.issue", "args": [NRN, b"%PDF"],
                                 "kwargs": {"token": "t0k3n-value-1234"}}},
    }
    cleaned = scrub_event(event)
    assert cleaned["user"] == {"id": 7}
    assert cleaned["request"] == {"method": "POST", "url": "https://thuisloket.example.be/x/[rrn]/",
                                  "headers": {"User-Agent": "Firefox"}, "query_string": "[Filtered]"}
    crumb = cleaned["breadcrumbs"]["values"][0]
    assert crumb["message"] == "read [rrn]" and crumb["data"]["session_key"] == "[Filtered]"
    assert cleaned["extra"]["celery-job"]["args"] == ["[rrn]", "[bytes]"]
    assert cleaned["extra"]["celery-job"]["kwargs"]["token"] == "[Filtered]"
    assert cleaned["event_id"] == "0" * 32


# --- metrics ------------------------------------------------------------------------------------------
@pytest.fixture
def metrics_on(settings):
    settings.METRICS_TOKEN = "scrape-token-0123456789"
    settings.METRICS_CACHE_SECONDS = 0
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["thuisloket.example.be"]
    COLLECTOR._read_at = float("-inf")
    return settings


def test_metrics_are_off_without_a_token(client):
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_metrics_answer_only_the_scraper_with_the_token(metrics_on, client):
    assert client.get("/metrics", HTTP_HOST="10.42.0.7:8000").status_code == 401
    wrong = client.get("/metrics", HTTP_HOST="10.42.0.7:8000", HTTP_AUTHORIZATION="Bearer nope")
    assert wrong.status_code == 401 and b"thuisloket" not in wrong.content


@pytest.mark.django_db
def test_metrics_show_latency_per_view_and_the_portals_state(metrics_on, client):
    IssuedCertificateFactory()
    CertificateRequestFactory(status=Status.FAILED, type_code="birth_extract")
    client.get("/", HTTP_HOST="thuisloket.example.be", secure=True)
    response = client.get("/metrics", HTTP_HOST="10.42.0.7:8000",
                          HTTP_AUTHORIZATION="Bearer scrape-token-0123456789")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'django_http_requests_latency_seconds_by_view_method_count{method="GET",view="portal:home"}' in body
    assert 'thuisloket_certificates{outcome="issued",type="household_composition"} 1.0' in body
    assert 'thuisloket_certificates{outcome="failed",type="birth_extract"} 1.0' in body
    assert 'thuisloket_desk_cases{state="open"} 0.0' in body
    assert 'thuisloket_push_deliveries{outcome="delivered"} 0.0' in body
    assert 'thuisloket_queue_depth{queue="celery"}' in body


def test_the_plain_log_format_redacts_tracebacks_too():
    from identity.logging import RedactingFormatter

    try:
        raise ValueError(f"no person {NRN}")
    except ValueError:
        record = logging.getLogger("t").makeRecord("t", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = RedactingFormatter("%(levelname)s %(message)s").format(record)
    assert "ValueError: no person [rrn]" in line and NRN not in line
