"""The news channel in Chromium: the list, a post whose emoji reactions are sent by JavaScript (the count
changes and the polite status line says so), the follow page, the crisis banner on the home page, and the
content calendar for communication staff. axe-core (WCAG 2.1 A/AA) on every page, no CSP violation."""
import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from identity.models import User
from news.demo import load_news_demo

from .conftest import assert_accessible, sign_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Een-lang-wachtwoord-2026"


def test_news_pages_reactions_and_the_crisis_banner(page, live_server):
    posts = load_news_demo(active_crisis=True)
    crisis = posts["storm"]

    page.goto(live_server.url + "/")
    banner = page.get_by_role("region", name="Crisis in de stad")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("link", name="Lees wat je moet doen")).to_have_attribute(
        "href", f"/nieuws/{crisis.slug}/")
    assert_accessible(page)

    page.get_by_role("contentinfo").get_by_role("link", name="Nieuws").click()
    page.wait_for_url(live_server.url + "/nieuws/")
    expect(page.get_by_role("heading", name="Nu belangrijk: crisis")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Zomerfeest in het stadspark op 21 juni").click()
    page.wait_for_url(re.compile(r".*/nieuws/zomerfeest-stadspark/$"))
    thumbs = page.locator("button[data-reaction=thumbs_up]")
    expect(thumbs.locator("[data-count]")).to_have_text("14")
    thumbs.click()
    expect(thumbs.locator("[data-count]")).to_have_text("15")
    expect(page.locator("[data-reactions-status]")).to_have_text("Bedankt voor je reactie 'Duim omhoog'. Nu 15 keer.")
    assert page.url.endswith("/nieuws/zomerfeest-stadspark/")  # no reload: fetch did it
    thumbs.click()
    expect(page.locator("[data-reactions-status]")).to_have_text(
        "Je reageerde vandaag al met 'Duim omhoog' op dit bericht.")
    expect(thumbs.locator("[data-count]")).to_have_text("15")
    assert_accessible(page)

    page.goto(live_server.url + "/nieuws/volgen/")
    expect(page.get_by_role("heading", name="Per e-mail")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Inschrijven per e-mail").click()
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + f"/nieuws/{crisis.slug}/")
    expect(page.get_by_role("heading", name="Wat moet je doen?")).to_be_visible()
    assert_accessible(page)


def test_the_content_calendar_for_communication_staff(page, live_server):
    load_news_demo(active_crisis=True)
    user = User.objects.create_user(username="carla", password=PASSWORD, is_staff=True, first_name="Carla")
    user.groups.add(Group.objects.get(name="communication"))
    sign_in_staff(page, live_server.url, "carla", PASSWORD)

    page.goto(live_server.url + "/balie/nieuws/")
    expect(page.get_by_role("heading", name="Nieuwskalender")).to_be_visible()
    expect(page.get_by_role("heading", name="Tweede controle nodig")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Zware storm: blijf zo veel mogelijk binnen").first.click()
    expect(page.get_by_role("heading", name="Tweede controle", exact=True)).to_be_visible()
    expect(page.get_by_text("Het CAP-bericht is geldig volgens de OASIS CAP 1.2-norm.")).to_be_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/balie/nieuws/nieuw/?soort=crisis")
    page.get_by_role("button", name="Bewaren als concept").click()
    expect(page.locator("#error-summary")).to_be_visible()
    assert_accessible(page)
