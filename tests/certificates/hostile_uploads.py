"""Mandate uploads for the wizard tests: a clean PDF and image, and hostile files that must be refused."""
import io
import struct
import zlib

from PIL import Image

from .hostile_pdfs import pdf_from_objects

_CONTENT = b"0 0 1 rg 10 10 100 100 re f"
_PAGES = [b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
          b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
          b"<< /Length %d >>\nstream\n" % len(_CONTENT) + _CONTENT + b"\nendstream"]


def clean_pdf() -> bytes:
    """One page with a blue square."""
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>", *_PAGES])


def pdf_with_javascript() -> bytes:
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>", *_PAGES,
                             b"<< /S /JavaScript /JS (app.alert\\(1\\)) >>"])


def pdf_with_embedded_file() -> bytes:
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [(x.exe) 5 0 R] >> "
                             b">> >>", *_PAGES, b"<< /Type /Filespec /F (x.exe) /EF << /F 6 0 R >> >>",
                             b"<< /Type /EmbeddedFile /Length 2 >>\nstream\nMZ\nendstream"])


def pdf_with_too_many_pages(pages: int = 11) -> bytes:
    kids = b" ".join(b"3 0 R" for _ in range(pages))
    return pdf_from_objects([b"<< /Type /Catalog /Pages 2 0 R >>",
                             b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages), *_PAGES[1:]])


def jpeg(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="JPEG", comment=b"secret comment")
    return out.getvalue()


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def png_with_big_text_chunk(megabytes: int = 20) -> bytes:
    """A small PNG whose zTXt chunk inflates to ``megabytes`` MB."""
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 0, 0)).save(out, format="PNG")
    data = out.getvalue()
    text = _chunk(b"zTXt", b"Comment\x00\x00" + zlib.compress(b"A" * (megabytes * 1024 * 1024), 9))
    return data[:33] + text + data[33:]  # after the signature (8) and IHDR (25)


def pixel_bomb() -> bytes:
    """A PNG that claims 100000 x 100000 pixels in a few hundred bytes."""
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0))
    idat = _chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
    return b"\x89PNG\r\n\x1a\n" + header + idat + _chunk(b"IEND", b"")


def truncated_jpeg() -> bytes:
    out = io.BytesIO()
    Image.effect_noise((400, 300), 60).convert("RGB").save(out, format="JPEG", quality=95)
    data = out.getvalue()
    return data[: len(data) // 2]


def jpeg_with_html() -> bytes:
    return jpeg() + b"<html><body><script>alert(document.cookie)</script></body></html>"


HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
