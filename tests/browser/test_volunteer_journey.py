"""The whole volunteer journey at a public computer, ended with "Klaar — alles wissen".

A volunteer signs in (password + TOTP), enrols the library computer as a public computer and starts an
assisted session; the resident next to them signs in with eID at the development provider, sees who
is helping, opens "Mijn gegevens" and a document in the mailbox, types into a report form without
sending it, and clicks "Klaar — alles wissen". Then the back button, a reload and the next visitor at
the same browser find nothing of that person: no session, no cached page or document, no form values.
axe-core (WCAG 2.1 A/AA) on the volunteer dashboard, a guide and the clean start page.
"""
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from desk.demo import load_desk_configuration
from identity.assist import public_computer
from identity.assist import services as assist
from identity.models import AssistedSession, Resident, User
from mailbox import services as mailbox
from registry.demo import sign_in_personas
from registry.models import AccessRecord

from .conftest import assert_accessible, sign_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Een-lang-wachtwoord-2026"
TYPED = "Half getypte melding over de stoep in de Kerkstraat"


def small_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<h1>Gezinssamenstelling</h1><p>Testdocument</p>").write_pdf()


def resident_signs_in_at_the_provider(page, portal_url: str, persona_index: int) -> None:
    page.wait_for_url(re.compile(r".*/login/.*"))
    page.locator(f"input[name=persona][value='{persona_index}']").check()
    page.locator("input[name=means][value=eid]").check()
    page.get_by_role("button", name=re.compile("^Aanmelden")).click()
    page.wait_for_url(portal_url + "/mijn/")


def shows_nothing_of(page, person: dict) -> None:
    content = page.content()
    assert person["family_name"] not in content
    assert person["given_name"] not in content
    assert "attest.pdf" not in content
    assert TYPED not in content


