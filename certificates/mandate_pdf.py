"""Check and rasterise an uploaded mandate PDF, run as its own process (``python -m certificates.mandate_pdf``).

certificates.pdf_sandbox starts it with CPU-time and memory limits (inherited by ``pdftoppm``, which it
starts in turn) and kills it when it takes too long. It imports no Django: it reads the PDF from standard
input and writes one line with a verdict, followed (only after ``ok``) by the clean PDF.

Verdicts: ``ok``; ``active`` (JavaScript, an embedded file, a launch action or rich media anywhere in the
object graph); ``too_big`` (more than MAX_PAGES pages or MAX_OBJECTS objects); ``unreadable`` (pyHanko
or pdftoppm cannot read it).

Why rasterise rather than rewrite: a copy written by pyHanko would still carry the original's content
streams, fonts and images, each a parser in the clerk's PDF viewer. Pages rendered to pixels by poppler
(in this limited process) and put into a new PDF by Pillow leave nothing of the upload but what it shows.
A digital signature in the upload is lost either way; the clerk judges the mandate by reading it.
"""
from __future__ import annotations

import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from certificates.seal_check import limit_resources

MAX_PAGES = 10
MAX_OBJECTS = 5_000  # a scanned or printed mandate has tens to hundreds
DPI = 150
PDFTOPPM_SECONDS = 20
ACTIVE_KEYS = {"/JS", "/JavaScript", "/EmbeddedFiles", "/EmbeddedFile", "/Launch", "/RichMedia", "/XFA"}
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def _walk(reader) -> str | None:
    """'active' or 'too_big' when the object graph from the trailer shows either, else None."""
    from pyhanko.pdf_utils import generic

    stack = [reader.trailer_view]
    seen: set[tuple[int, int]] = set()
    while stack:
        item = stack.pop()
        if isinstance(item, generic.IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            if len(seen) > MAX_OBJECTS:
                return "too_big"
            item = item.get_object()
        if isinstance(item, generic.DictionaryObject):
            for name in item:
                if name in ACTIVE_KEYS:
                    return "active"
                value = item.raw_get(name)
                if name == "/S" and value in ("/JavaScript", "/Launch", "/ImportData", "/SubmitForm"):
                    return "active"
                stack.append(value)
        elif isinstance(item, generic.ArrayObject):
            stack.extend(item.raw_get(index) for index in range(len(item)))
    return None


def check(data: bytes) -> str:
    """The verdict on the PDF's structure (see the module's docstring)."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    if len(_OBJECT.findall(data)) > MAX_OBJECTS:
        return "too_big"
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        if reader.encrypted:
            return "unreadable"
        if int(reader.root["/Pages"]["/Count"]) > MAX_PAGES:
            return "too_big"
        return _walk(reader) or "ok"
    except Exception:  # noqa: BLE001 - anything the parser raises on hostile input means "not a PDF we read"
        return "unreadable"


def rasterise(data: bytes) -> bytes | None:
    """The pages as images in a new PDF (Pillow's writer: images only), or None when poppler fails."""
    from PIL import Image

    with tempfile.TemporaryDirectory(prefix="mandate-") as folder:
        source = Path(folder) / "in.pdf"
        source.write_bytes(data)
        try:
            subprocess.run(["pdftoppm", "-r", str(DPI), "-l", str(MAX_PAGES), "-png", str(source),  # noqa: S603,S607
                            str(Path(folder) / "page")], capture_output=True, timeout=PDFTOPPM_SECONDS, check=True)
        except (subprocess.SubprocessError, OSError):
            return None
        pages = sorted(Path(folder).glob("page*.png"))
        if not pages:
            return None
        images = [Image.open(page).convert("RGB") for page in pages]
        out = io.BytesIO()
        images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=DPI)
        return out.getvalue()


def main() -> None:
    """``python -m certificates.mandate_pdf CPU_SECONDS MEMORY_MB`` with the PDF on standard input."""
    limit_resources(int(sys.argv[1]), int(sys.argv[2]))  # first of all: nothing is parsed before
    data = sys.stdin.buffer.read()
    verdict = check(data)
    clean = rasterise(data) if verdict == "ok" else None
    if verdict == "ok" and clean is None:
        verdict = "unreadable"
    sys.stdout.buffer.write(verdict.encode() + b"\n" + (clean or b""))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
