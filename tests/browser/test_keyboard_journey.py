"""Keyboard only, in Chromium: no click, no fill, no check; Tab, Shift+Tab, Enter, Space, arrow keys and typing.

A resident signs in (the development provider's page too), requests a household composition through
the wizard, and files a report with the address field (the map is optional, never needed), starting
each page from the skip link; then answers "Ben je er nog?" with Enter. Every element that gets focus
on the portal shows a focus indicator (an outline or a box-shadow), and the report form, map included,
has no keyboard trap: Tab goes all the way round and Shift+Tab comes back.
"""
from __future__ import annotations

import re

import pytest

from certificates.models import CertificateRequest
from certificates.states import Status
from desk.demo import load_desk_configuration
from desk.models import Case
from registry.demo import sign_in_personas

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESCRIPTION = "De straatlamp aan de kerk brandt niet meer sinds zondag."
ADDRESS = "Kerkstraat 12"

FOCUSED_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const style = getComputedStyle(el), box = el.getBoundingClientRect();
  const label = (el.labels && el.labels[0] && el.labels[0].innerText) || el.getAttribute('aria-label') || '';
  return {
    tag: el.tagName.toLowerCase(), type: el.getAttribute('type') || '', name: el.getAttribute('name') || '',
    value: el.value === undefined ? '' : String(el.value), checked: !!el.checked, id: el.id,
    href: el.getAttribute('href') || '', text: ((el.innerText || '').trim() || label.trim()).slice(0, 100),
    classes: typeof el.className === 'string' ? el.className : '',
    ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none',
    shown: box.width > 0 && box.height > 0,
  };
}"""


class Keyboard:
    """Moves through a page with the keyboard, checking the focus indicator of every stop on the portal."""

    def __init__(self, page, portal_url: str):
        self.page = page
        self.portal_url = portal_url
        self.stops = 0
        self.passed: list[dict | None] = []  # the stops the last tab_to went by

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED_JS)

    def press(self, key: str) -> dict | None:
        self.page.keyboard.press(key)
        now = self.focused()
        if now is not None and self.page.url.startswith(self.portal_url):
            self.stops += 1
            described = describe(now)
            assert now["shown"], f"{self.page.url}: focus went to something not shown: {described}"
            assert now["ring"], f"{self.page.url}: no visible focus indicator on {described}"
        return now

    def tab_to(self, wanted, *, limit: int = 80, back: bool = False) -> dict:
        """Tab (or Shift+Tab) until ``wanted(focused)``; fails with the stops passed (a trap shows there)."""
        self.passed = []
        for _ in range(limit):
            now = self.press("Shift+Tab" if back else "Tab")
            if now is not None and wanted(now):
                return now
            self.passed.append(now)
        raise AssertionError(f"{self.page.url}: not reached in {limit} tab stops; passed: "
                             f"{[describe(stop) for stop in self.passed]}")

    def skip_to_content(self) -> None:
        """The first Tab of a page lands on the skip link; Enter moves to the main content."""
        self.page.evaluate("() => document.activeElement && document.activeElement.blur()")
        self.page.evaluate("() => window.scrollTo(0, 0)")
        first = self.press("Tab")
        assert first is not None and "skip-link" in first["classes"], f"first tab stop: {describe(first)}"
        self.page.keyboard.press("Enter")
        assert self.page.evaluate("() => document.activeElement.id") == "main"

    def follow(self, text: str | re.Pattern, **kwargs) -> None:
        """Tab to a link (or button) by its text and press Enter."""
        self.tab_to(lambda f: text_matches(f, text) and f["tag"] in {"a", "button"}, **kwargs)
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")

    def choose_radio(self, name: str, wanted) -> None:
        """Tab into a radio group and move with the arrow keys to the option ``wanted(focused)``."""
        now = self.tab_to(lambda f: f["type"] == "radio" and f["name"].endswith(name))
        for _ in range(40):
            if wanted(now):
                if not now["checked"]:
                    self.press("Space")
                assert self.focused()["checked"]
                return
            now = self.press("ArrowDown")
        raise AssertionError(f"no option of {name} as wanted")

    def type_into(self, wanted, text: str, **kwargs) -> None:
        self.tab_to(wanted, **kwargs)
        self.page.keyboard.type(text)


def describe(focused: dict | None) -> str:
    if focused is None:
        return "(nothing)"
    what = focused["tag"] + (f"[{focused['type']}]" if focused["type"] else "")
    name = f" name={focused['name']}" if focused["name"] else ""
    return f"{what}{name} '{focused['text'][:40]}'" + (f" -> {focused['href']}" if focused["href"] else "")


def text_matches(focused: dict, text) -> bool:
    if isinstance(text, re.Pattern):
        return bool(text.search(focused["text"]))
    return focused["text"] == text


def test_resident_signs_in_requests_a_certificate_and_reports_a_problem_with_the_keyboard_only(
        page, portal, settings, monkeypatch):
    load_desk_configuration()
    monkeypatch.setattr("certificates.services._enqueue", lambda request_id: None)  # no worker here
    me = sign_in_personas()[0]
    keys = Keyboard(page, portal.url)

    # 1. Sign in: from the home page, through the development provider, by keyboard.
    page.goto(portal.url + "/")
    keys.follow("Aanmelden")  # in the header: skip link, brand, language, menu, then "Aanmelden"
    page.wait_for_url(portal.url + "/aanmelden/")
    keys.skip_to_content()
    keys.follow("Aanmelden met eID of itsme")
    page.wait_for_url(re.compile(r".*/login/.*"))
    keys.choose_radio("persona", lambda f: f["value"] == "0")
    keys.choose_radio("means", lambda f: f["value"] == "eid")
    keys.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Aanmelden")
    page.keyboard.press("Enter")
    page.wait_for_url(portal.url + "/mijn/")

    # 2. A household composition for myself, through the wizard.
    keys.skip_to_content()
    keys.follow("Een attest aanvragen")
    page.wait_for_url(portal.url + "/mijn/aanvragen/nieuw/")
    keys.skip_to_content()
    keys.tab_to(lambda f: f["href"].endswith("/nieuw/household_composition/"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/nieuw/household_composition/voor-wie/$"))
    keys.skip_to_content()
    keys.choose_radio("choice", lambda f: f["value"] == me["national_number"])
    keys.follow("Volgende")
    for _ in range(4):  # delivery (and any other step) keep their defaults
        if "/controle/" in page.url:
            break
        keys.skip_to_content()
        keys.follow("Volgende")
    assert "/controle/" in page.url, page.url
    keys.skip_to_content()
    keys.follow("Aanvraag versturen")
    page.wait_for_url(re.compile(r".*/mijn/aanvragen/[0-9a-f-]{36}/$"))
    request = CertificateRequest.objects.get(public_id=page.url.rstrip("/").rsplit("/", 1)[1])
    assert request.type_code == "household_composition" and request.subject_number == me["national_number"]
    assert request.status == Status.ISSUING
    assert_accessible(page)

    # 3. A report with the address field, from the skip link onwards; the map is passed by.
    keys.follow("Melden of vragen")  # in the menu
    page.wait_for_url(portal.url + "/meldingen/")
    keys.skip_to_content()
    keys.follow("Iets melden")
    page.wait_for_url(portal.url + "/meldingen/nieuw/report/")
    page.wait_for_selector(".location-picker .leaflet-container")  # the map is there, and optional

    # No keyboard trap: from the skip link, Tab goes round the whole page (map included) and back to it.
    keys.skip_to_content()
    keys.tab_to(lambda f: "skip-link" in f["classes"], limit=150)
    went_by = " ".join(stop["classes"] for stop in keys.passed if stop)
    assert "location-picker__map" in went_by and "leaflet-control-zoom-in" in went_by  # through the map
    page.keyboard.press("Enter")

    keys.choose_radio("category", lambda f: f["text"].startswith("Straatverlichting defect"))
    keys.type_into(lambda f: f["tag"] == "textarea" and f["name"] == "description", DESCRIPTION)
    keys.type_into(lambda f: f["name"] == "address", ADDRESS)
    page.keyboard.press("Escape")  # closes the street suggestions, if the browser shows them
    keys.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Verstuur", limit=40)
    # ...and back over the map to the address field with Shift+Tab: no trap in that direction either.
    keys.tab_to(lambda f: f["name"] == "address", back=True, limit=40)
    assert any(stop and "location-picker__map" in stop["classes"] for stop in keys.passed)
    keys.follow("Verstuur", limit=40)
    if "/bedankt/" not in page.url:  # "Is dit al gemeld?": send it as a new report anyway
        keys.skip_to_content()
        keys.follow(re.compile("^(Nee|Verstuur)"))
    page.wait_for_url(re.compile(r".*/meldingen/bedankt/M-\d{4}-[A-Z0-9]+/$"))
    case = Case.objects.get(reference=page.url.rstrip("/").rsplit("/", 1)[1])
    assert case.description == DESCRIPTION
    assert case.category.slug == "straatverlichting"
    assert case.address.startswith(ADDRESS) and case.has_location  # found from the address alone
    assert_accessible(page)

    # 4. "Ben je er nog?": the warning takes the focus; Enter on "Ik ben er nog" keeps the session and
    #    brings the focus back to where it was.
    settings.SESSION_IDLE_WARNING = settings.SESSION_IDLE_TIMEOUT - 4  # shows 4 s after the page loads
    page.goto(portal.url + "/mijn/")
    keys.skip_to_content()
    keys.tab_to(lambda f: f["tag"] == "a" and f["text"] == "Mijn aanvragen")
    page.wait_for_selector("#idle-warning:not([hidden])")
    assert keys.focused()["id"] == "idle-stay" and keys.focused()["ring"]
    page.keyboard.press("Enter")
    page.wait_for_selector("#idle-warning", state="hidden")
    back = keys.focused()
    assert back is not None and back["tag"] == "a" and back["text"] == "Mijn aanvragen", describe(back)
    assert page.url.split("#")[0] == portal.url + "/mijn/"  # still signed in, on the same page
    assert keys.stops > 40  # the focus indicator was checked on every stop along the way
