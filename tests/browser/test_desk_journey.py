"""The contact desk in a real browser, from report to public map.

A resident reports a broken street light with a photo and picks the place on the map; a desk agent
(password + TOTP) finds the report, routes it to the street-lighting department and a member of it and
publishes the photo; that member answers with a standard answer and closes the case with a public note;
the resident reads the whole history under "Mijn meldingen"; anyone sees the report on the public map
(list and Leaflet marker) and its published photo. axe-core (WCAG 2.1 A/AA) on every page, no CSP
violation anywhere.
"""
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from desk.demo import load_desk_configuration
from desk.models import Case, Department
from desk.states import State
from identity.models import User
from tests.factories.identity import PASSWORD, StaffUserFactory

from .conftest import assert_accessible, sign_in_resident, sign_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESCRIPTION = "De straatlamp voor het stadhuis brandt al drie avonden niet."
CLOSING_NOTE = "De straatlamp brandt opnieuw. Bedankt voor je melding."


def case_url(reference: str):
    """The case page; after an action it may keep the fragment of the form it came from ("#status")."""
    return re.compile(rf".*/balie/desk/dossier/{reference}/(#\w+)?$")


def new_page(browser):
    """A page in a context of its own (its own cookies), watched for CSP violations like ``page``."""
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.csp_violations.append(msg.text))
    return page


def small_jpeg(path) -> str:
    Image.new("RGB", (320, 240), (40, 80, 120)).save(path, "JPEG", quality=85)
    return str(path)


