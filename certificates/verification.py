"""Checking that a certificate is ours: by its verification code, or by the PDF file itself.

A result carries the type of certificate, its dates, the SHA-256 of the issued file and, to let a verifier
match the document to the person who shows it, the holder's name and birth year: nothing more (no national
number, birth date or address; the reasoning is in the privacy statement, templates/portal/privacy.html).
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import pdf_sandbox, sealing, types
from .models import IssuedCertificate

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
CODE_RE = re.compile(r"^[A-Z0-9]{12}$")


class Outcome(models.TextChoices):
    # By code
    VALID = "valid", _("Geldig")
    UNKNOWN_CODE = "unknown_code", _("Onbekende code")
    # By file
    AUTHENTIC = "authentic", _("Echt")
    ALTERED = "altered", _("Gewijzigd")
    NOT_ISSUED_BY_US = "not_issued_by_us", _("Niet door ons uitgereikt")
    NOT_A_PDF = "not_a_pdf", _("Geen geldig PDF-bestand")
    # Both
    EXPIRED = "expired", _("Verlopen")


EXPLANATIONS = {
    Outcome.VALID: _("Deze code hoort bij een attest dat wij hebben uitgereikt. Het attest is nog geldig. "
                     "Vergelijk de gegevens hieronder met het document dat je kreeg."),
    Outcome.UNKNOWN_CODE: _("Wij vinden geen attest met deze code. Controleer of je de code juist hebt "
                            "overgetypt. Vind je de code nog altijd niet, vertrouw het document dan niet."),
    Outcome.AUTHENTIC: _("Dit bestand is echt: het is het document dat wij hebben uitgereikt, met ons "
                         "elektronisch zegel, en er is niets aan veranderd. Het is nog geldig."),
    Outcome.ALTERED: _("Dit bestand is veranderd nadat wij het uitreikten. Vertrouw de inhoud niet. Vraag "
                       "de persoon die je het bezorgde om het originele bestand."),
    Outcome.NOT_ISSUED_BY_US: _("Dit bestand draagt niet ons elektronisch zegel. Wij hebben het niet "
                                "uitgereikt, of het is een scan of afdruk van een document."),
    Outcome.NOT_A_PDF: _("Dit bestand is geen PDF-document dat wij kunnen lezen. Laad het PDF-bestand op "
                         "dat je kreeg, niet een scan, foto of afdruk."),
    Outcome.EXPIRED: _("Dit attest werd door ons uitgereikt, maar de geldigheid is verstreken. Vraag een "
                       "nieuw attest aan."),
}
TOO_LARGE_EXPLANATION = _("Dit bestand is groter dan 10 MB. Onze attesten zijn veel kleiner: dit is niet "
                          "het document dat wij uitreikten.")


@dataclass(frozen=True)
class Result:
    """The outcome of a check and what may be shown about the certificate (no personal content)."""

    outcome: str
    explanation: str
    type_name: str = ""
    issued_at: object = None
    valid_until: object = None
    sha256: str = ""
    verification_code: str = ""
    holder_name: str = ""
    holder_birth_year: int | None = None

    @property
    def found(self) -> bool:
        return bool(self.sha256)

    @property
    def outcome_label(self) -> str:
        return Outcome(self.outcome).label

    @property
    def is_good(self) -> bool:
        return self.outcome in (Outcome.VALID, Outcome.AUTHENTIC)


def normalise_code(code: str) -> str:
    """'abcd efgh-jkmn ' -> 'ABCD-EFGH-JKMN' (the printed form); '' when it cannot be a code."""
    raw = re.sub(r"[\s\-–—_.]", "", code or "").upper()
    if not CODE_RE.match(raw):
        return ""
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def is_expired(issued: IssuedCertificate) -> bool:
    return issued.valid_until is not None and issued.valid_until < timezone.localdate()


def _result(outcome: str, issued: IssuedCertificate | None = None, explanation=None) -> Result:
    explanation = explanation or EXPLANATIONS[outcome]
    if issued is None:
        return Result(outcome=outcome, explanation=explanation)
    type_name = types.get(issued.type_code).name if types.exists(issued.type_code) else issued.type_code
    return Result(outcome=outcome, explanation=explanation, type_name=type_name, issued_at=issued.issued_at,
                  valid_until=issued.valid_until, sha256=issued.sha256, verification_code=issued.verification_code,
                  holder_name=issued.holder_name, holder_birth_year=issued.holder_birth_year)


def by_code(code: str) -> Result:
    """Look up a verification code as printed on a certificate (case, spaces and dashes do not matter)."""
    normalised = normalise_code(code)
    issued = IssuedCertificate.objects.filter(verification_code=normalised).first() if normalised else None
    if issued is None:
        return _result(Outcome.UNKNOWN_CODE)
    return _result(Outcome.EXPIRED if is_expired(issued) else Outcome.VALID, issued)


def check_uploaded_pdf(file, *, address: str = "unknown") -> Result:
    """Check an uploaded file (a Django UploadedFile, a file object or bytes) against what we issued.

    AUTHENTIC only when the seal is intact, cryptographically valid and chains to our trust root, *and* the
    file's SHA-256 is that of a certificate we issued (a sealed document's bytes are final). The seal is
    checked in a child process within limits (certificates.pdf_sandbox): every parser failure is NOT_A_PDF,
    and a file that is too costly to judge, or a check that cannot start now, raises TryLater (no verdict).
    ``address`` is the client's, for the limit of checks in flight per address.
    """
    data = _read_limited(file)
    if data is None:
        return too_large_result()
    if b"%PDF-" not in data[:1024]:
        return _result(Outcome.NOT_A_PDF)

    issued = IssuedCertificate.objects.filter(sha256=hashlib.sha256(data).hexdigest()).first()
    try:
        root = sealing.trust_root()
    except Exception:
        logger.exception("No trust root for verifying uploaded documents")
        raise
    seal = pdf_sandbox.check_seal(data, root.dump(), address=address)
    if seal == "unreadable":
        return _result(Outcome.NOT_A_PDF)
    if seal == "untrusted":
        return _result(Outcome.NOT_ISSUED_BY_US)
    if seal == "broken" or issued is None:
        # Our seal, but the bytes are not the ones we issued: changed in the signed range (broken) or
        # appended to after sealing (intact signature, different file).
        return _result(Outcome.ALTERED)
    return _result(Outcome.EXPIRED if is_expired(issued) else Outcome.AUTHENTIC, issued)


def too_large_result() -> Result:
    return _result(Outcome.NOT_A_PDF, explanation=TOO_LARGE_EXPLANATION)


def _read_limited(file) -> bytes | None:
    """The upload's bytes, or None when it is larger than MAX_UPLOAD_BYTES (read no further than that)."""
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
        return data if len(data) <= MAX_UPLOAD_BYTES else None
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        return None
    if hasattr(file, "seek"):
        file.seek(0)
    data = file.read(MAX_UPLOAD_BYTES + 1)
    return data if len(data) <= MAX_UPLOAD_BYTES else None