def test_volunteer_journey_at_a_public_computer_leaves_nothing_for_the_next_visitor(page, portal, devidp):
    devidp.register_post_logout_uri(f"{portal.url}/klaar/gedaan/")
    load_desk_configuration()
    volunteer = User.objects.create_user(username="mieke", password=PASSWORD, is_staff=True,
                                         first_name="Mieke", last_name="Wouters")
    volunteer.groups.add(Group.objects.get(name="volunteer"))
    me = sign_in_personas()[0]
    context = page.context

    # The volunteer signs in with password and authenticator app, and enrols this computer.
    sign_in_staff(page, portal.url, "mieke", PASSWORD)
    # A volunteer lands on their tool after signing in, not on the Balie page with only "Reservecodes".
    page.get_by_role("link", name="Ik heb mijn codes bewaard, ga verder").click()
    page.wait_for_url(portal.url + "/helpen/")
    expect(page.get_by_role("heading", name="Helpen op een publieke computer")).to_be_visible()
    page.goto(portal.url + "/helpen/computer/")
    page.get_by_label("Naam van deze computer").fill("Bibliotheek Centrum, computer 3")
    page.get_by_role("button", name="Deze computer is een publieke computer").click()
    page.wait_for_url(portal.url + "/helpen/computer/")
    enrolment = next(c for c in context.cookies() if c["name"] == public_computer.COOKIE_NAME)
    assert enrolment["httpOnly"] and enrolment["sameSite"] == "Lax"
    expect(page.get_by_role("button", name="Klaar — alles wissen")).to_be_visible()

    # The dashboard and a printable guide.
    page.get_by_role("link", name="Terug naar helpen").click()
    page.wait_for_url(portal.url + "/helpen/")
    assert_accessible(page)
    page.get_by_role("link", name="Een gezinssamenstelling aanvragen").click()
    page.wait_for_url(portal.url + "/helpen/gidsen/gezinssamenstelling/")
    expect(page.get_by_role("button", name="Afdrukken")).to_be_visible()  # shown by JavaScript
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_hidden()
    expect(page.get_by_role("button", name="Klaar — alles wissen")).to_be_hidden()
    expect(page.locator("ol.guide-steps")).to_be_visible()
    page.emulate_media(media="screen")

    # The volunteer starts an assisted session and is signed out; the resident signs in themselves.
    page.goto(portal.url + "/helpen/")
    page.get_by_label("Gegevens bekijken").check()
    page.get_by_role("button", name="Start een begeleide sessie").click()
    page.wait_for_url(portal.url + "/helpen/begeleid/")
    expect(page.get_by_role("heading", name="Meld je nu aan met eID of itsme")).to_be_visible()
    assert "Dit is een publieke computer" in page.content()
    assert_accessible(page)
    assert not any(c["name"] == "sessionid" for c in context.cookies())  # the volunteer's session is gone
    page.get_by_role("link", name="Aanmelden met eID of itsme").click()
    resident_signs_in_at_the_provider(page, portal.url, 0)
    banner = page.get_by_text("Je wordt geholpen door Mieke, vrijwilliger digitale inclusie")
    expect(banner).to_be_visible()
    assert_accessible(page)

    # "Mijn gegevens": read with the volunteer's help, and audited so.
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn gegevens").click()
    page.wait_for_url(portal.url + "/mijn/gegevens/")
    assert me["family_name"] in page.content()
    expect(banner).to_be_visible()
    assert AccessRecord.objects.filter(assisted_by_id=volunteer.pk).exists()

    # A document in the mailbox opens in the browser, not as a download.
    resident = Resident.objects.get(given_name=me["given_name"], family_name=me["family_name"])
    message = mailbox.deliver_document(resident=resident, subject="Je attest is klaar", body="Hier is je attest.",
                                       filename="attest.pdf", content=small_pdf(), source_ref="test:volunteer")
    page.get_by_role("link", name=re.compile("^Mijn berichten")).first.click()
    page.get_by_role("link", name=re.compile("Je attest is klaar")).click()
    # Nothing asks to download on a shared computer: open, print, or find it again at home.
    assert "Download de documenten" not in page.content()
    expect(page.get_by_text("Druk het document nu af, of open het later thuis opnieuw")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Openen of afdrukken")).click()
    page.wait_for_load_state()
    assert_accessible(page)
    document_url = page.get_by_role("link", name=re.compile("^Openen in de browser")).get_attribute("href")
    opened = page.request.get(portal.url + document_url)
    assert opened.status == 200
    assert opened.headers["content-disposition"].startswith("inline")
    assert "no-store" in opened.headers["cache-control"]
    page.get_by_role("link", name=re.compile("^Openen in de browser")).click()
    page.wait_for_load_state()
    assert page.url == portal.url + document_url
    assert message.documents.count() == 1

    # A report typed but not sent.
    page.goto(portal.url + "/meldingen/nieuw/report/")
    page.get_by_label("Wat is er aan de hand?").fill(TYPED)
    form_page = page.url

    # Done: wipe everything, here and at the identity provider.
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.get_by_role("button", name="Klaar — alles wissen").click()
    page.wait_for_url(portal.url + "/klaar/gedaan/")
    finish = next(r for r in responses if r.url == portal.url + "/klaar/")
    assert finish.all_headers()["clear-site-data"] == '"cache", "storage"'
    end_session = devidp.discovery["end_session_endpoint"]
    assert finish.headers["location"].startswith(end_session)
    assert any(r.url.startswith(end_session) for r in responses)  # the provider's session ended too
    expect(page.get_by_role("heading", name="Alles is gewist")).to_be_visible()
    assert "De computer is klaar voor de volgende persoon" in page.content()
    shows_nothing_of(page, me)
    assert_accessible(page)
    names = {c["name"] for c in context.cookies() if c["domain"] in {"127.0.0.1", "localhost"}}
    assert "sessionid" not in names
    assert assist.COOKIE_NAME not in names
    assert public_computer.COOKIE_NAME in names  # still a public computer
    assert AssistedSession.objects.get().ended_at is not None

    # The back button: the earlier form page comes from the server again, empty, for nobody.
    page.go_back()
    page.wait_for_load_state()
    assert page.url == form_page
    expect(page.get_by_label("Wat is er aan de hand?")).to_have_value("")
    shows_nothing_of(page, me)
    expect(banner).to_have_count(0)
    # A reload shows nothing either.
    page.reload()
    expect(page.get_by_label("Wat is er aan de hand?")).to_have_value("")
    shows_nothing_of(page, me)
    # Back again, to the personal pages: they ask to sign in.
    page.go_back()
    page.wait_for_load_state()
    shows_nothing_of(page, me)

    # No cached document: without a session its address sends to the sign-in page.
    answer = page.request.get(portal.url + document_url, max_redirects=0)
    assert answer.status in {302, 403}
    assert "/aanmelden/" in answer.headers.get("location", "/aanmelden/")

    # The next visitor at this computer must sign in.
    page.goto(portal.url + "/mijn/")
    assert "/aanmelden/" in page.url
    shows_nothing_of(page, me)
    page.goto(portal.url + "/mijn/gegevens/")
    assert "/aanmelden/" in page.url
    assert "sessionid" not in {c["name"] for c in context.cookies()} or "Dag" not in page.content()
