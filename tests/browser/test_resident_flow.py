"""The resident's certificate flow in a real browser: an ineligible request is refused with its reason before
anything is queued, a ready request links straight to its document, and the changed pages pass axe at phone
and desktop widths. Screenshots of each page go to results/resident/ (not committed) for people to look at."""
import re
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker

from certificates.models import CertificateRequest
from certificates.states import Status
from portal.celery import app
from registry.demo import sign_in_personas

from ..certificates.seal_fixtures import seal_keys, seal_settings  # noqa: F401  (fixtures)
from .conftest import assert_accessible, sign_in_resident
from .test_certificate_journeys import wait_for_status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "results" / "resident"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
DAAN = next(i for i, p in enumerate(sign_in_personas()) if p["description"] == "Nederlandse nationaliteit")


def look(page, name: str) -> None:
    """axe at both widths, and a full-page screenshot of each."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        assert_accessible(page)
        page.screenshot(path=str(SHOTS / f"{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_dutch_national_is_told_at_once_why_belgian_nationality_cannot_be_issued(page, portal):
    daan = sign_in_personas()[DAAN]
    sign_in_resident(page, portal.url, DAAN)
    page.get_by_role("link", name="Een attest aanvragen").click()
    mark = page.locator("#mark-belgian_nationality")
    assert "Het register vermeldt geen Belgische nationaliteit." in mark.inner_text()
    look(page, "catalogue")

    page.locator("a[href$='/nieuw/belgian_nationality/']").click()
    page.wait_for_url(re.compile(r".*/nieuw/belgian_nationality/voor-wie/$"))
    # The fields about someone else appear only once "Iemand anders" is chosen.
    assert not page.locator("#other-person").is_visible()
    page.locator("input[name$='choice'][value='proxy']").check()
    assert page.locator("#other-person").is_visible()
    look(page, "wizard-step-1-someone-else")
    page.locator(f"input[name$='choice'][value='{daan['national_number']}']").check()
    assert not page.locator("#other-person").is_visible()
    page.get_by_role("button", name="Volgende").click()
    summary = page.locator("#error-summary").inner_text()
    assert "Het register vermeldt geen Belgische nationaliteit." in summary and "ambassade" in summary
    assert "mislukt" not in page.content()
    look(page, "wizard-refused")
    assert not CertificateRequest.objects.exists()  # nothing queued, nothing to retry


@pytest.mark.worker
def test_a_ready_request_links_straight_to_the_document(page, portal, seal_settings):
    me = sign_in_personas()[0]
    sign_in_resident(page, portal.url, 0)
    page.goto(portal.url + "/mijn/aanvragen/nieuw/main_residence/")
    page.locator(f"input[name$='choice'][value='{me['national_number']}']").check()
    page.get_by_role("button", name="Volgende").click()
    while page.get_by_role("button", name="Aanvraag versturen").count() == 0:
        page.get_by_role("button", name="Volgende").click()
    look(page, "wizard-review")
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        page.get_by_role("button", name="Aanvraag versturen").click()
        page.wait_for_url(re.compile(r".*/mijn/aanvragen/[0-9a-f-]{36}/$"))
        public_id = page.url.rstrip("/").rsplit("/", 1)[1]
        wait_for_status(public_id, Status.READY)
    page.reload()
    link = page.get_by_role("link", name=re.compile("^Download Attest van hoofdverblijfplaats"))
    assert link.count() == 1
    look(page, "request-ready")
    response = page.request.get(portal.url + link.get_attribute("href"))
    assert response.status == 200 and response.body()[:5] == b"%PDF-"

    page.goto(portal.url + "/mijn/raadplegingen/")
    look(page, "consultations")
    page.goto(portal.url + "/privacy/")
    look(page, "privacy")
    code = CertificateRequest.objects.get(public_id=public_id).issued.verification_code
    page.goto(portal.url + f"/verifieer/{code}/")
    assert f"{me['given_name']} {me['family_name']}, geboren in" in page.content()
    look(page, "verification-result")
