"""The layout's fixed parts are rendered once per process and language (portal/fragments.py): what differs per
person or per request must still differ, and a changed language or setting must show at once."""
import re

import pytest
from django.core.cache import caches
from django.test import Client

from identity.models import Resident
from mailbox import services as mailbox
from registry.demo import sign_in_personas
from tests.identity.oidc_helpers import sign_in

pytestmark = pytest.mark.django_db
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def fragment_count() -> int:
    return len(caches["fragments"]._cache)  # LocMemCache's own store: how many fragments this process keeps


def test_the_layout_is_kept_once_and_each_visitor_still_gets_their_own_csrf_token():
    caches["fragments"].clear()
    first, second = Client(), Client()
    first.get("/")
    kept = fragment_count()
    assert kept > 0  # the tests run with the fragments kept, as production does
    page = second.get("/").content.decode()
    assert fragment_count() == kept  # the second visitor's page came from the kept fragments
    for client in (first, second):
        token = CSRF_INPUT.search(client.get("/").content.decode()).group(1)
        answer = client.post("/i18n/setlang/", {"language": "fr", "next": "/", "csrfmiddlewaretoken": token})
        assert answer.status_code == 302, "the token in the page must be this visitor's own"
    assert 'lang="nl"' in page


def test_each_language_has_its_own_fragments():
    dutch = Client().get("/").content.decode()
    french_client = Client()
    french_client.cookies["django_language"] = "fr"
    french = french_client.get("/").content.decode()
    assert "Aanmelden" in dutch and "Aanmelden" not in french
    assert '<option value="fr" lang="fr" selected>' in french
    assert '<option value="nl" lang="nl" selected>' in dutch
    assert "Nieuws" in Client().get("/").content.decode()  # Dutch again after French: nothing mixed up


def test_a_changed_setting_shows_at_once(settings):
    Client().get("/")
    settings.CITY_NAME = "Stad Anders"
    assert "Stad Anders" in Client().get("/").content.decode()


def test_the_unread_count_stays_each_residents_own(client, oidc, demo_registry):
    me, someone_else = sign_in_personas()[0], sign_in_personas()[1]
    sign_in(client, oidc, national_number=me["national_number"])
    other = Client()
    sign_in(other, oidc, national_number=someone_else["national_number"])
    resident = Resident.objects.get(national_number=me["national_number"])
    mailbox.post_message(resident=resident, subject="Test", body="Een bericht.", source_ref="test:fragments")
    mine = client.get("/mijn/gegevens/").content.decode()
    theirs = other.get("/mijn/gegevens/").content.decode()
    assert 'class="badge">1<' in mine
    assert 'class="badge"' not in theirs
    assert "Mijn gegevens" in theirs and "Afmelden" in theirs
