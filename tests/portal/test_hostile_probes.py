"""What the probe found, one by one: each is a clear 4xx (or a safe reading), never a 500."""
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from common.parsing import parse_date, parse_id, safe_file_name
from tests.portal.test_hostile_input import signed_in_clients

BAD_REQUEST_TITLE = "Dit adres of formulier kunnen we niet lezen"


@pytest.mark.parametrize("value", ["²", "٣", "9" * 10_000, "-1", "", None, "1.5", "99999999999999999999"])
def test_parse_id_takes_ascii_digits_only(value):
    assert parse_id(value) is None


def test_parse_id_and_date_read_plain_values():
    assert parse_id(" 42 ") == 42
    assert parse_date("2026-03-01") == date(2026, 3, 1)
    assert parse_date("9999-12-31") is None and parse_date("²⁰²⁶-01-01") is None


def test_safe_file_name_is_short_ascii_and_keeps_the_extension():
    name = safe_file_name("ë" * 150 + ".pdf")
    assert name.endswith(".pdf") and len(name) <= 100 and name.isascii()
    assert safe_file_name("../../etc/passwd") == "passwd"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/nieuws/%00/", "/nieuws/?onderwerp=%00", "/meldingen/kaart/?bbox=1%002"])
def test_a_nul_byte_in_the_path_or_query_is_the_dutch_400_page(url):
    response = Client().get(url)
    assert response.status_code == 400
    assert BAD_REQUEST_TITLE in response.content.decode()


@pytest.mark.django_db
def test_a_nul_byte_in_a_posted_field_is_a_400_but_file_contents_are_not_looked_at():
    client = Client(enforce_csrf_checks=False)
    assert client.post("/nieuws/inschrijven/", {"email": "a\x00@example.be"}).status_code == 400
    assert client.post("/nieuws/inschrijven/", "email=a%00b", content_type="application/x-www-form-urlencoded"
                       ).status_code == 400
    upload = SimpleUploadedFile("x.bin", b"\x00\x00binary", content_type="application/octet-stream")
    response = client.post("/nieuws/inschrijven/", {"email": "a@example.be", "file": upload})
    assert BAD_REQUEST_TITLE not in response.content.decode()


@pytest.fixture
def clients(db):
    from desk.demo_cases import load_demo_cases

    load_demo_cases(count=3)
    return signed_in_clients()


def test_chat_stream_ignores_a_unicode_digit_last_event_id(clients, settings):
    from desk.channels.chat.stream import start_id

    class Request:
        headers = {"Last-Event-ID": "²"}
        GET = {"after": "٣"}

    assert start_id(Request()) == 0


def test_assigning_a_unicode_digit_department_is_a_form_error(clients):
    from desk.models import Case

    case = Case.objects.order_by("pk").first()
    response = clients["desk_agent"].post(reverse("desk_staff:assign", args=[case.reference]), {"department": "²"})
    assert response.status_code in (400, 302)


def test_a_report_period_in_the_year_9999_is_refused(clients):
    response = clients["desk_agent"].get(reverse("desk_staff:reports"), {"van": "9999-12-31", "tot": "9999-12-31"})
    assert response.status_code in (200, 400)
    assert "Kies een datum tussen 1900 en 2999." in response.content.decode()
    csv = clients["desk_agent"].get(reverse("desk_staff:reports_csv"), {"van": "9999-12-31", "tot": "9999-12-31"})
    assert csv.status_code == 400
