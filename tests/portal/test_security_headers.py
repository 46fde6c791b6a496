"""Security headers on every page; cookies that scripts cannot read and other sites cannot send."""
import pytest

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_no_inline_script_or_style_in_the_layout(client):
    page = client.get("/").content.decode()
    assert "<script>" not in page and "<style" not in page and 'style="' not in page


def test_csrf_and_session_cookies_are_http_only_and_same_site(client, settings):
    client.get("/aanmelden/")
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["samesite"] == "Lax"
    assert cookie["httponly"]
    assert settings.SESSION_COOKIE_HTTPONLY and settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.CSRF_COOKIE_HTTPONLY


def test_pages_are_dutch_unless_another_language_was_chosen(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "nl"
    assert '<html lang="nl">' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/")
    assert '<html lang="en">' in response.content.decode()
