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


def test_qr_code_carries_its_text_alternative_escaped():
    svg = documents.qr_svg("https://x.example/verifieer/A/", title='QR <code> & "adres"')
    assert "<title>QR &lt;code&gt; &amp; &quot;adres&quot;</title>" in svg
    assert svg.startswith("<svg")


def test_qr_path_draws_exactly_the_dark_modules_of_the_code():
    import qrcode

    url = "https://thuisloket.example.be/verifieer/ABCD-EFGH-JKMN/"
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=2)
    code.add_data(url)
    code.make(fit=True)
    matrix = code.get_matrix()
    drawn = set()
    for run in documents.qr_path(matrix).split("z")[:-1]:
        start, rest = run[1:].split("h", 1)
        x, y = (int(v) for v in start.split())
        length = int(rest.split("v", 1)[0])
        drawn.update((x + i, y) for i in range(length))
    dark = {(x, y) for y, row in enumerate(matrix) for x, on in enumerate(row) if on}
    assert drawn == dark
    svg = documents.qr_svg(url)
    assert f'viewBox="0 0 {len(matrix)} {len(matrix)}"' in svg and documents.qr_path(matrix) in svg
