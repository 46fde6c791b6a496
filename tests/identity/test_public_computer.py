"""Public-computer mode: switched on per computer (a signed cookie set by staff, or the city's networks);
then a short idle limit, nothing cached, no autocomplete, documents only in the browser, and
"Klaar — alles wissen" that leaves nothing of the last person behind."""
import re
import time
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.sessions.models import Session

from identity.assist import public_computer
from identity.assist.middleware import without_autocomplete
from identity.models import PublicComputer, Resident
from mailbox import services as mailbox
from registry.demo import sign_in_personas
from tests.factories.identity import StaffUserFactory

from .oidc_helpers import sign_in
from .test_staff_helpers import sign_in as staff_sign_in

pytestmark = pytest.mark.django_db
ME = sign_in_personas()[0]
COOKIE = public_computer.COOKIE_NAME


@pytest.fixture
def volunteer(client):
    user = StaffUserFactory(username="mieke", role="volunteer", first_name="Mieke", last_name="Wouters")
    staff_sign_in(client, user)
    return user


@pytest.fixture
def enrolled(client, volunteer):
    """This test client's browser, enrolled as a public computer by a volunteer."""
    response = client.post("/helpen/computer/", {"label": "Bibliotheek Centrum, computer 3"})
    assert response.status_code == 302
    return response


@pytest.fixture
def public_network(settings):
    settings.PUBLIC_COMPUTER_NETWORKS = ["127.0.0.0/8"]  # the test client's REMOTE_ADDR is 127.0.0.1


@pytest.fixture
def resident(client, oidc, demo_registry):
    response, _ = sign_in(client, oidc, national_number=ME["national_number"])
    assert response.status_code == 302
    return client


def idle_for(client, seconds):
    session = client.session
    session["last_activity"] = int(time.time()) - seconds
    session.save()


# --- switching the mode on ------------------------------------------------------------------------

