"""The subscribe block on /nieuws/volgen/ in Debian's Chromium: with and without JavaScript, and axe-clean."""
import pytest

from news.push.models import PushSubscription
from tests.browser.conftest import assert_accessible, browser, page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OUR_ANSWERS = (
    "Je hebt meldingen voor deze site geblokkeerd",
    "Je browser vroeg toestemming, maar die kregen we niet",
    "Meldingen aanzetten is niet gelukt",
)


def status_text(page):  # noqa: F811
    status = page.locator("[data-push-status]")
    page.wait_for_function(
        "el => el.textContent && el.textContent !== 'Even geduld…'", arg=status.element_handle(), timeout=20000)
    return status.inner_text()


def test_with_javascript_the_buttons_appear_and_a_refusal_is_explained(live_server, page):  # noqa: F811
    page.goto(live_server.url + "/nieuws/volgen/")

    assert page.locator("[data-push-nojs]").is_hidden()
    assert page.get_by_role("button", name="Meldingen aanzetten").is_visible()
    assert page.get_by_role("checkbox", name="Crisisberichten, bijvoorbeeld bij storm of een gaslek").is_checked()
    assert_accessible(page)

    # Headless Chromium answers the permission question itself (no), or has no push service to reach:
    # either way the person reads why, in the polite live region, and nothing is stored.
    page.get_by_role("button", name="Meldingen aanzetten").click()
    assert status_text(page).startswith(OUR_ANSWERS)
    assert not PushSubscription.objects.exists()
    assert_accessible(page)


def test_when_the_browser_cannot_reach_its_push_service_the_person_is_told(live_server, browser):  # noqa: F811
    context = browser.new_context(locale="nl-BE")
    context.grant_permissions(["notifications"])  # allowed, but a headless browser has no push service
    try:
        allowed = context.new_page()
        allowed.goto(live_server.url + "/nieuws/volgen/")
        allowed.get_by_role("button", name="Meldingen aanzetten").click()
        assert status_text(allowed).startswith("Meldingen aanzetten is niet gelukt")
        assert not PushSubscription.objects.exists()
    finally:
        context.close()


def test_without_a_topic_the_person_is_told_to_choose_one(live_server, page):  # noqa: F811
    page.goto(live_server.url + "/nieuws/volgen/")
    page.get_by_role("checkbox", name="Crisisberichten, bijvoorbeeld bij storm of een gaslek").uncheck()
    page.get_by_role("button", name="Meldingen aanzetten").click()
    assert status_text(page) == "Kies minstens één soort berichten."
    assert page.evaluate("document.activeElement.value") == "crisis"


def test_without_javascript_the_alternatives_are_offered(live_server, browser):  # noqa: F811
    context = browser.new_context(locale="nl-BE", java_script_enabled=False)
    try:
        no_js = context.new_page()
        no_js.csp_violations = []
        no_js.goto(live_server.url + "/nieuws/volgen/")
        assert no_js.get_by_text("Meldingen op je toestel werken alleen als JavaScript aanstaat").is_visible()
        assert no_js.get_by_role("link", name="de Atom-feed").is_visible()
        assert no_js.get_by_role("button", name="Meldingen aanzetten").is_hidden()
    finally:
        context.close()
