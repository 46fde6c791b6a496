"""Civil-affairs staff sign in with password and an authenticator app (enrolled by QR code on first use),
look up a resident's register data with a reason, and sign out; every page passes axe-core."""
import base64

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp

from identity.models import User
from registry.demo import sign_in_personas

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "Een-lang-wachtwoord-2026"


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
    assert_accessible(page)
    secret = page.locator("code.code-display").inner_text()
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

    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_load_state()
    page.goto(portal.url + "/balie/")
    assert "/balie/aanmelden/" in page.url
