"""Volunteers start assisted sessions: the resident signs in themselves, the volunteer's account never holds
the resident's data, every registry read is audited as assisted, and the programme gets anonymous figures."""
import csv
import io
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from identity.assist import services as assist
from identity.models import AssistedSession, AssistPurpose, Resident
from mailbox import services as mailbox
from registry.choices import AccessRole
from registry.demo import sign_in_personas
from registry.models import AccessRecord
from tests.factories.identity import StaffUserFactory

from .oidc_helpers import sign_in
from .test_staff_helpers import sign_in as staff_sign_in

pytestmark = pytest.mark.django_db
ME = sign_in_personas()[0]


@pytest.fixture
def volunteer(client):
    user = StaffUserFactory(username="mieke", role="volunteer", first_name="Mieke", last_name="Wouters")
    staff_sign_in(client, user)
    return user


def start_session(client, purpose="data", location="Bibliotheek Centrum"):
    response = client.post("/helpen/starten/", {"purpose": purpose, "location": location})
    assert response.status_code == 302, response.content
    return response


@pytest.fixture
def assisted_resident(client, volunteer, oidc, demo_registry):
    """Mieke starts a session; the resident next to her signs in with eID in the same browser."""
    start_session(client)
    response, _ = sign_in(client, oidc, national_number=ME["national_number"])
    assert response.status_code == 302
    return client


def sessions_of(user):
    return [s for s in Session.objects.all() if str(s.get_decoded().get("_auth_user_id")) == str(user.pk)]


# --- who may help ---------------------------------------------------------------------------------

def test_the_volunteer_pages_need_the_volunteer_role_and_both_factors(client, db):
    assert client.get("/helpen/")["Location"].startswith("/balie/aanmelden/")
    clerk = StaffUserFactory(username="clerk", role="desk_agent")
    staff_sign_in(client, clerk)
    assert client.get("/helpen/").status_code == 403
    client.logout()
    unverified = StaffUserFactory(username="half", role="volunteer")
    client.force_login(unverified)  # a password alone is not enough
    assert client.get("/helpen/")["Location"].startswith("/balie/aanmelden/")


def test_residents_cannot_open_the_volunteer_pages(client, oidc, demo_registry):
    sign_in(client, oidc, national_number=ME["national_number"])
    assert client.get("/helpen/").status_code == 403


def test_the_dashboard_offers_a_session_guides_and_figures(client, volunteer):
    page = client.get("/helpen/").content.decode()
    assert "Start een begeleide sessie" in page
    for purpose in AssistPurpose.labels:
        assert str(purpose) in page
    assert "/helpen/gidsen/gezinssamenstelling/" in page
    assert "/helpen/cijfers.csv" in page
    assert 'href="/helpen/"' in client.get("/balie/").content.decode()  # "Helpen" in the navigation


# --- starting a session ---------------------------------------------------------------------------

