"""On a phone: a compact menu that opens without JavaScript, a chat button that covers nothing, headings that keep
their distance from the header; on a laptop the menu is simply there."""
import pytest

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}


def open_page(browser, portal, viewport, *, javascript=True):
    context = browser.new_context(locale="nl-BE", viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    page.csp_violations = []
    page.goto(portal.url + "/")
    return page


def test_phone_menu_is_one_button_that_opens_without_javascript(browser, portal):
    page = open_page(browser, portal, PHONE, javascript=False)
    try:
        header = page.locator("header.site-header").bounding_box()
        assert header["height"] < 90  # one line: the mark, the name and "Menu" (was four lines of links)
        sign_in = page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Aanmelden")
        assert not sign_in.is_visible()
        page.locator("summary.site-menu__toggle").click()
        assert sign_in.is_visible()
        assert page.get_by_label("Taal").is_visible()
    finally:
        page.context.close()


def test_phone_chat_button_sits_in_the_flow_and_headings_keep_their_distance(browser, portal, settings):
    settings.CHAT_OPENING_HOURS = "always"
    page = open_page(browser, portal, PHONE)
    try:
        chat = page.locator(".chat-launcher__toggle").first
        if chat.count():
            assert chat.evaluate("el => getComputedStyle(el).position") == "static"
        header = page.locator("header.site-header").bounding_box()
        heading = page.locator("h1").first.bounding_box()
        assert heading["y"] - (header["y"] + header["height"]) >= 20
        assert_accessible(page)  # the closed menu too
    finally:
        page.context.close()


def test_laptop_shows_the_links_without_a_menu_button(browser, portal):
    page = open_page(browser, portal, LAPTOP)
    try:
        assert page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Aanmelden").is_visible()
        assert not page.locator("summary.site-menu__toggle").is_visible()
        assert page.get_by_role("link", name="Attest controleren").get_attribute("href") == "/verifieer/"
        assert_accessible(page)
    finally:
        page.context.close()
