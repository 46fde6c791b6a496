"""The seal check of an uploaded PDF, run as its own process (``python -m certificates.seal_check``).

certificates.pdf_sandbox starts it with CPU-time and memory limits and kills it when it takes too long:
hostile files (a form-field tree that points at itself, millions of objects) cost that process, never a
web worker. It imports no Django: it reads the trust root (DER) and the PDF from standard input, framed as
``<length of the root, 8 ASCII digits><root><pdf>``, and prints one word: ok, broken, untrusted or unreadable.

Before pyHanko walks the form fields (which follows shared children again and again), the file's object
count and its field tree are bounded here, so a small file cannot make pyHanko walk millions of nodes.
"""
from __future__ import annotations

import asyncio
import io
import re
import resource
import sys

MAX_OBJECTS = 20_000  # our certificates have about 40 objects; a real signed PDF rarely tens of thousands
MAX_FIELDS = 1_000  # form fields visited as pyHanko would visit them: a child shared by many parents counts each time
MAX_FIELD_DEPTH = 32  # nesting of /Kids
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def _field_tree_is_bounded(reader) -> bool:
    """Walk /AcroForm /Fields as a reader of the form would (a shared child once per parent, a loop for ever),
    giving up beyond MAX_FIELDS visits or MAX_FIELD_DEPTH levels."""
    form = reader.root.get("/AcroForm")
    if form is None:
        return True
    stack = [(reference, 1) for reference in form.get_object().raw_get("/Fields")]
    visits = 0
    while stack:
        reference, depth = stack.pop()
        visits += 1
        if visits > MAX_FIELDS or depth > MAX_FIELD_DEPTH:
            return False
        field = reference.get_object()
        if "/Kids" in field:
            stack.extend((kid, depth + 1) for kid in field.raw_get("/Kids"))
    return True


def _chains_to(embedded, context) -> bool:
    """True when the signer certificate (with the certificates embedded next to it) chains to our root."""
    from pyhanko_certvalidator import CertificateValidator

    try:
        validator = CertificateValidator(embedded.signer_cert, intermediate_certs=embedded.other_embedded_certs,
                                         validation_context=context)
        asyncio.run(validator.async_validate_path())
    except Exception:  # noqa: BLE001 - not ours, or not a certificate we can read
        return False
    return True


def check(data: bytes, root_der: bytes) -> str:
    """'ok', 'broken' (our seal, but invalid or not intact), 'untrusted' (no seal of ours) or 'unreadable'."""
    from asn1crypto import x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    if len(_OBJECT.findall(data)) > MAX_OBJECTS:
        return "unreadable"
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if not _field_tree_is_bounded(reader):
            return "unreadable"
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 - anything the parser raises on hostile input means "not a PDF we read"
        return "unreadable"
    if not signatures:
        return "untrusted"
    try:
        # Our seal is the last signature (incremental updates after it would change the SHA-256 anyway).
        embedded = signatures[-1]
        context = ValidationContext(trust_roots=[x509.Certificate.load(root_der)], allow_fetching=False)
        status = validate_pdf_signature(embedded, context)
    except Exception:  # noqa: BLE001
        return "untrusted"
    if status.intact and status.valid and status.trusted:
        return "ok"
    # pyHanko does not judge trust once the digest fails, so ask separately whose seal this claims to be.
    return "broken" if _chains_to(embedded, context) else "untrusted"


def limit_resources(cpu_seconds: int, memory_mb: int) -> None:
    """The kernel stops this process beyond these: SIGXCPU after the CPU time, MemoryError beyond the memory."""
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
    resource.setrlimit(resource.RLIMIT_AS, (memory_mb * 1024 * 1024,) * 2)


def main() -> None:
    """``python -m certificates.seal_check CPU_SECONDS MEMORY_MB`` with the framed input on standard input."""
    limit_resources(int(sys.argv[1]), int(sys.argv[2]))  # first of all: nothing is parsed before
    framed = sys.stdin.buffer.read()
    root_length = int(framed[:8])
    print(check(framed[8 + root_length:], framed[8:8 + root_length]))


if __name__ == "__main__":
    main()
