"""Certificates in a real browser: a resident requests a household composition and opens it in the mailbox;
a parent asks one for a child and a staff member (password + TOTP) approves it. axe-core on every page."""
import re

import pytest
from celery.contrib.testing.worker import start_worker
from django.contrib.auth.models import Group

from certificates.models import CertificateRequest
from certificates.states import Status
from identity.models import User
from portal.celery import app
from registry import services as registry
from registry.demo import sign_in_personas

from ..certificates.seal_fixtures import seal_keys, seal_settings  # noqa: F401  (fixtures)
from .conftest import assert_accessible, sign_in_resident, sign_in_staff

pytestmark = [pytest.mark.browser, pytest.mark.worker, pytest.mark.django_db(transaction=True)]
PASSWORD = "Een-lang-wachtwoord-2026"


def wait_for_status(public_id, status, seconds=60):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if CertificateRequest.objects.get(public_id=public_id).status == status:
            return
        time.sleep(0.1)
    raise AssertionError(f"request did not reach {status}")


def request_household_composition(page, for_whom_number: str) -> str:
    page.get_by_role("link", name="Een attest aanvragen").click()
    assert_accessible(page)
    page.locator("a[href$='/nieuw/household_composition/']").click()
    page.wait_for_url(re.compile(r".*/nieuw/household_composition/.*"))
    assert_accessible(page)
    page.locator(f"input[name$='choice'][value='{for_whom_number}']").check()
    page.get_by_role("button", name="Volgende").click()
    assert_accessible(page)
    while page.get_by_role("button", name="Aanvraag versturen").count() == 0:
        page.get_by_role("button", name="Volgende").click()
        assert_accessible(page)
    assert_accessible(page)  # the review step
    page.get_by_role("button", name="Aanvraag versturen").click()
    page.wait_for_url(re.compile(r".*/mijn/aanvragen/[0-9a-f-]{36}/$"))
    assert_accessible(page)
    return page.url.rstrip("/").rsplit("/", 1)[1]


def test_resident_requests_household_composition_and_opens_it_in_the_mailbox(page, portal, seal_settings):
    me = sign_in_personas()[0]
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
        sign_in_resident(page, portal.url, 0)
        public_id = request_household_composition(page, me["national_number"])
        wait_for_status(public_id, Status.READY)
    page.reload()
    assert "klaar in je berichtenbox" in page.content()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Mijn berichten")).first.click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Je attest is klaar")).click()
    assert_accessible(page)
    link = page.get_by_role("link", name=re.compile("^Downloaden")).get_attribute("href")
    response = page.request.get(portal.url + link)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "no-store" in response.headers["cache-control"]
    assert response.body()[:5] == b"%PDF-"


def test_parent_asks_for_a_child_and_staff_approve_with_two_factors(browser, page, portal, seal_settings):
    parent = sign_in_personas()[0]
    child = next(r for r in registry.persons_one_may_act_for(parent["national_number"])
                 if r.kind == "parent_of_minor")
    clerk = User.objects.create_user(username="an.peeters", password=PASSWORD, is_staff=True,
                                     first_name="An", last_name="Peeters")
    clerk.groups.add(Group.objects.get(name="burgerzaken"))

    sign_in_resident(page, portal.url, 0)
    public_id = request_household_composition(page, child.subject_number)
    assert CertificateRequest.objects.get(public_id=public_id).status == Status.AWAITING_APPROVAL

    staff_context = browser.new_context(locale="nl-BE")
    staff = staff_context.new_page()
    staff.csp_violations = []
    try:
        sign_in_staff(staff, portal.url, "an.peeters", PASSWORD)
        staff.goto(portal.url + "/balie/attesten/")
        assert_accessible(staff)
        reference = CertificateRequest.objects.get(public_id=public_id).reference
        staff.get_by_role("link", name=reference).click()
        assert_accessible(staff)
        assert child.subject.family_name in staff.content()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            staff.get_by_role("button", name="Goedkeuren en attest aanmaken").click()
            staff.wait_for_load_state()
            assert_accessible(staff)
            wait_for_status(public_id, Status.READY)
    finally:
        staff_context.close()
    page.reload()
    assert "klaar in je berichtenbox" in page.content()
    assert_accessible(page)
