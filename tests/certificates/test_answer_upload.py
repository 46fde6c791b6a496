"""Answering a question of burgerzaken with a document: checked and rebuilt like a mandate, seen by staff only."""
import pytest
from django.contrib.auth.models import Permission
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from certificates import services
from certificates.models import CertificateRequest
from certificates.states import Status
from identity.staff import roles
from tests.certificates import hostile_uploads
from tests.certificates.test_staff_queue import QUEUE, submit
from tests.certificates.test_wizard import SARAH, sign_in_as
from tests.factories.identity import StaffUserFactory
from tests.identity.test_staff_helpers import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.certificates.test_wizard")]  # its URLconf
QUESTION = "Voeg een kopie van de erfrechtverklaring toe."


@pytest.fixture
def clerk(demo_registry):
    user = StaffUserFactory(username="clerk", role=roles.CIVIL_AFFAIRS)
    user.user_permissions.add(Permission.objects.get(codename="decide_certificate_request"))
    client = Client()
    sign_in(client, user)
    return client, user


@pytest.fixture
def asked(clerk, oidc):
    sarah = sign_in_as(Client(), oidc, SARAH)
    request = submit(SARAH)
    services.ask_for_information(request, actor=clerk[1], question=QUESTION)
    return sarah, request


def photo(name="erfrecht.png"):
    return SimpleUploadedFile(name, hostile_uploads.jpeg(), content_type="image/png")


def test_the_resident_answers_with_a_document_and_staff_download_it(asked, clerk):
    sarah, request = asked
    url = f"/mijn/aanvragen/{request.public_id}/"
    page = sarah.get(url).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page
    response = sarah.post(url, {"answer": "", "attachment": photo()}, follow=True)
    assert "je antwoord is verstuurd" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.AWAITING_APPROVAL
    name = request.info_attachment.name
    assert name.startswith("answers/") and "erfrecht" not in name  # a random name, never the resident's
    assert default_storage.exists(name)
    staff_page = clerk[0].get(f"{QUEUE}{request.public_id}/").content.decode()
    assert f"{QUEUE}{request.public_id}/antwoord/" in staff_page
    download = clerk[0].get(f"{QUEUE}{request.public_id}/antwoord/")
    assert download.status_code == 200 and download["Content-Type"] == "image/jpeg"  # rebuilt, not as uploaded
    assert download["Content-Disposition"].startswith("attachment") and "no-store" in download["Cache-Control"]
    assert sarah.get(f"{QUEUE}{request.public_id}/antwoord/").status_code in (302, 403)  # not for residents


def test_a_refused_file_is_said_and_nothing_is_sent_half(asked):
    sarah, request = asked
    url = f"/mijn/aanvragen/{request.public_id}/"
    bad = SimpleUploadedFile("scan.jpg", hostile_uploads.jpeg_with_html(), content_type="image/jpeg")
    response = sarah.post(url, {"answer": "Hier is de verklaring.", "attachment": bad})
    page = response.content.decode()
    assert response.status_code == 200
    assert "code van een webpagina" in page and "Kies het bestand opnieuw" in page
    assert "Hier is de verklaring." in page  # the text is kept in the form
    request.refresh_from_db()
    assert request.status == Status.INFO_REQUESTED and not request.info_answer and not request.info_attachment


def test_an_empty_answer_asks_for_text_or_a_document(asked):
    sarah, request = asked
    response = sarah.post(f"/mijn/aanvragen/{request.public_id}/", {"answer": "  "})
    assert "Schrijf je antwoord of voeg een document toe." in response.content.decode()
    assert CertificateRequest.objects.get(pk=request.pk).status == Status.INFO_REQUESTED


def test_a_second_answer_replaces_the_earlier_document(asked, clerk, django_capture_on_commit_callbacks):
    sarah, request = asked
    url = f"/mijn/aanvragen/{request.public_id}/"
    sarah.post(url, {"answer": "", "attachment": photo()})
    first = CertificateRequest.objects.get(pk=request.pk).info_attachment.name
    services.ask_for_information(CertificateRequest.objects.get(pk=request.pk), actor=clerk[1], question="Nog één.")
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes once the answer is saved
        sarah.post(url, {"answer": "", "attachment": photo()})
    second = CertificateRequest.objects.get(pk=request.pk).info_attachment.name
    assert second != first and default_storage.exists(second)
    assert not default_storage.exists(first)
