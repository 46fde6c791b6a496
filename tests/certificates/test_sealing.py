"""The city's seal on a certificate: PDF/A rendering, PAdES sealing, and what pyHanko and pdfsig see."""
from __future__ import annotations

import http.server
import io
import shutil
import subprocess
import threading

import pytest

from certificates import documents, sealing

from . import seal_fixtures
from .seal_fixtures import pdfsig, render_test_pdf

# Fixtures shared through seal_fixtures (tests/certificates/conftest.py belongs to everyone).
certificate_templates = seal_fixtures.certificate_templates
nss_db = seal_fixtures.nss_db
seal_keys = seal_fixtures.seal_keys
seal_settings = seal_fixtures.seal_settings

pytestmark = pytest.mark.usefixtures("seal_settings", "certificate_templates")


def pyhanko_status(pdf: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(pdf))
    (embedded,) = reader.embedded_signatures
    return embedded, validate_pdf_signature(embedded, ValidationContext(trust_roots=[sealing.trust_root()]))


def flip_byte_in_signed_range(pdf: bytes) -> bytes:
    """Change one character of the /Producer entry of the original revision (covered by the seal)."""
    data = bytearray(pdf)
    at = data.index(b"/Producer (") + len(b"/Producer (")
    data[at] ^= 0x01
    return bytes(data)


def test_sealed_pdf_is_valid_for_pyhanko_and_pdfsig(tmp_path, nss_db):
    sealed = sealing.seal_pdf(render_test_pdf())

    embedded, status = pyhanko_status(sealed)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert embedded.field_name == "Zegel"
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert "Elektronisch zegel van Stad Voorbeeld" in str(embedded.sig_object["/Reason"])
    assert str(embedded.sig_object["/Location"]) == "Stad Voorbeeld"
    assert embedded.signer_cert.subject.native["organization_name"] == "Stad Voorbeeld"

    pdf_file = tmp_path / "sealed.pdf"
    pdf_file.write_bytes(sealed)
    report = pdfsig(pdf_file, nss_db)
    assert "Signature Field Name: Zegel" in report
    assert "Signature Type: ETSI.CAdES.detached" in report
    assert "Total document signed" in report
    assert "Signature Validation: Signature is Valid." in report
    assert "Certificate Validation: Certificate is Trusted." in report


def test_pdfsig_without_our_ca_does_not_trust_the_seal(tmp_path):
    from .seal_fixtures import pdfsig_or_skip

    pdf_file = tmp_path / "sealed.pdf"
    pdf_file.write_bytes(sealing.seal_pdf(render_test_pdf()))
    empty_db = tmp_path / "nss"
    empty_db.mkdir()
    subprocess.run(["certutil", "-N", "-d", f"sql:{empty_db}", "--empty-password"], check=True, capture_output=True)
    pdfsig_or_skip()
    report = pdfsig(pdf_file, empty_db)
    assert "Signature is Valid." in report
    assert "Certificate is Trusted." not in report
    assert "Certificate issuer isn't Trusted." in report


def test_one_changed_byte_is_detected_by_both(tmp_path, nss_db):
    sealed = sealing.seal_pdf(render_test_pdf())
    tampered = flip_byte_in_signed_range(sealed)
    assert len(tampered) == len(sealed) and tampered != sealed

    _, status = pyhanko_status(tampered)
    assert not status.intact
    assert not status.bottom_line

    pdf_file = tmp_path / "tampered.pdf"
    pdf_file.write_bytes(tampered)
    report = pdfsig(pdf_file, nss_db)
    assert "Digest Mismatch" in report
    assert "Signature is Valid." not in report


def test_pdf_is_pdf_a_with_dutch_language_and_title(tmp_path):
    from pyhanko.pdf_utils.reader import PdfFileReader

    sealed = sealing.seal_pdf(render_test_pdf(code="WXYZ-2345-6789"))
    reader = PdfFileReader(io.BytesIO(sealed))
    xmp = reader.root["/Metadata"].get_object().data.decode("utf-8")
    assert 'pdfaid:part="3"' in xmp or "<pdfaid:part>3</pdfaid:part>" in xmp
    assert 'pdfaid:conformance="B"' in xmp or "<pdfaid:conformance>B</pdfaid:conformance>" in xmp
    assert "Attest van test — Stad Voorbeeld" in xmp
    assert str(reader.root["/Lang"]) == "nl"
    assert str(reader.trailer_view["/Info"]["/Title"]) == "Attest van test — Stad Voorbeeld"

    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf_file = tmp_path / "sealed.pdf"
    pdf_file.write_bytes(sealed)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_file), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "WXYZ-2345-6789" in text  # real text, selectable and searchable
    assert "Jan Janssens" in text
    assert "https://thuisloket.example.be/verifieer/WXYZ-2345-6789/" in text


