"""Public verification: by code and by uploaded PDF, with plain-language outcomes and a rate limit."""
from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from certificates import sealing, verification
from certificates.verification import Outcome

from . import seal_fixtures
from .seal_fixtures import URLCONF, create_issued, render_test_pdf, seal_with

# Fixtures shared through seal_fixtures (tests/certificates/conftest.py belongs to everyone).
certificate_templates = seal_fixtures.certificate_templates
foreign_seal_keys = seal_fixtures.foreign_seal_keys
seal_keys = seal_fixtures.seal_keys
seal_settings = seal_fixtures.seal_settings

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.urls(URLCONF),
    pytest.mark.usefixtures("seal_settings", "certificate_templates"),
]

CODE = "ABCD-EFGH-JKMN"


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def sealed():
    return sealing.seal_pdf(render_test_pdf(code=CODE))


@pytest.fixture
def issued(sealed):
    return create_issued(sealed, code=CODE, valid_until=in_days(90))


def upload(client, data: bytes, name="attest.pdf"):
    return client.post("/verifieer/document/", {"document": SimpleUploadedFile(name, data, "application/pdf")})


def flip_byte_in_signed_range(pdf: bytes) -> bytes:
    data = bytearray(pdf)
    at = data.index(b"/Producer (") + len(b"/Producer (")
    data[at] ^= 0x01
    return bytes(data)