def test_starting_signs_the_volunteer_out_and_hands_over_with_a_short_lived_cookie(client, volunteer, settings):
    response = start_session(client, purpose="certificate")
    assert response["Location"] == "/helpen/begeleid/"
    session = AssistedSession.objects.get()
    assert (session.volunteer, session.purpose, session.location) == (volunteer, "certificate", "Bibliotheek Centrum")
    assert session.ended_at is None and not session.resident_signed_in
    assert not [f.name for f in AssistedSession._meta.get_fields() if "resident" in f.name and f.name !=
                "resident_signed_in"]  # no resident identity on the session
    cookie = response.cookies[assist.COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == settings.ASSISTED_SESSION_MAX_AGE <= 2 * 3600
    assert sessions_of(volunteer) == []  # the volunteer's own session is gone
    assert client.get("/helpen/")["Location"].startswith("/balie/aanmelden/")
    page = client.get("/helpen/begeleid/").content.decode()
    assert "Meld je nu aan met eID of itsme" in page
    assert "Je wordt geholpen door Mieke, vrijwilliger digitale inclusie" in page
    assert "Klaar — alles wissen" in page


def test_a_session_needs_a_purpose_from_the_list(client, volunteer):
    response = client.post("/helpen/starten/", {"purpose": "spying"})
    assert response.status_code == 400
    assert not AssistedSession.objects.exists()
    assert client.get("/helpen/").status_code == 200  # still signed in


def test_a_tampered_hand_over_cookie_is_ignored(client, volunteer):
    start_session(client)
    session = AssistedSession.objects.get()
    client.cookies[assist.COOKIE_NAME] = signing.dumps(session.pk + 1, salt=assist.COOKIE_SALT)[:-1] + "x"
    assert client.get("/helpen/begeleid/")["Location"] == "/"
    client.cookies[assist.COOKIE_NAME] = signing.dumps(session.pk, salt="another-salt")
    assert "Je wordt geholpen door" not in client.get("/").content.decode()


def test_an_expired_hand_over_is_ignored(client, volunteer):
    start_session(client)
    AssistedSession.objects.update(started_at=timezone.now() - timedelta(hours=3))
    assert client.get("/helpen/begeleid/")["Location"] == "/"


# --- the resident signs in themselves -------------------------------------------------------------

def test_the_resident_s_session_carries_the_assisted_session_and_shows_who_helps(assisted_resident):
    page = assisted_resident.get("/mijn/").content.decode()
    assert "Je wordt geholpen door Mieke, vrijwilliger digitale inclusie" in page
    session = AssistedSession.objects.get()
    assert assisted_resident.session[assist.SESSION_KEY] == session.pk
    assert session.resident_signed_in


def test_registry_reads_in_an_assisted_session_are_audited_with_the_volunteer(assisted_resident, volunteer):
    assert assisted_resident.get("/mijn/gegevens/").status_code == 200
    records = AccessRecord.objects.all()
    assert records.exists()
    assert {r.role for r in records} == {AccessRole.VOLUNTEER_ASSISTED}
    assert {r.assisted_by_id for r in records} == {volunteer.pk}
    assert {r.purpose for r in records} == {"Gegevens bekijken"}
    page = assisted_resident.get("/mijn/raadplegingen/").content.decode()
    assert "geholpen door Vrijwilliger digitale hulp (Mieke Wouters)" in page


def test_the_volunteer_s_account_never_gets_a_session_with_the_resident_s_data(assisted_resident, volunteer):
    assisted_resident.get("/mijn/gegevens/")
    assert sessions_of(volunteer) == []
    assert int(assisted_resident.session["_auth_user_id"]) != volunteer.pk


def test_finishing_ends_the_assisted_session(assisted_resident):
    response = assisted_resident.post("/klaar/")
    assert response.cookies[assist.COOKIE_NAME]["max-age"] == 0
    session = AssistedSession.objects.get()
    assert session.ended_at is not None
    assert "Je wordt geholpen door" not in assisted_resident.get("/").content.decode()


def test_an_ended_session_no_longer_marks_reads_as_assisted(assisted_resident, volunteer):
    assist.end_assisted_session(AssistedSession.objects.get())
    assisted_resident.get("/mijn/gegevens/")
    assert not AccessRecord.objects.exists()  # the resident's own read, not audited
    assert "Je wordt geholpen door" not in assisted_resident.get("/mijn/").content.decode()


def test_staff_who_sign_in_on_the_same_computer_are_never_assisted(client, volunteer):
    start_session(client)
    colleague = StaffUserFactory(username="tuur", role="volunteer")  # (Mieke's code of this half minute is used up)
    staff_sign_in(client, colleague)
    assert "Je wordt geholpen door" not in client.get("/helpen/").content.decode()


# --- anonymous figures ----------------------------------------------------------------------------

def test_the_dashboard_counts_sessions_per_week_month_and_purpose(client, volunteer):
    other = StaffUserFactory(username="tuur.verbeke", role="volunteer")
    now = timezone.now()
    for purpose, days_ago, who in [("data", 0, volunteer), ("data", 0, other), ("report", 0, volunteer),
                                   ("mailbox", 8, volunteer)]:
        s = AssistedSession.objects.create(volunteer=who, purpose=purpose)
        AssistedSession.objects.filter(pk=s.pk).update(started_at=now - timedelta(days=days_ago))
    response = client.get("/helpen/")
    figures = response.context["figures"]
    this_week = figures["weeks"][0]
    data, report, mailbox = (list(AssistPurpose.values).index(p) for p in ("data", "report", "mailbox"))
    assert this_week.total == 3
    assert this_week.by_purpose[data] == 2 and this_week.by_purpose[report] == 1
    assert figures["weeks"][1].by_purpose[mailbox] + figures["weeks"][2].by_purpose[mailbox] == 1
    assert figures["total"] == 4
    assert figures["purpose_totals"][data] == 2
    page = response.content.decode()
    assert "Per week" in page and "Per maand" in page
    assert "tuur.verbeke" not in page  # anonymous: no volunteer names in the figures


def test_the_figures_export_as_csv_without_names(client, volunteer):
    AssistedSession.objects.create(volunteer=volunteer, purpose="report", location="Bibliotheek Centrum")
    response = client.get("/helpen/cijfers.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["periode", "begin", "doel", "omschrijving", "sessies", "inwoner_aangemeld"]
    assert ["week", timezone.localdate().isoformat(), "report"] != rows[1][:3]  # weeks start on Monday
    report_rows = [r for r in rows if r[0] == "week" and r[2] == "report" and r[4] == "1"]
    assert len(report_rows) == 1
    body = response.content.decode()
    assert "mieke" not in body.lower() and "Bibliotheek" not in body


# --- guides ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("slug", ["gezinssamenstelling", "iets-melden", "berichten-lezen"])
def test_guides_are_numbered_steps_that_print(client, db, slug):
    page = client.get(f"/helpen/gidsen/{slug}/").content.decode()
    assert '<ol class="guide-steps">' in page
    assert "Ctrl+P" in page  # without JavaScript
    assert "data-print" in page  # the button JavaScript shows


def test_an_unknown_guide_is_not_found(client, db):
    assert client.get("/helpen/gidsen/onbekend/").status_code == 404


def test_in_an_assisted_session_documents_open_and_print_but_are_never_downloaded(assisted_resident):
    resident = Resident.objects.get(family_name=ME["family_name"])
    message = mailbox.deliver_document(resident=resident, subject="Je attest is klaar", body="Hier is het.",
                                       filename="attest.pdf", content=b"%PDF-1.7\n%%EOF\n", source_ref="test:assist")
    document = message.documents.get()
    page = assisted_resident.get(reverse("mailbox:message", args=[message.public_id])).content.decode()
    assert "Openen of afdrukken" in page and "Downloaden" not in page and "Download de documenten" not in page
    assert "Druk het document nu af" in page
    download = assisted_resident.get(reverse("mailbox:download", args=[message.public_id, document.public_id]))
    assert download.status_code == 200 and download["Content-Type"].startswith("text/html")  # the print page
