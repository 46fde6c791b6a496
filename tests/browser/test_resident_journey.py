"""A demo resident signs in through the development provider by clicking, sees 'Mijn gegevens', signs out."""
import re

import pytest

from registry.demo import sign_in_personas

from .conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_resident_signs_in_sees_own_data_and_signs_out(page, portal):
    persona = sign_in_personas()[0]
    page.goto(portal.url + "/")
    assert_accessible(page)

    page.get_by_role("link", name="Aanmelden", exact=True).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Aanmelden met eID of itsme").click()

    # On the development provider: pick the resident and the eID card reader.
    page.wait_for_url(re.compile(r".*/login/.*"))
    page.locator("input[name=persona][value='0']").check()
    page.locator("input[name=means][value=eid]").check()
    page.get_by_role("button", name=re.compile("^Aanmelden")).click()

    page.wait_for_url(portal.url + "/mijn/")
    assert_accessible(page)
    page.get_by_role("link", name="Mijn gegevens").first.click()
    page.wait_for_url(portal.url + "/mijn/gegevens/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mijn gegevens"
    assert persona["family_name"] in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_url(portal.url + "/")
    assert page.get_by_role("link", name="Aanmelden", exact=True).first.is_visible()
    page.goto(portal.url + "/mijn/gegevens/")
    assert "/aanmelden/" in page.url  # signed out: back to the sign-in page