def test_a_volunteer_enrols_this_computer_with_a_signed_http_only_cookie(client, enrolled, settings):
    cookie = enrolled.cookies[COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 365 * 24 * 3600
    assert bool(cookie["secure"]) == settings.SESSION_COOKIE_SECURE
    computer = PublicComputer.objects.get()
    assert computer.label == "Bibliotheek Centrum, computer 3"
    assert computer.enrolled_by.username == "mieke" and computer.revoked_at is None
    page = client.get("/").content.decode()
    assert "Klaar — alles wissen" in page
    assert "Dit is een publieke computer" in page


def test_enrolment_cookie_production_setting_is_secure(settings, rf):
    from django.http import HttpResponse

    settings.SESSION_COOKIE_SECURE = True
    response = HttpResponse()
    public_computer.set_cookie(response, "value")
    assert response.cookies[COOKIE]["secure"]


def test_a_tampered_enrolment_cookie_is_ignored(client, db):
    computer, value = public_computer.enrol(label="pc 1", enrolled_by=None)
    client.cookies[COOKIE] = value[:-2] + ("AA" if not value.endswith("AA") else "BB")
    response = client.get("/")
    assert "Klaar — alles wissen" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")
    # Another signed value (e.g. a hand-over cookie) does not pass as an enrolment either.
    from django.core import signing
    client.cookies[COOKIE] = signing.dumps({"id": computer.pk}, salt="something-else")
    assert "Klaar — alles wissen" not in client.get("/").content.decode()


def test_a_revoked_computer_is_no_longer_public(client, db):
    computer, value = public_computer.enrol(label="pc 1", enrolled_by=None)
    client.cookies[COOKIE] = value
    assert "Klaar — alles wissen" in client.get("/").content.decode()
    public_computer.revoke(computer)
    assert "Klaar — alles wissen" not in client.get("/").content.decode()


def test_the_volunteer_can_switch_the_mode_off_again(client, enrolled):
    response = client.post("/helpen/computer/stoppen/")
    assert response.cookies[COOKIE]["max-age"] == 0
    assert PublicComputer.objects.get().revoked_at is not None


def test_only_volunteers_and_administrators_enrol_computers(client, db):
    assert client.get("/helpen/computer/")["Location"].startswith("/balie/aanmelden/")
    clerk = StaffUserFactory(username="clerk", role="burgerzaken")
    staff_sign_in(client, clerk)
    assert client.post("/helpen/computer/", {"label": "pc"}).status_code == 403
    assert not PublicComputer.objects.exists()


def test_the_city_s_networks_switch_the_mode_on(client, settings, db):
    settings.PUBLIC_COMPUTER_NETWORKS = ["10.20.0.0/16", "2001:db8::/32"]
    assert "Klaar — alles wissen" not in client.get("/").content.decode()
    assert "Klaar — alles wissen" in client.get("/", REMOTE_ADDR="10.20.3.4").content.decode()
    assert "Klaar — alles wissen" in client.get("/", REMOTE_ADDR="2001:db8::7").content.decode()
    assert "Klaar — alles wissen" not in client.get("/", REMOTE_ADDR="10.21.0.1").content.decode()


@pytest.mark.parametrize(("address", "public"), [
    ("192.0.2.7", True), ("::ffff:192.0.2.7", True), ("192.0.2.8", False), ("", False), ("nonsense", False),
])
def test_addresses_are_matched_against_the_networks(settings, address, public):
    settings.PUBLIC_COMPUTER_NETWORKS = ["192.0.2.7/32"]
    assert public_computer.address_is_public(address) is public


def test_a_misconfigured_network_stops_the_start(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from portal.settings.security import _check_networks

    with pytest.raises(ImproperlyConfigured):
        _check_networks(["10.0.0.0/33"])


# --- what the mode does ---------------------------------------------------------------------------

def test_every_response_is_no_store(client, public_network, db):
    for path in ("/", "/aanmelden/", "/meldingen/", "/helpen/gidsen/", "/mijn/"):
        response = client.get(path)
        assert "no-store" in response["Cache-Control"], path
    assert "Cache-Control" not in client.get("/", REMOTE_ADDR="192.0.2.1")  # elsewhere, as before


def test_forms_get_autocomplete_off_without_javascript(client, public_network, db):
    page = client.get("/balie/aanmelden/").content.decode()
    form_tags = re.findall(r"<form\b[^>]*>", page)
    assert len(form_tags) >= 2  # the language switcher and the sign-in form
    assert all('autocomplete="off"' in tag for tag in form_tags), form_tags
    assert 'autocomplete="username"' not in page and 'autocomplete="current-password"' not in page
    # Elsewhere the browser may help as usual.
    page = client.get("/balie/aanmelden/", REMOTE_ADDR="192.0.2.1").content.decode()
    assert 'autocomplete="username"' in page


def test_the_rewrite_touches_only_tags():
    html = (b'<form method="post"><input autocomplete="email" name="e"><textarea name=t autocomplete=on>'
            b'</textarea></form><p>autocomplete="email" in text</p><form autocomplete="on">')
    out = without_autocomplete(html)
    assert out.count(b'autocomplete="off"') == 4
    assert b'<p>autocomplete="email" in text</p>' in out


def test_idle_limit_is_three_minutes_with_a_one_minute_warning(resident, public_network, settings):
    page = resident.get("/mijn/").content.decode()
    assert 'data-idle-timeout="180"' in page and 'data-idle-warning="60"' in page
    assert 'data-expired-url="/klaar/verlopen/"' in page
    assert "Ik ben er nog" in page
    idle_for(resident, 170)
    assert resident.get("/mijn/").status_code == 200


def test_an_idle_session_on_a_public_computer_is_wiped_at_the_provider_too(resident, public_network, oidc):
    idle_for(resident, 185)
    response = resident.get("/mijn/gegevens/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == urlsplit(oidc.discovery["end_session_endpoint"]).path
    assert parse_qs(location.query)["post_logout_redirect_uri"] == ["http://testserver/klaar/gedaan/"]
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    assert resident.get("/mijn/").status_code == 302


def test_the_same_idle_time_elsewhere_keeps_the_session(resident, settings):
    idle_for(resident, 185)
    assert resident.get("/mijn/").status_code == 200


def test_the_countdown_end_wipes_only_an_idle_session(resident, public_network):
    response = resident.get("/klaar/verlopen/")
    assert response["Location"] == "/mijn/"  # still active: a link elsewhere cannot wipe the session
    idle_for(resident, 175)
    response = resident.get("/klaar/verlopen/")
    assert "id_token_hint" in response["Location"]
    assert resident.get("/mijn/").status_code == 302


# --- "Klaar — alles wissen" -----------------------------------------------------------------------

def test_finish_ends_the_session_here_and_at_the_provider_and_clears_the_browser(resident, enrolled_resident,
                                                                                  oidc, settings):
    client = resident
    session_key = client.session.session_key
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert client.get("/klaar/").status_code == 405
    response = client.post("/klaar/")
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    end_session = urlsplit(oidc.discovery["end_session_endpoint"])
    assert (location.netloc, location.path) == (end_session.netloc, end_session.path)
    query = parse_qs(location.query)
    assert query["id_token_hint"][0]
    assert query["post_logout_redirect_uri"] == ["http://testserver/klaar/gedaan/"]
    assert response["Clear-Site-Data"] == '"cache", "storage"'
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME):
        assert response.cookies[name]["max-age"] == 0, name
    assert COOKIE not in response.cookies  # the computer stays a public computer
    assert not Session.objects.filter(session_key=session_key).exists()
    assert client.get("/mijn/").status_code == 302
    # The provider accepts the logout and sends the browser to the clean start page.
    oidc.register_post_logout_uri("http://testserver/klaar/gedaan/")
    answer = requests.get(response["Location"], allow_redirects=False, timeout=10)
    assert answer.status_code == 302
    assert answer.headers["Location"] == "http://testserver/klaar/gedaan/"
    page = client.get("/klaar/gedaan/")
    assert "De computer is klaar voor de volgende persoon" in page.content.decode()
    assert page["Clear-Site-Data"] == '"cache", "storage"'
    assert "Klaar — alles wissen" in client.get("/").content.decode()


@pytest.fixture
def enrolled_resident(resident, db):
    """The resident's browser is at an enrolled public computer."""
    _computer, value = public_computer.enrol(label="pc 1", enrolled_by=None)
    resident.cookies[COOKIE] = value
    return resident


def test_finish_without_anyone_signed_in_goes_to_the_clean_page(client, public_network):
    response = client.post("/klaar/")
    assert response["Location"] == "http://testserver/klaar/gedaan/"


# --- documents ------------------------------------------------------------------------------------

@pytest.fixture
def document_message(resident):
    me = Resident.objects.get(given_name=ME["given_name"], family_name=ME["family_name"])
    return mailbox.deliver_document(resident=me, subject="Je attest", body="Hier is het.", filename="attest.pdf",
                                    content=b"%PDF-1.7\n%test\n", source_ref="test:public-computer")


def test_documents_open_in_the_browser_with_a_print_page_instead_of_a_download(resident, document_message,
                                                                                public_network):
    document = document_message.documents.get()
    page = resident.get(f"/mijn/berichten/{document_message.public_id}/").content.decode()
    assert "Openen of afdrukken" in page and "Downloaden" not in page
    url = f"/mijn/berichten/{document_message.public_id}/documenten/{document.public_id}/"
    print_page = resident.get(url)
    assert print_page["Content-Type"].startswith("text/html")
    assert "Openen in de browser" in print_page.content.decode()
    response = resident.get(url + "?inline=1")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "no-store" in response["Cache-Control"]


def test_elsewhere_documents_still_download(resident, document_message):
    document = document_message.documents.get()
    url = f"/mijn/berichten/{document_message.public_id}/documenten/{document.public_id}/"
    assert resident.get(url)["Content-Disposition"].startswith("attachment")


def test_signing_out_at_a_public_computer_wipes_everything_too(resident, public_network):
    page = resident.get("/mijn/").content.decode()
    assert re.search(r'<form[^>]*action="/klaar/"[^>]*>\s*<input[^>]*csrf[^>]*>\s*<button[^>]*>Afmelden', page)
    assert 'action="/afmelden/"' not in page


def test_finish_works_from_a_stale_tab_but_not_from_another_site(public_network, db):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    assert browser.post("/klaar/", HTTP_ORIGIN="http://testserver", HTTP_SEC_FETCH_SITE="same-origin") \
        .status_code == 302  # no CSRF token (its cookie was wiped in another tab)
    assert browser.post("/klaar/", HTTP_ORIGIN="https://evil.example").status_code == 403
    assert browser.post("/klaar/", HTTP_SEC_FETCH_SITE="cross-site").status_code == 403
