"""A proxy's signed mandate, uploaded in the wizard: decoded strictly and rebuilt, never stored as uploaded.

* Images (JPEG, PNG, HEIC by their content) go through ``city.photos.process_photo``: strict decoding
  (truncated files refused, pixel bombs refused from the header, text chunks bounded by Pillow), then a
  fresh baseline JPEG without any metadata.
* PDFs are checked and rasterised in a limited child process (``certificates.pdf_sandbox`` runs
  ``certificates.mandate_pdf``): JavaScript, embedded files, launch actions, too many pages or objects, or
  a file that does not parse are refused; otherwise the pages become images in a new PDF.
* Anything else, and any file with web-page code in it (a JPEG/PDF/HTML polyglot), is refused.

Every refusal is a :class:`MandateRejected` whose ``message`` can be shown to the resident.
"""
from __future__ import annotations

import re
import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext

from city import photos

from . import pdf_sandbox

MAX_BYTES = 5 * 1024 * 1024
# Markup that makes a browser (or a desktop's preview) read a file as a web page, wherever it sits in the file.
_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|iframe|svg|object|embed|meta|a\s)|<\?xml",
                     re.IGNORECASE)


class MandateRejected(ValueError):
    """The upload cannot be kept as a mandate; ``message`` tells the resident what to do."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _not_a_mandate() -> MandateRejected:
    return MandateRejected(gettext("De volmacht moet een PDF, JPEG of PNG zijn. Kies een ander bestand, "
                                   "of maak een foto van de volmacht."), code="not_a_mandate")


def _pdf_refusal(verdict: str) -> MandateRejected:
    if verdict == "active":
        return MandateRejected(gettext("Deze PDF bevat scripts of ingebedde bestanden. Druk de volmacht af en "
                                       "scan ze, of maak er een foto van."), code="pdf_active")
    if verdict == "too_big":
        return MandateRejected(gettext("Deze PDF heeft te veel pagina's of onderdelen. Een volmacht telt hooguit "
                                       "10 pagina's."), code="pdf_too_big")
    return MandateRejected(gettext("We kunnen deze PDF niet lezen. Kies een ander bestand, of maak een foto van "
                                   "de volmacht."), code="pdf_unreadable")


def _read(upload) -> bytes:
    if getattr(upload, "size", None) is not None and upload.size > MAX_BYTES:
        raise MandateRejected(gettext("De volmacht is groter dan 5 MB. Kies een kleiner bestand."), code="too_large")
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_BYTES:
        raise MandateRejected(gettext("De volmacht is groter dan 5 MB. Kies een kleiner bestand."), code="too_large")
    return data


def clean_mandate(upload, *, address: str = "unknown") -> SimpleUploadedFile:
    """A clean copy of the uploaded mandate (a JPEG or a rasterised PDF), named ``volmacht.jpg``/``.pdf``.

    Raises :class:`MandateRejected` when the file is refused, and ``pdf_sandbox.TryLater`` when a PDF cannot
    be checked now."""
    data = _read(upload)
    if _MARKUP.search(data):
        raise MandateRejected(gettext("Dit bestand bevat code van een webpagina en is dus geen gewone scan of "
                                      "foto. Maak een nieuwe scan of foto van de volmacht."), code="markup")
    if data.startswith(b"%PDF-"):
        verdict, clean = pdf_sandbox.clean_mandate_pdf(data, address=address)
        if verdict != "ok":
            raise _pdf_refusal(verdict)
        return SimpleUploadedFile("volmacht.pdf", clean, content_type="application/pdf")
    try:
        photo = photos.process_photo(data, filename="volmacht")
    except photos.PhotoRejected as rejected:
        if rejected.code in ("not_a_photo", "empty"):
            raise _not_a_mandate() from rejected
        raise MandateRejected(rejected.message, code=rejected.code) from rejected
    return SimpleUploadedFile("volmacht.jpg", photo.content, content_type="image/jpeg")


def storage_name(clean_name: str) -> str:
    """Where a wizard upload is kept in the configured storage: a random name, never the resident's."""
    suffix = ".pdf" if clean_name.endswith(".pdf") else ".jpg"
    return f"wizard-uploads/{uuid.uuid4().hex}{suffix}"
