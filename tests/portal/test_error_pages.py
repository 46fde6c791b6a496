"""Residents get Dutch error pages in the portal's layout, not Django's English defaults."""
import pytest
from django.test import override_settings

from tests.factories.identity import StaffUserFactory


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_unknown_page_is_a_dutch_404_with_a_way_on(client):
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="nl">' in body
    assert "Deze pagina bestaat niet (meer)" in body
    assert 'href="/"' in body


@pytest.mark.django_db
@override_settings(DEBUG=False)
def test_staff_without_the_volunteer_role_get_a_page_not_bare_text(client):
    user = StaffUserFactory(username="medewerker", password="x")
    device = user.totpdevice_set.get()
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    response = client.get("/helpen/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "<title>" in body and '<html lang="nl">' in body
    assert "alleen voor vrijwilligers" in body


def test_server_error_page_needs_no_database_or_request():
    from django.template.loader import render_to_string

    body = render_to_string("500.html")
    assert "Er ging bij ons iets mis" in body and 'lang="nl"' in body


@pytest.mark.django_db
def test_an_unreachable_database_answers_503_to_retry_not_500(client, monkeypatch):
    """A database outage passes: the page says so, and Retry-After lets a browser or load balancer retry."""
    from django.db import OperationalError

    def database_down(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    monkeypatch.setattr("portal.views.render", database_down)  # the home page's first database read
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "even niet bereikbaar" in response.content.decode()


@pytest.mark.django_db
def test_any_other_error_is_still_a_500(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr("portal.views.render", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500 and "Er ging bij ons iets mis" in response.content.decode()
