"""Uploaded PDFs are checked in a child process within limits: hostile files cost that process, never a
verdict on a genuine certificate; a check that cannot run now says "probeer later opnieuw" (503)."""
from __future__ import annotations

import datetime
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certificates import pdf_sandbox, sealing, verification
from certificates.verification import Outcome

from . import seal_fixtures
from .hostile_pdfs import field_loop, field_tree_bomb
from .seal_fixtures import URLCONF, create_issued, render_test_pdf

certificate_templates = seal_fixtures.certificate_templates
seal_keys = seal_fixtures.seal_keys
seal_settings = seal_fixtures.seal_settings

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls(URLCONF),
    pytest.mark.usefixtures("seal_settings", "certificate_templates"),
]

CODE = "ABCD-EFGH-JKMN"


@pytest.fixture
def sealed():
    data = sealing.seal_pdf(render_test_pdf(code=CODE))
    create_issued(data, code=CODE, valid_until=timezone.localdate() + datetime.timedelta(days=90))
    return data


def child(monkeypatch, mode: str) -> None:
    monkeypatch.setattr(pdf_sandbox, "CHECK_COMMAND", ("-m", "tests.certificates.sandbox_children", mode))


def wait_until_in_flight(count: int, address: str | None = None) -> None:
    for _ in range(200):
        if pdf_sandbox.checks_in_flight(address) >= count:
            return
        threading.Event().wait(0.01)
    raise AssertionError(f"{count} checks never ran at once")


def test_a_form_field_tree_that_a_reader_would_walk_a_million_times_is_refused_unwalked():
    assert verification.check_uploaded_pdf(field_tree_bomb(levels=6, kids=10)).outcome == Outcome.NOT_A_PDF
    assert verification.check_uploaded_pdf(field_tree_bomb(levels=9, kids=10)).outcome == Outcome.NOT_A_PDF


def test_a_form_field_that_is_its_own_child_is_refused():
    assert verification.check_uploaded_pdf(field_loop()).outcome == Outcome.NOT_A_PDF


def test_a_check_stopped_by_its_cpu_limit_gives_no_verdict(client, monkeypatch, settings):
    settings.VERIFY_SANDBOX_CPU_SECONDS = 1
    child(monkeypatch, "spin")
    with pytest.raises(pdf_sandbox.TryLater):
        verification.check_uploaded_pdf(field_tree_bomb())

    response = client.post("/verifieer/document/", {"document": SimpleUploadedFile("a.pdf", field_tree_bomb())})
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Probeer later opnieuw" in response.content.decode()
    assert "Echt" not in response.content.decode() and "Geen geldig PDF" not in response.content.decode()


def test_a_check_that_runs_out_of_wall_time_is_killed_and_gives_no_verdict(monkeypatch, settings):
    settings.VERIFY_SANDBOX_WALL_SECONDS = 1
    child(monkeypatch, "sleep")
    with pytest.raises(pdf_sandbox.TryLater):
        verification.check_uploaded_pdf(field_tree_bomb())


def test_a_genuine_certificate_is_authentic_while_one_address_fills_its_checks(monkeypatch, settings, sealed):
    settings.VERIFY_SANDBOX_MAX_CHECKS, settings.VERIFY_SANDBOX_MAX_CHECKS_PER_ADDRESS = 4, 2
    child(monkeypatch, "slow")  # every check takes a moment, so the attacker's are still running
    started = [threading.Thread(target=verification.check_uploaded_pdf, args=(field_tree_bomb(),),
                                kwargs={"address": "203.0.113.9"}) for _ in range(2)]
    for thread in started:
        thread.start()
    try:
        wait_until_in_flight(2, address="203.0.113.9")
        with pytest.raises(pdf_sandbox.TryLater):  # a third from the same address waits its turn
            verification.check_uploaded_pdf(field_tree_bomb(), address="203.0.113.9")
        result = verification.check_uploaded_pdf(sealed, address="198.51.100.4")
        assert result.outcome == Outcome.AUTHENTIC
    finally:
        for thread in started:
            thread.join()


def test_the_whole_city_shares_a_limit_of_checks_in_flight(monkeypatch, settings):
    settings.VERIFY_SANDBOX_MAX_CHECKS = 1
    child(monkeypatch, "slow")
    running = threading.Thread(target=verification.check_uploaded_pdf, args=(field_loop(),),
                               kwargs={"address": "203.0.113.9"})
    running.start()
    try:
        wait_until_in_flight(1)
        with pytest.raises(pdf_sandbox.TryLater):
            verification.check_uploaded_pdf(field_loop(), address="198.51.100.4")
    finally:
        running.join()
    assert verification.check_uploaded_pdf(field_loop(), address="198.51.100.4").outcome == Outcome.NOT_A_PDF
