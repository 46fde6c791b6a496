"""Idle sessions end; the page warns before; 'I'm still here' keeps the session."""
import time

import pytest

from registry.demo import sign_in_personas

from .oidc_helpers import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, oidc, demo_registry):
    response, _ = sign_in(client, oidc, national_number=sign_in_personas()[0]["national_number"])
    assert response.status_code == 302
    return client


def idle_for(client, seconds):
    session = client.session
    session["last_activity"] = int(time.time()) - seconds
    session.save()


def test_idle_session_is_signed_out_and_told_why(signed_in, settings):
    idle_for(signed_in, settings.SESSION_IDLE_TIMEOUT + 5)
    response = signed_in.get("/mijn/gegevens/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sessie-verlopen/")
    assert signed_in.get("/mijn/").status_code == 302
    page = signed_in.get(response["Location"])
    assert "afgemeld" in page.content.decode()


def test_activity_within_the_limit_keeps_the_session(signed_in, settings):
    idle_for(signed_in, settings.SESSION_IDLE_TIMEOUT - 60)
    assert signed_in.get("/mijn/").status_code == 200


def test_pages_carry_the_timings_for_the_warning(signed_in, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    page = signed_in.get("/mijn/").content.decode()
    assert 'data-idle-timeout="600"' in page
    assert 'id="idle-warning"' in page


def test_still_here_keeps_the_session_with_and_without_javascript(signed_in, settings):
    idle_for(signed_in, settings.SESSION_IDLE_TIMEOUT - 10)
    assert signed_in.post("/sessie/verlengen/", HTTP_X_REQUESTED_WITH="fetch").status_code == 204
    idle_for(signed_in, settings.SESSION_IDLE_TIMEOUT - 10)
    response = signed_in.post("/sessie/verlengen/", {"next": "/mijn/gegevens/"})
    assert response["Location"] == "/mijn/gegevens/"
    assert signed_in.get("/mijn/").status_code == 200


def test_keepalive_does_not_redirect_elsewhere(signed_in):
    response = signed_in.post("/sessie/verlengen/", {"next": "https://evil.example/"})
    assert response["Location"] == "/mijn/"