def report_street_light(page, portal_url: str, photo: str) -> str:
    """The resident's report, from "Melden of vragen" to the thanks page; returns the reference."""
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Melden of vragen").click()
    page.wait_for_url(portal_url + "/meldingen/")
    assert_accessible(page)

    page.get_by_role("link", name="Iets melden").click()
    page.wait_for_url(portal_url + "/meldingen/nieuw/report/")
    picker = page.locator(".location-picker__map.leaflet-container")
    expect(picker).to_be_visible()
    assert_accessible(page)

    # Sent empty first: the error summary and the errors next to the fields.
    page.get_by_role("button", name="Verstuur").click()
    page.wait_for_load_state()
    expect(page.locator("#error-summary")).to_be_visible()
    assert page.title().startswith("Fout:")
    assert "Kies waarover het gaat." in page.content()
    expect(page.locator(".location-picker__map.leaflet-container")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Straatverlichting defect").check()
    page.get_by_label("Wat is er aan de hand?").fill(DESCRIPTION)
    page.locator("#id_photo").set_input_files(photo)

    # The place: a click in the middle of the picker map fills in the coordinates and, looked up, the address.
    page.locator(".location-picker__map").click()
    expect(page.locator("#id_latitude")).to_have_value(re.compile(r"^51\.\d{6}$"))
    expect(page.locator("#id_longitude")).to_have_value(re.compile(r"^3\.\d{6}$"))
    expect(page.locator("#id_address")).to_have_value(re.compile(r"Stad Voorbeeld$"))
    expect(page.locator(".location-picker .marker--picked")).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("button", name="Verstuur").click()
    page.wait_for_url(re.compile(r".*/meldingen/bedankt/M-\d{4}-[A-Z0-9]+/$"))
    reference = page.locator(".desk-reference").inner_text().strip()
    assert reference in page.url
    assert_accessible(page)
    return reference


def route_and_publish_photo(agent, portal_url: str, reference: str, member: User) -> None:
    """The desk agent finds the report, gives it to the department and one of its members, publishes the photo."""
    sign_in_staff(agent, portal_url, "sara.verbeke", PASSWORD)
    agent.goto(portal_url + "/balie/")
    agent.get_by_role("link", name="Contactcenter: alle dossiers").click()
    agent.wait_for_url(portal_url + "/balie/desk/")
    expect(agent.get_by_role("heading", name="Inbox contactcenter")).to_be_visible()
    assert_accessible(agent)

    agent.locator("summary", has_text="Filteren en zoeken").click()
    agent.get_by_label("Zoek op referentie of onderwerp").fill(reference)
    agent.get_by_role("button", name="Filteren").click()
    agent.wait_for_url(re.compile(r".*/balie/desk/\?.*q=" + reference))
    rows = agent.locator("table.inbox tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Openbare verlichting")  # routed by the response matrix
    assert_accessible(agent)

    agent.get_by_role("link", name=reference).click()
    agent.wait_for_url(case_url(reference))
    assert_accessible(agent)

    # The case page: a summary first (status, term, who, what, where), every action closed, one open at a time.
    summary = agent.locator("dl.case-summary")
    reporter = str(Case.objects.get(reference=reference).resident)
    for text in ("ontvangen", "afhandelen uiterlijk", reporter, "Straatverlichting defect", "Stad Voorbeeld"):
        expect(summary).to_contain_text(text)
    expect(agent.locator("details.case-action")).to_have_count(7)
    expect(agent.locator("details.case-action[open]")).to_have_count(0)
    agent.locator("#notitie > summary").click()
    expect(agent.locator("#notitie")).to_have_attribute("open", "")
    agent.locator("#toewijzen > summary").click()
    expect(agent.locator("details.case-action[open]")).to_have_count(1)  # the note closed: one at a time
    expect(agent.locator("#notitie")).not_to_have_attribute("open", "")

    assign = agent.locator("#toewijzen")
    assign.get_by_label("Dienst").select_option(label="Openbare verlichting")
    assign.get_by_label("Behandelaar").select_option(label=member.get_full_name())
    assign.get_by_role("button", name="Toewijzen").click()
    agent.wait_for_url(case_url(reference))
    expect(agent.get_by_text(f"Dossier {reference} is toegewezen.")).to_be_visible()
    expect(agent.locator("table.case-history")).to_contain_text(
        f"toegewezen aan {member.get_full_name()} · Openbare verlichting")
    assert_accessible(agent)

    agent.get_by_role("button", name="Tonen op de openbare kaart").click()
    agent.wait_for_load_state()
    expect(agent.get_by_text("Openbaar op de kaart", exact=True)).to_be_visible()
    assert_accessible(agent)


def handle_and_close(staff, portal_url: str, reference: str) -> None:
    """The department member takes the case up, answers with a standard answer and closes it as resolved."""
    sign_in_staff(staff, portal_url, "piet.lampens", PASSWORD)
    staff.goto(portal_url + "/balie/desk/")
    expect(staff.get_by_role("link", name=reference)).to_be_visible()
    assert_accessible(staff)
    staff.get_by_role("link", name=reference).click()
    staff.wait_for_url(case_url(reference))
    assert_accessible(staff)

    # The first answer, a standard one: sending it moves the received case to "in behandeling".
    summary = staff.locator("dl.case-summary")
    expect(summary).to_contain_text("ontvangen")
    staff.locator("#antwoorden > summary").click()
    reply = staff.locator("#antwoorden")
    reply.get_by_label("Standaardantwoord").select_option(label="Ontvangen — we plannen het herstel")
    reply.get_by_role("button", name="Gebruik het standaardantwoord").click()
    expect(reply.get_by_label("Antwoord aan de inwoner")).to_have_value(re.compile("komt langs om de lamp"))
    expect(staff.locator("details.case-action[open]")).to_have_count(1)  # the reply stays the open action
    reply.get_by_role("button", name="Antwoord versturen").click()
    staff.wait_for_url(case_url(reference))
    expect(staff.get_by_text("Je antwoord is naar de inwoner gestuurd. De status is nu ‘in behandeling’.")) \
        .to_be_visible()
    expect(staff.locator("dl.case-summary")).to_contain_text("in behandeling")
    assert_accessible(staff)

    # Closing without the public note is refused, with the error on the form (and still accessible).
    staff.locator("#status > summary").click()
    state = staff.locator("#status")
    state.get_by_label("afgehandeld: opgelost").check()
    state.get_by_role("button", name="Status wijzigen").click()
    staff.wait_for_load_state()
    expect(staff.get_by_text("Schrijf voor de inwoner waarom de status verandert.").first).to_be_visible()
    expect(staff.locator("#status")).to_have_attribute("open", "")
    assert_accessible(staff)

    # "Zonder oplossing" with a text that reads as solved: a second step asks to confirm, nothing is lost.
    state = staff.locator("#status")
    state.get_by_label("afgesloten zonder oplossing").check()
    state.get_by_label("Toelichting voor de inwoner").fill(CLOSING_NOTE)
    state.get_by_role("button", name="Status wijzigen").click()
    staff.wait_for_load_state()
    expect(staff.get_by_text("telt als niet opgelost").first).to_be_visible()
    state = staff.locator("#status")
    expect(state.get_by_label("Ja, sluit af zonder oplossing")).to_be_visible()
    expect(state.get_by_label("Toelichting voor de inwoner")).to_have_value(CLOSING_NOTE)
    assert_accessible(staff)

    # The agent closes it as solved instead: the standard answer proposes that status.
    state.get_by_label("Standaardantwoord").select_option(label="Lamp hersteld")
    state.get_by_role("button", name="Gebruik het standaardantwoord").click()
    staff.wait_for_load_state()
    state = staff.locator("#status")
    expect(state.get_by_label("afgehandeld: opgelost")).to_be_checked()
    expect(state.get_by_label("Toelichting voor de inwoner")).to_have_value(CLOSING_NOTE)
    state.get_by_role("button", name="Status wijzigen").click()
    staff.wait_for_url(case_url(reference))
    expect(staff.get_by_text("De status is nu ‘afgehandeld: opgelost’.")).to_be_visible()
    assert_accessible(staff)


def test_report_with_photo_and_map_is_routed_answered_closed_and_shown_on_the_public_map(
        browser, page, portal, tmp_path):
    load_desk_configuration()
    StaffUserFactory(username="sara.verbeke", first_name="Sara", last_name="Verbeke", role="desk_agent",
                     with_device=False)
    member = StaffUserFactory(username="piet.lampens", first_name="Piet", last_name="Lampens",
                              role="department_staff", with_device=False)
    Department.objects.get(code="openbare-verlichting").members.add(member)
    photo = small_jpeg(tmp_path / "lamp.jpg")

    # 1. The resident reports, signed in with eID through the development provider.
    sign_in_resident(page, portal.url, 0)
    reference = report_street_light(page, portal.url, photo)
    case = Case.objects.get(reference=reference)
    assert case.category.slug == "straatverlichting"
    assert case.department.code == "openbare-verlichting"
    assert case.has_location and case.address.endswith("Stad Voorbeeld")
    assert case.attachments.count() == 1

    others = []
    try:
        # 2. The desk agent routes it and publishes the photo.
        agent = new_page(browser)
        others.append(agent)
        route_and_publish_photo(agent, portal.url, reference, member)
        case.refresh_from_db()
        assert case.assignee == member
        assert case.attachments.get().is_public

        # 3. The department member answers and closes it.
        staff = new_page(browser)
        others.append(staff)
        handle_and_close(staff, portal.url, reference)
        case.refresh_from_db()
        assert case.state == State.RESOLVED
        assert case.public_note == CLOSING_NOTE

        # 4. The resident reads the history under "Mijn meldingen".
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Mijn meldingen").click()
        page.wait_for_url(portal.url + "/mijn/meldingen/")
        assert_accessible(page)
        page.locator(f"a[href='/mijn/meldingen/{reference}/']").click()
        page.wait_for_url(f"**/mijn/meldingen/{reference}/")
        history = page.locator(".desk-history")
        expect(history).to_contain_text("Ontvangen")
        expect(history).to_contain_text("Nieuwe status: in behandeling")
        expect(history).to_contain_text("Bericht van de stad")
        expect(history).to_contain_text("komt langs om de lamp te herstellen")
        expect(history).to_contain_text("Nieuwe status: afgehandeld: opgelost")
        expect(history).to_contain_text(CLOSING_NOTE)
        expect(page.locator("dl.data")).to_contain_text("afgehandeld: opgelost")
        assert_accessible(page)

        # 5. Anyone sees it on the public map: in the list, as a marker, and its published photo.
        visitor = new_page(browser)
        others.append(visitor)
        visitor.goto(portal.url + "/meldingen/kaart/")
        item = visitor.locator("#report-list li", has_text=reference)
        expect(item).to_have_count(1)
        expect(item).to_contain_text("Afgehandeld:")
        expect(item).to_contain_text(CLOSING_NOTE)
        marker = visitor.locator(f".leaflet-marker-icon.marker--closed[aria-label^='{reference}']")
        expect(marker).to_have_count(1)
        assert_accessible(visitor)
        marker.click()  # its popup: the category, the status, the published photo and a link to the report
        popup = visitor.locator(".leaflet-popup .report-popup")
        expect(popup).to_contain_text("Straatverlichting defect")
        expect(popup.locator("img.report-popup__photo")).to_have_count(1)
        expect(popup.get_by_role("link", name=f"Bekijk melding {reference}")).to_be_visible()
        assert_accessible(visitor)

        visitor.locator(f"#report-list a[href='/meldingen/kaart/{reference}/']").click()
        visitor.wait_for_url(f"**/meldingen/kaart/{reference}/")
        image = visitor.locator(".report-photos img")
        expect(image).to_have_count(1)
        expect(image).to_have_attribute("alt", re.compile(reference))
        image.scroll_into_view_if_needed()
        visitor.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        expect(visitor.locator("main")).not_to_contain_text(DESCRIPTION)  # descriptions never go public
        assert_accessible(visitor)

        for other in (page, *others):
            assert other.csp_violations == [], other.csp_violations
    finally:
        for other in others:
            other.context.close()
