"""Civil-affairs staff sign in with password and an authenticator app (enrolled by QR code on first use),
look up a resident's register data with a reason, and sign out; every page passes axe-core."""
import base64
import re

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from playwright.sync_api import expect

from certificates import services as certificates
from identity import services as identity
from identity.models import User
from registry import services as registry
from registry.demo import sign_in_personas

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Een-lang-wachtwoord-2026"
HIGH_ACR = "urn:be:fedict:iam:fas:Level500"


def code_for(secret: str) -> str:
    key = base64.b32decode(secret.replace(" ", "").upper() + "=" * (-len(secret.replace(" ", "")) % 8))
    return f"{totp(key, t0=0, step=30, digits=6, drift=0):06d}"


def test_staff_enrols_signs_in_with_two_factors_and_looks_up_register_data(page, portal):
    user = User.objects.create_user(username="an.peeters", password=PASSWORD, is_staff=True,
                                    first_name="An", last_name="Peeters")
    user.groups.add(Group.objects.get(name="burgerzaken"))
    resident = sign_in_personas()[1]

    page.goto(portal.url + "/balie/")
    assert "/balie/aanmelden/" in page.url
    assert_accessible(page)
    page.get_by_label("Gebruikersnaam").fill("an.peeters")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Verder").click()

    # First sign-in: enrol an authenticator app (QR code, or the key typed by hand as here).
    page.wait_for_url("**/balie/aanmelden/instellen/**")
    assert page.locator(".qr-code svg").count() == 1
    # The staff layout: no resident menu, no resident "Aanmelden" between the password and the code.
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Aanmelden")).to_have_count(0)
    expect(menu.get_by_role("link", name="Melden of vragen")).to_have_count(0)
    assert_accessible(page)
    secret = page.locator("code.code-display").inner_text()
    # A typo, then the right code at once: checked after django-otp's short pause, never "too many".
    right = code_for(secret)
    page.get_by_label("Code uit de app").fill("000000" if right != "000000" else "111111")
    page.get_by_role("button", name="App koppelen").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Deze code klopt niet").first).to_be_visible()
    page.get_by_label("Code uit de app").fill(code_for(secret))
    page.get_by_role("button", name="App koppelen").click()
    page.wait_for_load_state()
    assert page.locator("text=reservecode").count() + page.locator("text=Reservecode").count() > 0
    assert_accessible(page)

    page.goto(portal.url + "/balie/register/")
    assert_accessible(page)
    page.get_by_label("Rijksregisternummer of bisnummer").fill(resident["national_number"])
    page.get_by_label("Reden van de raadpleging").select_option("loket")
    page.get_by_role("button", name="Opzoeken").click()
    page.wait_for_load_state()
    assert resident["family_name"] in page.content()
    assert resident["national_number"] not in page.url
    assert_accessible(page)

    # The approval queue: tabs with the current one marked, the applicant's and the child's names, and
    # everything about the request in the third person, with the sign-in in words.
    parent = sign_in_personas()[0]
    requester = identity.sign_in_resident(national_number=parent["national_number"], given_name=parent["given_name"],
                                          family_name=parent["family_name"], acr=HIGH_ACR).resident
    child = next(r for r in registry.persons_one_may_act_for(parent["national_number"])
                 if r.kind == "parent_of_minor")
    request = certificates.submit_request(requester=requester, type_code="household_composition",
                                          for_whom="minor_child", subject_number=child.subject_number,
                                          subject_name=child.subject.full_name, acr=HIGH_ACR)
    page.goto(portal.url + "/balie/attesten/")
    current = page.get_by_role("navigation", name="Soort wachtrij").locator("a[aria-current=page]")
    expect(current).to_have_text("Te beoordelen")
    assert current.evaluate("a => getComputedStyle(a).fontWeight") in {"700", "bold"}  # visible, not only for AT
    row = page.locator("tbody tr", has_text=request.reference)
    for text in (str(requester), child.subject.full_name, "voor een minderjarig kind"):
        expect(row).to_contain_text(text)
    expect(page.get_by_role("navigation", name="Kruimelpad")).to_have_text(re.compile(r"Balie\W+Aanvragen attesten"))
    assert_accessible(page)
    row.get_by_role("link", name=request.reference).click()
    page.wait_for_url(f"**/balie/attesten/{request.public_id}/")
    details = page.locator("dl.data").first
    for text in ("voor een minderjarig kind", "in de berichtenbox van de aanvrager", "eID (hoog)"):
        expect(details).to_contain_text(text)
    for resident_words in ("mijn minderjarig kind", "je minderjarige kind", "in mijn berichtenbox", "urn:be:"):
        assert resident_words not in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_load_state()
    page.goto(portal.url + "/balie/")
    assert "/balie/aanmelden/" in page.url
