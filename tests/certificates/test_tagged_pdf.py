"""A certificate is a tagged PDF/A-3b + PDF/UA-1 document, and stays one after the seal.

veraPDF cannot be installed here (no Maven), so these tests check what a validator would look at first:
the structure tree (StructTreeRoot, MarkInfo /Marked true, /Lang, headings, row headers, figures with a text
alternative), the PDF version in the header and the catalog, and the XMP identification (pdfaid, pdfuaid),
with pikepdf and poppler's pdfinfo.
"""
from __future__ import annotations

import datetime
import io
import shutil
import subprocess

import pytest

from certificates import documents, sealing

from . import seal_fixtures

pikepdf = pytest.importorskip("pikepdf")

seal_keys = seal_fixtures.seal_keys
seal_settings = seal_fixtures.seal_settings


def structure(pdf: pikepdf.Pdf) -> list[tuple[str, object]]:
    """Every structure element of the document as (tag, element), in reading order."""
    found = []

    def walk(node):
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append((str(kid.S), kid))
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


@pytest.fixture
def household_pdf(demo_registry, seal_settings):
    """A real household composition of a demo resident, rendered and sealed as the pipeline does."""
    from django.utils import timezone

    from certificates.models import CertificateRequest
    from registry.demo import sign_in_personas

    persona = sign_in_personas()[0]
    request = CertificateRequest(reference="TL-2026-000042", type_code="household_composition", for_whom="self",
                                 subject_number=persona["national_number"], subject_name="demo")
    now = timezone.now()
    pdf = documents.render_certificate_pdf(request, verification_code="QRST-UVWX-YZ23", issued_at=now,
                                           valid_until=(now + datetime.timedelta(days=90)).date())
    return pdf, sealing.seal_pdf(pdf)


@pytest.mark.django_db
def test_certificate_is_tagged_with_headings_row_headers_and_figures_with_alt_text(household_pdf):
    _, sealed = household_pdf
    pdf = pikepdf.open(io.BytesIO(sealed))
    assert pdf.Root.MarkInfo.Marked is True
    assert str(pdf.Root.Lang) == "nl"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True  # PDF/UA: the title, not the file name
    tags = structure(pdf)
    names = [tag for tag, _ in tags]
    assert names[0] != "/Table"  # the letterhead is blocks, not a layout table
    assert "/H1" in names and "/Table" in names and "/P" in names
    figures = [element for tag, element in tags if tag == "/Figure"]
    alts = sorted(str(figure.Alt) for figure in figures)
    assert alts == ["Logo van Stad Voorbeeld",
                    "QR-code met het controleadres https://thuisloket.example.be/verifieer/QRST-UVWX-YZ23/"]
    # Rows of facts are named by their row header ("Naam" → "Janssens"), not by the first row.
    row_headers = [element for tag, element in tags if tag == "/TH"]
    assert row_headers and all("/ID" in th for th in row_headers)
    cells = [element for tag, element in tags if tag == "/TD" and "/Headers" in element.A]
    assert cells and all(len(cell.A.Headers) >= 1 for cell in cells)


@pytest.mark.django_db
def test_version_and_claims_agree_before_and_after_the_seal(household_pdf):
    unsealed, sealed = household_pdf
    for data in (unsealed, sealed):
        assert data.startswith(b"%PDF-1.7\n")
        pdf = pikepdf.open(io.BytesIO(data))
        assert "/Version" not in pdf.Root or str(pdf.Root.Version) == "/1.7"  # the seal does not raise it to 2.0
        assert "/ISO_" not in pdf.Root.get("/Extensions", {})  # no PDF 2.0 extension in a PDF 1.7 file
        with pdf.open_metadata() as xmp:
            assert xmp["pdfaid:part"] == "3"
            assert xmp["pdfaid:conformance"] == "B"
            assert xmp["pdfuaid:part"] == "1"
            assert xmp["dc:title"] == "Attest van gezinssamenstelling"
        assert "/OutputIntents" in pdf.Root  # PDF/A: the sRGB output intent


