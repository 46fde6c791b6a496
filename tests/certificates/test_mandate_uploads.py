"""Mandate uploads in the wizard: hostile files refused with their message and nothing stored; clean files
rebuilt (never the uploaded bytes); files replaced per step, counted against a quota, purged with old drafts."""
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import ImageFile

from certificates import mandates, uploads
from certificates.models import CertificateRequest, WizardDraft, WizardUpload
from certificates.tasks import purge_abandoned_drafts
from identity.models import Resident
from tests.certificates import hostile_uploads as hostile
from tests.certificates.test_wizard import BASE, PIETER, TYPE, post_step, sarah  # noqa: F401 - sarah: a fixture
from tests.fixtures.s3 import stored_files

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.certificates.test_wizard")]
WHO = {"choice": "proxy", "other_number": PIETER["national_number"], "other_name": "Pieter Claes"}


@pytest.fixture(autouse=True)
def media(isolated_media):
    """Each test sees only its own files (tests/fixtures/s3.py)."""


def post_mandate(client, name, data):
    return post_step(client, TYPE, "voor-wie", WHO, {"mandate": SimpleUploadedFile(name, data)})


def wizard_files():
    return stored_files("wizard-uploads")


@pytest.mark.parametrize(("name", "data", "message"), [
    ("bom.png", hostile.pixel_bomb(), "te veel pixels"),
    ("tekst.png", hostile.png_with_big_text_chunk(20), "De volmacht moet een PDF, JPEG of PNG zijn."),
    ("half.jpg", hostile.truncated_jpeg(), "beschadigd of niet volledig"),
    ("html.jpg", hostile.jpeg_with_html(), "code van een webpagina"),
    ("pagina.jpg", hostile.HTML, "code van een webpagina"),
    ("script.pdf", hostile.pdf_with_javascript(), "scripts of ingebedde bestanden"),
    ("bijlage.pdf", hostile.pdf_with_embedded_file(), "scripts of ingebedde bestanden"),
    ("lang.pdf", hostile.pdf_with_too_many_pages(), "Deze PDF heeft te veel pagina"),
    ("kapot.pdf", b"%PDF-1.7\n1 0 obj << /Kids [", "We kunnen deze PDF niet lezen."),
])
def test_a_hostile_mandate_is_refused_with_its_message_and_nothing_is_stored(sarah, name, data, message):  # noqa: F811
    sarah.get(BASE)
    response = post_mandate(sarah, name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not WizardUpload.objects.exists() and wizard_files() == []


def test_a_clean_image_is_stored_re_encoded_without_its_metadata(sarah, media_storage):  # noqa: F811
    sarah.get(BASE)
    original = hostile.jpeg()
    assert post_mandate(sarah, "foto.jpg", original)["Location"] == f"{BASE}levering/"
    upload = WizardUpload.objects.get()
    stored = default_storage.open(upload.name).read()
    assert stored.startswith(b"\xff\xd8\xff") and stored != original and b"secret comment" not in stored
    post_step(sarah, TYPE, "levering", {"delivery": "mailbox"})
    post_step(sarah, TYPE, "controle")
    kept = CertificateRequest.objects.get().mandate.read()
    assert kept.startswith(b"\xff\xd8\xff") and b"secret comment" not in kept
    assert not WizardUpload.objects.exists() and wizard_files() == []  # the wizard's copy went with the wizard


def test_a_clean_pdf_is_stored_rasterised(sarah, media_storage):  # noqa: F811
    sarah.get(BASE)
    original = hostile.clean_pdf()
    assert post_mandate(sarah, "volmacht.pdf", original)["Location"] == f"{BASE}levering/"
    stored = default_storage.open(WizardUpload.objects.get().name).read()
    assert stored.startswith(b"%PDF-") and stored != original and b"/Image" in stored


def test_posting_the_step_again_replaces_the_earlier_file(sarah):  # noqa: F811
    sarah.get(BASE)
    for _ in range(3):
        post_mandate(sarah, "foto.jpg", hostile.jpeg())
    assert WizardUpload.objects.count() == 1 and len(wizard_files()) == 1
    post_step(sarah, TYPE, "voor-wie", {"choice": "proxy", "other_number": "12345678901", "other_name": "X"},
              {"mandate": SimpleUploadedFile("foto.jpg", hostile.jpeg())})  # invalid: the earlier file stays
    assert WizardUpload.objects.count() == 1
    sarah.post(BASE, {"draft_action": "restart"})
    assert not WizardUpload.objects.exists() and wizard_files() == []


@override_settings(WIZARD_UPLOAD_MAX_FILES=1)
def test_beyond_the_quota_a_mandate_is_refused(sarah):  # noqa: F811
    sarah.get(BASE)
    resident = Resident.objects.get()
    uploads.keep(resident, "other_type", "voor-wie", "wizard-uploads/elders.jpg", ContentFile(hostile.jpeg()))
    page = post_mandate(sarah, "foto.jpg", hostile.jpeg()).content.decode()
    assert "te veel bestanden" in page
    assert WizardUpload.objects.count() == 1


@override_settings(WIZARD_UPLOAD_MAX_FILES=10, WIZARD_UPLOAD_MAX_MB=0)
def test_beyond_the_byte_quota_a_mandate_is_refused(sarah):  # noqa: F811
    sarah.get(BASE)
    assert "te veel bestanden" in post_mandate(sarah, "foto.jpg", hostile.jpeg()).content.decode()
    assert not WizardUpload.objects.exists()


def test_the_purge_removes_abandoned_drafts_with_their_files(sarah):  # noqa: F811
    sarah.get(BASE)
    post_mandate(sarah, "foto.jpg", hostile.jpeg())
    post_step(sarah, TYPE, "levering", {"delivery": "mailbox"})
    assert WizardDraft.objects.count() == 1 and WizardUpload.objects.count() == 1
    assert uploads.purge_abandoned(30) == 0  # fresh: kept
    assert WizardUpload.objects.count() == 1
    old = timezone.now() - timedelta(days=31)
    WizardDraft.objects.update(updated_at=old)
    assert WizardUpload.objects.get().type_code == TYPE
    assert uploads.purge_abandoned(30) == 1
    assert not WizardDraft.objects.exists() and not WizardUpload.objects.exists() and wizard_files() == []


def test_the_purge_removes_old_files_whose_session_is_gone(sarah):  # noqa: F811
    resident = Resident.objects.get()
    uploads.keep(resident, TYPE, "voor-wie", "wizard-uploads/wees.jpg", ContentFile(b"x"))
    WizardUpload.objects.update(created_at=timezone.now() - timedelta(days=40))
    purge_abandoned_drafts()
    assert not WizardUpload.objects.exists() and wizard_files() == []


def test_a_huge_text_chunk_is_refused_even_after_weasyprint_loosened_pillow(monkeypatch):
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)  # what importing WeasyPrint does
    with pytest.raises(mandates.MandateRejected) as refused:
        mandates.clean_mandate(SimpleUploadedFile("tekst.png", hostile.png_with_big_text_chunk(20)))
    assert refused.value.code == "not_a_mandate"


def test_a_file_deleted_meanwhile_is_asked_again_not_a_server_error(sarah):  # noqa: F811
    sarah.get(BASE)
    post_mandate(sarah, "foto.jpg", hostile.jpeg())
    post_step(sarah, TYPE, "levering", {"delivery": "mailbox"})
    uploads.forget_wizard(Resident.objects.get(), TYPE)  # as a restart in another tab, or the purge, would
    response = post_step(sarah, TYPE, "controle", follow=True)
    assert response.status_code == 200
    assert "Voeg de ondertekende volmacht toe." in response.content.decode()
    assert not CertificateRequest.objects.exists()