def append_incremental_update(pdf: bytes) -> bytes:
    """What an editor does when someone 'just adds a note': a new revision after the seal."""
    from pyhanko.pdf_utils.generic import NameObject, pdf_string
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    info = writer.trailer["/Info"].get_object() if "/Info" in writer.trailer else None
    if info is not None:
        info[NameObject("/Subject")] = pdf_string("toegevoegd")
        writer.update_container(info)
    writer.root[NameObject("/Lang")] = pdf_string("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- By code

def test_code_of_a_valid_certificate_shows_type_dates_fingerprint_and_holder_but_nothing_more(client, issued):
    # The holder's name and birth year let a verifier match the document to its holder (privacy statement).
    type(issued).objects.filter(pk=issued.pk).update(holder_name="Jan Janssens", holder_birth_year=1985)
    response = client.get(f"/verifieer/{CODE}/")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert 'data-outcome="valid"' in page
    assert "Geldig" in page
    assert issued.sha256 in page
    assert CODE in page
    assert "Jan Janssens, geboren in 1985" in page
    assert "/privacy/#controle" in page
    for personal in ("85073003328", "85.07.30", "30 juli", "TL-"):
        assert personal not in page


def test_code_is_found_whatever_its_case_spaces_and_dashes(issued):
    for typed in ("abcd-efgh-jkmn", " ABCD EFGH JKMN ", "abcdefghjkmn", "ABCD–EFGH–JKMN"):
        assert verification.by_code(typed).outcome == Outcome.VALID


def test_code_typed_in_another_form_redirects_to_the_printed_form(client, issued):
    response = client.get("/verifieer/abcd efgh jkmn/")
    assert response.status_code == 302
    assert response["Location"] == f"/verifieer/{CODE}/"


def test_expired_code_says_so(client, sealed):
    create_issued(sealed, code=CODE, valid_until=in_days(-1))
    result = verification.by_code(CODE)
    assert result.outcome == Outcome.EXPIRED
    page = client.get(f"/verifieer/{CODE}/").content.decode()
    assert 'data-outcome="expired"' in page and "Verlopen" in page


def test_unknown_code_shows_no_details(client, issued):
    response = client.get("/verifieer/ZZZZ-ZZZZ-ZZZZ/")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-outcome="unknown_code"' in page
    assert "Wij vinden geen attest met deze code" in page
    assert issued.sha256 not in page
    assert verification.by_code("not a code at all").outcome == Outcome.UNKNOWN_CODE


def test_start_page_works_without_javascript_and_posts_the_code(client, issued):
    page = client.get("/verifieer/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert 'action="/verifieer/document/"' in page
    assert '<label for="id_code">' in page and '<label for="id_document">' in page

    response = client.post("/verifieer/", {"code": "abcd efgh jkmn"})
    assert response.status_code == 302 and response["Location"] == f"/verifieer/{CODE}/"

    response = client.post("/verifieer/", {"code": "123"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


# --- By uploaded PDF

def test_upload_of_the_issued_file_is_authentic(client, sealed, issued):
    result = verification.check_uploaded_pdf(io.BytesIO(sealed))
    assert result.outcome == Outcome.AUTHENTIC and result.sha256 == issued.sha256

    response = upload(client, sealed)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    assert 'data-outcome="authentic"' in page
    assert "Dit bestand is echt" in page
    assert "Janssens" not in page


def test_upload_of_an_expired_certificate_is_expired(sealed):
    create_issued(sealed, code=CODE, valid_until=in_days(-10))
    assert verification.check_uploaded_pdf(sealed).outcome == Outcome.EXPIRED


def test_upload_with_one_changed_byte_is_altered(client, sealed, issued):
    response = upload(client, flip_byte_in_signed_range(sealed))
    page = response.content.decode()
    assert 'data-outcome="altered"' in page
    assert "veranderd nadat wij het uitreikten" in page


def test_upload_with_a_revision_added_after_the_seal_is_altered(sealed, issued):
    changed = append_incremental_update(sealed)
    assert changed.startswith(sealed)  # the seal itself still verifies over the original revision
    assert verification.check_uploaded_pdf(changed).outcome == Outcome.ALTERED


def test_upload_sealed_by_another_ca_is_not_issued_by_us(client, settings, foreign_seal_keys, issued):
    forged = seal_with(foreign_seal_keys, render_test_pdf(code=CODE), settings)
    response = upload(client, forged)
    page = response.content.decode()
    assert 'data-outcome="not_issued_by_us"' in page
    assert "draagt niet ons elektronisch zegel" in page


def test_upload_without_seal_is_not_issued_by_us(issued):
    assert verification.check_uploaded_pdf(render_test_pdf(code=CODE)).outcome == Outcome.NOT_ISSUED_BY_US


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
    b"",
    b"Hello, this is text",
    b"%PDF-1.7\n" + b"\xff" * 2000,
    b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
    b"%PDF-1.7\nxref\n0 99999999\ntrailer << /Size 99999999 /Root 1 0 R >>\nstartxref\n9\n%%EOF",
    b"%PDF-1.7\n" + b"[" * 50000 + b"\n%%EOF",
])
def test_upload_that_is_not_a_readable_pdf_never_crashes(client, data):
    result = verification.check_uploaded_pdf(data)
    assert result.outcome in (Outcome.NOT_A_PDF, Outcome.NOT_ISSUED_BY_US)
    response = upload(client, data)
    assert response.status_code in (200, 400)


def test_non_pdf_upload_gets_a_clear_message(client):
    response = upload(client, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, name="foto.png")
    page = response.content.decode()
    assert 'data-outcome="not_a_pdf"' in page
    assert "geen PDF-document" in page


def test_truncated_sealed_file_is_handled(sealed, issued):
    assert verification.check_uploaded_pdf(sealed[: len(sealed) // 2]).outcome in (
        Outcome.NOT_A_PDF, Outcome.ALTERED, Outcome.NOT_ISSUED_BY_US)


def test_too_large_file_is_refused_with_a_clear_message(client):
    big = b"%PDF-1.7\n" + b"0" * verification.MAX_UPLOAD_BYTES
    result = verification.check_uploaded_pdf(io.BytesIO(big))
    assert result.outcome == Outcome.NOT_A_PDF and "groter dan 10 MB" in str(result.explanation)

    response = upload(client, big)  # just over the limit: the service refuses it
    assert 'data-outcome="not_a_pdf"' in response.content.decode()
    assert "groter dan 10 MB" in response.content.decode()

    response = upload(client, big + b"0" * 200_000)  # well over: refused before the body is parsed
    assert response.status_code == 413
    assert "groter dan 10 MB" in response.content.decode()


def test_upload_without_a_file_shows_the_form_error(client):
    response = client.post("/verifieer/document/", {})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()


# --- Rate limit

def test_rate_limit_answers_429_with_a_dutch_page(client, settings, issued):
    settings.VERIFY_RATE_LIMIT = 3
    for _ in range(2):
        assert client.get(f"/verifieer/{CODE}/").status_code == 200
    assert upload(client, b"not a pdf").status_code == 200
    response = client.get(f"/verifieer/{CODE}/")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    page = response.content.decode()
    assert "te veel controles" in page and "10 minuten" in page
    assert upload(client, b"not a pdf").status_code == 429
    # Another address is not affected.
    assert client.get(f"/verifieer/{CODE}/", REMOTE_ADDR="192.0.2.7").status_code == 200