def test_title_and_language_are_set_even_when_the_template_has_none(settings, certificate_templates):
    from pyhanko.pdf_utils.reader import PdfFileReader

    (certificate_templates / "tests" / "certificate.html").write_text(
        "<html><body><p>{{ verification_code }}</p><img src=\"{{ qr_image_url }}\" alt=\"{{ qr_alt }}\"></body></html>")
    reader = PdfFileReader(io.BytesIO(render_test_pdf()))
    assert str(reader.root["/Lang"]) == "nl"
    assert str(reader.trailer_view["/Info"]["/Title"]) == "Attest van test — Stad Voorbeeld"


class _RecordingHandler(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        self.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.end_headers()
        self.wfile.write(b"body { color: red }")

    def log_message(self, *args):
        pass


@pytest.fixture
def recording_server():
    server = http.server.HTTPServer(("127.0.0.1", 0), _RecordingHandler)
    _RecordingHandler.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _RecordingHandler.hits
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/anything.css",
    "https://example.com/logo.png",
    "file:///etc/passwd",
    "file:///etc/hostname",
    "ftp://example.com/x",
    "data:text/css,body{color:red}",
    "thuisloket-static:/../../../etc/passwd",
    "thuisloket-static:/css/../../../../etc/passwd",
    "thuisloket-static:/does-not-exist.css",
])
def test_url_fetcher_refuses_anything_but_our_static_files(url):
    fetcher = documents.static_only_fetcher()
    with pytest.raises(documents.ForbiddenResource):
        fetcher.fetch(url)


def test_url_fetcher_serves_our_static_files(settings):
    fetcher = documents.static_only_fetcher()
    by_scheme = fetcher.fetch("thuisloket-static:/css/portal.css")
    assert b"Thuisloket" in by_scheme.read()
    assert by_scheme.url.startswith("file://")
    static_file = (settings.BASE_DIR / "static" / "css" / "portal.css").resolve()
    assert fetcher.fetch(static_file.as_uri()).read() == static_file.read_bytes()
    # "..": the real location counts, not the spelling.
    sneaky = f"{(settings.BASE_DIR / 'static').resolve().as_uri()}/../pyproject.toml"
    with pytest.raises(documents.ForbiddenResource):
        fetcher.fetch(sneaky)


def test_url_fetcher_refuses_network_and_files_outside_static(recording_server, tmp_path):
    base, hits = recording_server
    hostile = (
        f'<link rel="stylesheet" href="{base}/style.css">'
        f'<img src="{base}/pixel.png" alt="">'
        f'<div class="bg">x</div><style>.bg {{ background: url("{base}/bg.png") }}</style>'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        '<img src="file:///etc/passwd" alt=""><img src="/etc/passwd" alt="">'
        '<object data="file:///etc/passwd"></object>'
        '<img src="../../../../../../etc/passwd" alt="">'
    )
    pdf = render_test_pdf(hostile_markup=hostile)
    assert pdf.startswith(b"%PDF-")
    assert hits == []  # not one request reached the network
    if shutil.which("pdftotext"):
        pdf_file = tmp_path / "doc.pdf"
        pdf_file.write_bytes(pdf)
        text = subprocess.run(["pdftotext", str(pdf_file), "-"], capture_output=True, text=True).stdout
        assert "root:" not in text
    assert b"root:x:0" not in pdf


def test_seal_key_is_loaded_once_per_file(seal_keys, settings, monkeypatch):
    from cryptography.hazmat.primitives.serialization import pkcs12

    sealing._cache.clear()
    calls = []
    original = pkcs12.load_key_and_certificates

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(pkcs12, "load_key_and_certificates", counting)
    pdf = render_test_pdf()
    sealing.seal_pdf(pdf)
    sealing.seal_pdf(pdf)
    assert len(calls) == 1


def test_seal_signs_with_the_kept_key_without_re_parsing_it(seal_keys, monkeypatch):
    """certificates/signer.py: pyHanko's SimpleSigner would load the key from DER for every signature."""
    from pyhanko.sign.signers import pdf_cms

    from certificates.signer import KeptKeySigner

    sealing._cache.clear()
    assert isinstance(sealing._load().signer, KeptKeySigner)

    def no_reparsing(*args, **kwargs):
        raise AssertionError("the seal's key was parsed again")

    monkeypatch.setattr(pdf_cms.serialization, "load_der_private_key", no_reparsing)
    embedded, status = pyhanko_status(sealing.seal_pdf(render_test_pdf()))
    assert status.intact and status.valid


def test_trust_root_falls_back_to_the_top_of_the_pkcs12_chain(settings, seal_keys):
    from pyhanko.keys import load_cert_from_pemder

    settings.SEAL_TRUST_ROOT_FILE = ""
    assert sealing.trust_root().dump() == load_cert_from_pemder(str(seal_keys.ca_file)).dump()


def test_seal_uses_a_timestamp_authority_when_configured(settings, monkeypatch):
    from pyhanko.sign.timestamps import HTTPTimeStamper

    assert sealing._timestamper() is None
    settings.SEAL_TSA_URL = "https://tsa.example.be/tsr"
    stamper = sealing._timestamper()
    assert isinstance(stamper, HTTPTimeStamper)
    assert stamper.url == "https://tsa.example.be/tsr"


