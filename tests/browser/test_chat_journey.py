"""The live chat in a real browser: a resident and a desk agent, both in Chromium.

A signed-in resident opens the chat from the chat button on the home page (Esc closes the panel and gives
the focus back to the button; it opens again), and sends a message without a reload. The agent (user
"balie", password + TOTP) finds it under "Gesprekken" and answers; the resident's page shows the answer
without a reload (Server-Sent Events, even on this WSGI live server) and the live region announced it. The
agent turns the conversation into a case. axe-core (WCAG 2.1 A/AA) on the chat (panel open), the chat page,
and the agent's pages; no CSP violation anywhere.
"""
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from desk.demo import load_desk_configuration
from desk.models import Case, Conversation
from identity.models import User

from .conftest import assert_accessible, sign_in_resident, sign_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Thuisloket-demo-2026"
QUESTION = "Wanneer haalt de stad het grofvuil op in de Kerkstraat?"
ANSWER = "Op de eerste dinsdag van de maand. Zet het voor 7 uur buiten."


@pytest.fixture
def chat_settings(settings):
    """The test decides the office hours (always open) and keeps event streams short and quick."""
    settings.CHAT_OPENING_HOURS = "always"
    settings.CHAT_STREAM_LIFETIME = 20
    settings.CHAT_STREAM_HEARTBEAT = 1
    settings.CHAT_STREAM_CHECK_MS = 200


def new_page(browser):
    context = browser.new_context(locale="nl-BE")
    page = context.new_page()
    page.csp_violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and page.csp_violations.append(msg.text))
    return page


def open_chat_from_the_home_page(page, portal_url: str):
    page.goto(portal_url + "/")
    button = page.get_by_role("button", name="Chat met de stad")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    panel = page.locator("#chat-panel")
    expect(panel).to_be_visible()
    box = panel.get_by_label("Je bericht")
    expect(box).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "true")

    page.keyboard.press("Escape")  # closes, and the focus goes back to the button
    expect(panel).to_be_hidden()
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("Enter")  # and opens again from there
    expect(panel).to_be_visible()
    expect(box).to_be_focused()
    return panel


def send_without_reload(page, panel):
    page.evaluate("window.chatJourneyMarker = 'still the same page'")
    box = panel.get_by_label("Je bericht")
    box.fill(QUESTION)
    panel.get_by_role("button", name="Verstuur").click()
    expect(panel.locator("li.chat-message--in", has_text=QUESTION)).to_have_count(1)
    expect(box).to_have_value("")
    expect(box).to_be_focused()
    assert page.evaluate("window.chatJourneyMarker") == "still the same page"


def agent_answers(agent, portal_url: str) -> int:
    sign_in_staff(agent, portal_url, "balie", PASSWORD)
    agent.goto(portal_url + "/balie/desk/")
    agent.get_by_role("link", name="Gesprekken (1)").click()
    agent.wait_for_url(portal_url + "/balie/desk/gesprekken/")
    expect(agent.get_by_role("heading", name="Gesprekken", exact=True)).to_be_visible()
    assert_accessible(agent)

    agent.get_by_role("link", name=re.compile("^Chat met ")).click()
    agent.wait_for_url(re.compile(r".*/balie/desk/gesprekken/\d+/$"))
    expect(agent.locator(".chat-messages")).to_contain_text(QUESTION)
    assert_accessible(agent)

    agent.get_by_label("Antwoord aan de inwoner").fill(ANSWER)
    agent.get_by_role("button", name="Antwoord versturen").click()
    expect(agent.locator("li.chat-message--out", has_text=ANSWER)).to_have_count(1)
    return int(agent.url.rstrip("/").rsplit("/", 1)[1])


def agent_makes_a_case(agent, portal_url: str) -> str:
    convert = agent.locator("#zaak")
    convert.get_by_label("vraag").check()
    convert.get_by_label("Onderwerp").fill("Ophaling grofvuil")
    convert.get_by_role("button", name="Maak er een zaak van").click()
    # The form's "#zaak" survives the redirect (a browser keeps the fragment when the new address has none).
    agent.wait_for_url(re.compile(r".*/balie/desk/dossier/M-\d{4}-[A-Z0-9]+/(#\w+)?$"))
    expect(agent.get_by_text(re.compile(r"Het gesprek is nu dossier M-"))).to_be_visible()
    expect(agent.locator(".conversation")).to_contain_text(QUESTION)
    expect(agent.locator(".conversation")).to_contain_text(ANSWER)
    return agent.url.split("#")[0].rstrip("/").rsplit("/", 1)[1]


def test_a_resident_chats_with_an_agent_who_turns_it_into_a_case(browser, page, portal, chat_settings):
    load_desk_configuration()
    user = User.objects.create_user(username="balie", password=PASSWORD, is_staff=True, first_name="Bea",
                                    last_name="Balie")
    user.groups.add(Group.objects.get(name="desk_agent"))

    sign_in_resident(page, portal.url, 0)
    panel = open_chat_from_the_home_page(page, portal.url)
    assert_accessible(page)
    send_without_reload(page, panel)
    conversation = Conversation.objects.get()
    assert conversation.channel == "chat" and conversation.resident is not None

    agent = new_page(browser)
    try:
        assert agent_answers(agent, portal.url) == conversation.pk

        # The answer arrives on the resident's page by itself, and the live region says so.
        expect(panel.locator("li.chat-message--out", has_text=ANSWER)).to_have_count(1, timeout=8000)
        expect(page.locator("#chat-status")).to_have_text(f"Nieuw bericht van de medewerker: {ANSWER}")
        expect(panel.get_by_label("Je bericht")).to_be_focused()  # an incoming message never takes the focus
        assert page.evaluate("window.chatJourneyMarker") == "still the same page"
        assert_accessible(page)  # the chat in the panel, with messages

        reference = agent_makes_a_case(agent, portal.url)
        case = Case.objects.get(reference=reference)
        assert case.conversation_id == conversation.pk and case.first_response_at is not None
        assert_accessible(agent)

        # The chat page itself (no panel there: the button is a link to it), at 320 px wide too.
        page.goto(portal.url + "/chat/")
        expect(page.locator(".chat-messages")).to_contain_text(ANSWER)
        expect(page.get_by_text(f"Dit gesprek werd dossier {reference}.")).to_be_visible()
        assert_accessible(page)
        page.set_viewport_size({"width": 320, "height": 640})
        assert page.evaluate("document.documentElement.scrollWidth <= 320")
        for other in (page, agent):
            assert other.csp_violations == [], other.csp_violations
    finally:
        agent.context.close()
        # Leave the chat page, and give its event stream (one live-server thread) a heartbeat to notice,
        # so it ends while the test database is still there.
        page.goto("about:blank")
        page.wait_for_timeout(1500)
