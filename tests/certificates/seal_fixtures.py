"""Fixtures for sealing and verification tests: a development CA and seal in a temporary folder.

Imported explicitly by the test modules (tests/certificates/conftest.py is shared with others).
Also a URLconf (``urlpatterns``) that mounts the verification pages when portal.urls does not yet.
"""
from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import include, path

from portal.management.commands.init_dev_seal import generate_dev_seal

TEST_CITY = "Stad Voorbeeld"

MINIMAL_TEMPLATE = """{% load i18n %}<!DOCTYPE html>
<html lang="nl"><head><meta charset="utf-8"><title>Attest van test — {{ city_name }}</title>
{% if print_css_url %}<link rel="stylesheet" href="{{ print_css_url }}">{% endif %}</head>
<body>
<h1>Attest van test</h1>
<p>Naam: {{ person_name }}</p>
<table><tr><th>Uitgereikt op</th><td>{{ issued_at|date:"j F Y" }}</td></tr>
<tr><th>Geldig tot</th><td>{{ valid_until|date:"j F Y" }}</td></tr></table>
<p>Verificatiecode: {{ verification_code }}</p>
<p>Controleer op {{ verify_url }}</p>
<div class="qr"><img src="{{ qr_image_url }}" alt="{{ qr_alt }}"></div>
{{ hostile_markup|safe }}
</body></html>
"""


def _verify_urlpatterns():
    from portal import urls as portal_urls

    mounted = any(getattr(p, "namespace", None) == "verify" for p in portal_urls.urlpatterns)
    extra = [] if mounted else [path("verifieer/", include("certificates.verify_urls"))]
    return extra + list(portal_urls.urlpatterns)


urlpatterns = _verify_urlpatterns()
URLCONF = __name__


@pytest.fixture(scope="session")
def seal_keys(tmp_path_factory):
    """Our (test) development CA and seal, generated once per session."""
    folder = tmp_path_factory.mktemp("seal")
    return generate_dev_seal(folder, city=TEST_CITY)


@pytest.fixture(scope="session")
def foreign_seal_keys(tmp_path_factory):
    """Someone else's CA and a seal issued by it, with the same city name (a forger's best attempt)."""
    folder = tmp_path_factory.mktemp("foreign-seal")
    return generate_dev_seal(folder, city=TEST_CITY, ca_name="Vervalste CA")


@pytest.fixture
def seal_settings(settings, seal_keys):
    settings.SEAL_PKCS12_FILE = str(seal_keys.seal_file)
    settings.SEAL_PKCS12_PASSPHRASE = ""
    settings.SEAL_TRUST_ROOT_FILE = str(seal_keys.ca_file)
    settings.SEAL_TSA_URL = ""
    settings.CITY_NAME = TEST_CITY
    settings.PUBLIC_BASE_URL = "https://thuisloket.example.be"
    return settings


@pytest.fixture
def certificate_templates(settings, tmp_path):
    """A minimal certificate template of our own, found by Django's template loader."""
    folder = tmp_path / "templates"
    (folder / "tests").mkdir(parents=True)
    (folder / "tests" / "certificate.html").write_text(MINIMAL_TEMPLATE)
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["DIRS"] = [*templates[0]["DIRS"], folder]
    settings.TEMPLATES = templates
    return folder


def fake_request(*, person_name="Jan Janssens", hostile_markup="", reference="TL-TEST-0001"):
    """Enough of a CertificateRequest for documents.render_certificate_pdf (no database)."""
    certificate_type = SimpleNamespace(
        code="test_certificate", names={"nl": "Attest van test"}, name="Attest van test",
        template="tests/certificate.html",
        gather=lambda subject_number, *, access, request: {"person_name": person_name,
                                                            "hostile_markup": hostile_markup},
    )
    return SimpleNamespace(certificate_type=certificate_type, subject_number="85073003328", reference=reference)


def render_test_pdf(code="ABCD-EFGH-JKMN", **kwargs) -> bytes:
    import datetime

    from django.utils import timezone

    from certificates import documents

    now = timezone.now()
    return documents.render_certificate_pdf(fake_request(**kwargs), verification_code=code, issued_at=now,
                                            valid_until=(now + datetime.timedelta(days=90)).date())


def seal_with(keys, pdf: bytes, settings) -> bytes:
    """Seal with another PKCS#12 (e.g. a forger's), leaving our settings as they were afterwards."""
    from certificates import sealing

    original = settings.SEAL_PKCS12_FILE
    settings.SEAL_PKCS12_FILE = str(keys.seal_file)
    try:
        return sealing.seal_pdf(pdf)
    finally:
        settings.SEAL_PKCS12_FILE = original


def create_issued(sealed: bytes, *, code: str, valid_until, type_code="household_composition"):
    """Record ``sealed`` as issued by us to Jan Janssens (85073003328, request TL-<code>): personal data that the
    verification pages must never show."""
    from tests.factories.certificates import IssuedCertificateFactory
    from tests.factories.identity import ResidentFactory

    resident = ResidentFactory(user__username=f"resident-{code}", nrn_hash=f"hash-{code}",
                               national_number="85073003328", family_name="Janssens", language="")
    return IssuedCertificateFactory(content=sealed, verification_code=code, type_code=type_code,
                                    valid_until=valid_until, request__requester=resident,
                                    request__reference=f"TL-{code}"[:20])


# --- Debian pdfsig with an NSS database that trusts only our CA.

def pdfsig_or_skip() -> str:
    import os

    found = shutil.which("pdfsig")
    if found and shutil.which("certutil"):
        return found
    if os.environ.get("THUISLOKET_REQUIRE_BROWSER") == "1":
        pytest.fail("pdfsig/certutil missing: install poppler-utils and libnss3-tools (CI requires them)")
    pytest.skip("pdfsig (poppler-utils) or certutil (libnss3-tools) is not installed")


@pytest.fixture(scope="session")
def nss_db(tmp_path_factory, seal_keys) -> Path:
    """An NSS database trusting our development CA (pdfsig trusts a CA only through one)."""
    pdfsig_or_skip()
    folder = tmp_path_factory.mktemp("nss")
    subprocess.run(["certutil", "-N", "-d", f"sql:{folder}", "--empty-password"], check=True, capture_output=True)
    subprocess.run(["certutil", "-A", "-n", "thuisloket-test-ca", "-t", "CT,C,C", "-i", str(seal_keys.ca_file),
                    "-d", f"sql:{folder}"], check=True, capture_output=True)
    return folder


def pdfsig(pdf_file: Path, nss: Path) -> str:
    """pdfsig's report (it always exits 0: the text is the verdict)."""
    done = subprocess.run([pdfsig_or_skip(), "-nssdir", f"sql:{nss}", str(pdf_file)], capture_output=True,
                          text=True, timeout=60)
    return done.stdout + done.stderr