def test_missing_seal_is_a_configuration_error(settings):
    settings.SEAL_PKCS12_FILE = "/nonexistent/seal.p12"
    with pytest.raises(sealing.SealNotConfigured):
        sealing.seal_pdf(b"%PDF-1.7")


def test_production_check_requires_a_loadable_seal(settings, tmp_path):
    from certificates.checks import check_seal_configured

    settings.DEBUG = False
    assert check_seal_configured(None) == []
    settings.SEAL_PKCS12_FILE = ""
    assert [e.id for e in check_seal_configured(None)] == ["thuisloket.E010"]
    broken = tmp_path / "broken.p12"
    broken.write_bytes(b"not a pkcs12")
    settings.SEAL_PKCS12_FILE = str(broken)
    assert [e.id for e in check_seal_configured(None)] == ["thuisloket.E010"]
    settings.DEBUG = True
    assert check_seal_configured(None) == []


def test_init_dev_seal_is_idempotent_and_refuses_without_debug(settings, tmp_path):
    from django.core.management import CommandError, call_command

    settings.VAR_DIR = tmp_path
    settings.DEBUG = True
    call_command("init_dev_seal", stdout=io.StringIO())
    p12 = (tmp_path / "keys" / "dev-seal.p12").read_bytes()
    ca = (tmp_path / "keys" / "dev-ca.pem").read_bytes()
    call_command("init_dev_seal", stdout=io.StringIO())
    assert (tmp_path / "keys" / "dev-seal.p12").read_bytes() == p12
    assert (tmp_path / "keys" / "dev-ca.pem").read_bytes() == ca
    assert (tmp_path / "keys" / "dev-seal.p12").stat().st_mode & 0o077 == 0

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("init_dev_seal", stdout=io.StringIO())


def test_dev_seal_certificate_profile(seal_keys):
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12

    key, cert, chain = pkcs12.load_key_and_certificates(seal_keys.seal_file.read_bytes(), None)
    assert isinstance(key.curve, ec.SECP256R1)
    assert cert.subject.get_attributes_for_oid(x509.NameOID.ORGANIZATION_NAME)[0].value == "Stad Voorbeeld"
    assert "elektronisch zegel" in cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    ca = chain[0]
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert "niet voor productie" in ca.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value
    assert cert.issuer == ca.subject


@pytest.mark.django_db
def test_real_household_composition_renders_seals_and_verifies(demo_registry, tmp_path, nss_db):
    from certificates import types
    from certificates.models import CertificateRequest
    from registry.demo import sign_in_personas

    if not types.exists("household_composition"):
        pytest.skip("the certificate catalogue has no household_composition type yet")
    persona = sign_in_personas()[0]
    request = CertificateRequest(reference="TL-2026-000001", type_code="household_composition", for_whom="self",
                                 subject_number=persona["national_number"], subject_name="demo")
    from django.utils import timezone

    now = timezone.now()
    pdf = documents.render_certificate_pdf(request, verification_code="QRST-UVWX-YZ23", issued_at=now,
                                           valid_until=now.date())
    sealed = sealing.seal_pdf(pdf)
    _, status = pyhanko_status(sealed)
    assert status.bottom_line
    pdf_file = tmp_path / "household.pdf"
    pdf_file.write_bytes(sealed)
    assert "Signature is Valid." in pdfsig(pdf_file, nss_db)
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf_file), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "QRST-UVWX-YZ23" in text
        assert "Attest van gezinssamenstelling" in text


def test_seal_is_pades_b_t_with_a_timestamp_authority(monkeypatch, seal_keys):
    """B-T: pyHanko's in-process test TSA stands in for SEAL_TSA_URL's HTTP timestamp authority."""
    import datetime

    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.timestamps import DummyTimeStamper
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    now = datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5)
    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA root")])
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(1)
            .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(root_key, hashes.SHA256()))
    tsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)  # pyHanko's test TSA is RSA-only
    tsa = (x509.CertificateBuilder()
           .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")])).issuer_name(root_name)
           .public_key(tsa_key.public_key()).serial_number(2)
           .not_valid_before(now).not_valid_after(now + datetime.timedelta(days=30))
           .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
           .sign(root_key, hashes.SHA256()))

    def der(cert):
        return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))

    stamper = DummyTimeStamper(tsa_cert=der(tsa), tsa_key=asn1_keys.PrivateKeyInfo.load(tsa_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())))
    monkeypatch.setattr(sealing, "_timestamper", lambda: stamper)

    sealed = sealing.seal_pdf(render_test_pdf())
    (embedded,) = PdfFileReader(io.BytesIO(sealed)).embedded_signatures
    status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[sealing.trust_root()]),
                                    ts_validation_context=ValidationContext(trust_roots=[der(root)]))
    assert status.bottom_line
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