@pytest.mark.django_db
def test_seal_stays_valid_on_the_tagged_pdf(household_pdf, tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _, sealed = household_pdf
    (embedded,) = PdfFileReader(io.BytesIO(sealed)).embedded_signatures
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[sealing.trust_root()]))
    assert status.bottom_line


@pytest.mark.django_db
def test_pdfinfo_reads_a_tagged_pdf_1_7(household_pdf, tmp_path):
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    _, sealed = household_pdf
    path = tmp_path / "household.pdf"
    path.write_bytes(sealed)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fields = {key.strip(): value.strip() for key, _, value in (line.partition(":") for line in info.splitlines())}
    assert fields["PDF version"] == "1.7"
    assert fields["Tagged"] == "yes"
    assert fields["Title"] == "Attest van gezinssamenstelling"


def test_qr_png_has_one_black_pixel_for_each_dark_module_of_the_code():
    import qrcode
    from PIL import Image

    url = "https://thuisloket.example.be/verifieer/ABCD-EFGH-JKMN/"
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=2)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    image = Image.open(io.BytesIO(documents.qr_png(url)))
    assert image.format == "PNG" and image.mode == "RGB" and image.size == (len(matrix), len(matrix))
    pixels = image.load()
    drawn = {(x, y) for y in range(image.height) for x in range(image.width) if pixels[x, y] == (0, 0, 0)}
    assert drawn == {(x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark}
    assert all(pixels[x, y] == (255, 255, 255) for y in range(image.height) for x in range(image.width)
               if (x, y) not in drawn)


def test_the_fetcher_draws_the_qr_code_of_a_verification_code_and_refuses_anything_else(settings):
    settings.PUBLIC_BASE_URL = "https://thuisloket.example.be"
    fetcher = documents.static_only_fetcher()
    response = fetcher.fetch(documents.qr_image_url("ABCD-EFGH-JKMN"))
    assert response.content_type == "image/png"
    assert response.read() == documents.qr_png("https://thuisloket.example.be/verifieer/ABCD-EFGH-JKMN/")
    for url in ("thuisloket-qr:/", "thuisloket-qr:/abcd-efgh-jkmn", "thuisloket-qr:/ABCD-EFGH-JKMN/../x",
                "thuisloket-qr://evil.example/ABCD-EFGH-JKMN", "thuisloket-qr:/" + "A" * 5000):
        with pytest.raises(documents.ForbiddenResource):
            fetcher.fetch(url)


def qr_decoder_or_skip() -> str:
    import os

    found = shutil.which("zbarimg")
    if found:
        return found
    if os.environ.get("THUISLOKET_REQUIRE_BROWSER") == "1":
        pytest.fail("zbarimg missing: install zbar-tools (CI requires it)")
    pytest.skip("zbarimg (zbar-tools) is not installed")


@pytest.mark.django_db
def test_the_sealed_page_s_qr_code_scans_as_the_verification_address_and_is_not_smoothed(household_pdf, tmp_path):
    _, sealed = household_pdf
    zbarimg = qr_decoder_or_skip()
    pdf_file = tmp_path / "sealed.pdf"
    pdf_file.write_bytes(sealed)
    # 150 dpi: a module of the printed 30 mm code is about five pixels. (The inline SVG path drawn before did
    # not scan at 72, 100 or 150 dpi with zbar.)
    subprocess.run(["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf_file), str(tmp_path / "page")],
                   check=True, timeout=60)
    page = next(tmp_path.glob("page*.png"))
    scanned = subprocess.run([zbarimg, "--quiet", "--raw", str(page)], capture_output=True, text=True, timeout=60)
    assert scanned.stdout.splitlines() == ["https://thuisloket.example.be/verifieer/QRST-UVWX-YZ23/"]
    pdf = pikepdf.open(io.BytesIO(sealed))
    images = [xobject for xobject in pdf.pages[0].Resources.XObject.values() if xobject.Subtype == "/Image"]
    assert images and all(image.get("/Interpolate", False) is False for image in images)  # PDF/A: no smoothing
