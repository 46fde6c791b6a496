"""Rendering a certificate as a tagged PDF/A-3b and PDF/UA-1 document (WeasyPrint), before it is sealed.

Tagged: headings, tables, paragraphs and the figures (the city's mark, the QR code, each with its text
alternative) are in the structure tree, so a screen reader reads the document in order. WeasyPrint 70 writes one
variant's identification; the PDF/UA-1 part is added to the same XMP packet (``AccessibleMetadata``). The seal
keeps the file at PDF 1.7 (certificates/sealing.py), so the header and the claims still agree after sealing.

The template only ever reaches our own static files and the document's QR code: ``StaticOnlyFetcher`` refuses
the network and every file outside the static folders, and draws a QR code only for a well-formed verification
code, so a template that echoes register or resident input can never make the worker fetch a URL or read a
server file.
"""
from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from registry.records import PersonRecord
from registry.services import Access

from . import print_kit
from .verification import normalise_code

STATIC_SCHEME = "thuisloket-static"
QR_SCHEME = "thuisloket-qr"  # thuisloket-qr:/ABCD-EFGH-JKMN: the QR code of that verification code's address
PRINT_CSS_URL = f"{STATIC_SCHEME}:/certificates/print.css"
PDF_VARIANT = "pdf/a-3b"
PDF_UA_PART = "1"


class ForbiddenResource(ValueError):
    """A document tried to load something other than one of our static files."""


def verify_url(verification_code: str) -> str:
    """The public address printed (and QR-encoded) on the document."""
    base = (settings.PUBLIC_BASE_URL or "").rstrip("/")
    return f"{base}/verifieer/{verification_code}/"


def qr_image_url(verification_code: str) -> str:
    """The address a template gives the document's QR code; our fetcher draws it (``qr_png``) when WeasyPrint
    asks for it, so the HTML stays small and the naive render of the same HTML pays for the same code."""
    return f"{QR_SCHEME}:/{verification_code}"


def qr_png(data: str) -> bytes:
    """A QR code for ``data`` as an RGB PNG, one pixel per module, with a quiet zone of two modules.

    Why a PNG and not an inline SVG path: WeasyPrint parses and draws an SVG path in Python, segment by segment;
    for the ~280 runs of dark modules of a verification address a render cost 76 M more instructions (about 12 %,
    13 ms of CPU) than with this PNG, drawing it included (docs/BENCHMARKS.md, "Fourth pass"). print.css scales
    it with ``image-rendering: pixelated``, so the modules stay sharp and the PDF says /Interpolate false, as
    PDF/A requires. RGB like the rest of the page: WeasyPrint keeps an RGB PNG's bytes as they are.
    """
    import qrcode
    from PIL import Image

    # A fixed mask pattern skips qrcode's search over all eight (about 2/3 of its time per code);
    # any mask gives a valid, readable code.
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2, mask_pattern=2)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()  # with the quiet zone (border)
    image = Image.new("RGB", (len(matrix), len(matrix)), "white")
    image.putdata([(0, 0, 0) if dark else (255, 255, 255) for row in matrix for dark in row])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def static_roots() -> list[Path]:
    """The folders our static files live in (the project's static/ and the apps' static/ folders)."""
    from django.contrib.staticfiles import finders

    roots = []
    for entry in settings.STATICFILES_DIRS:
        roots.append(Path(entry[1] if isinstance(entry, tuple | list) else entry))
    # Django's cached finder: a new AppDirectoriesFinder builds a storage per installed app, and a certificate
    # asked three times (about 4 ms of its CPU in bench/pipeline_profile.py).
    for storage in finders.get_finder("django.contrib.staticfiles.finders.AppDirectoriesFinder").storages.values():
        roots.append(Path(storage.location))
    return [root.resolve() for root in roots if root.is_dir()]


def static_base_url() -> str | None:
    """The base of relative links in a document: the first static folder (they resolve inside static/ only)."""
    roots = static_roots()
    return roots[0].as_uri() + "/" if roots else None


def resolve_static(url: str) -> Path:
    """Map ``thuisloket-static:/path`` or ``file:///…`` inside a static folder to a file; raise otherwise."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == STATIC_SCHEME:
        from django.contrib.staticfiles import finders

        relative = unquote(parts.path).lstrip("/")
        if not relative or ".." in Path(relative).parts:
            raise ForbiddenResource(f"refused: {url}")
        found = finders.find(relative)
        if not found:
            raise ForbiddenResource(f"no such static file: {url}")
        path = Path(found)
    elif scheme == "file" and parts.netloc in ("", "localhost"):
        path = Path(url2pathname(parts.path))
    else:
        raise ForbiddenResource(f"refused: {url}")
    path = path.resolve()  # follows symlinks and "..": what counts is where the file really is
    if not path.is_file() or not any(path.is_relative_to(root) for root in static_roots()):
        raise ForbiddenResource(f"refused: {url}")
    return path


def static_only_fetcher():
    """A WeasyPrint URL fetcher that serves only our static files and the document's QR code (no network, no
    other files, no data:)."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme.lower() == QR_SCHEME:
                code = unquote(parts.path).lstrip("/")
                if parts.netloc or parts.query or not code or normalise_code(code) != code:  # the printed form only
                    raise ForbiddenResource(f"refused: {url}")
                return URLFetcherResponse(url, qr_png(verify_url(code)), {"Content-Type": "image/png"})
            path = resolve_static(url)
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            # The file: URL becomes the base for relative references inside a stylesheet (fonts, images).
            return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": mime_type})

    return StaticOnlyFetcher(timeout=1, allowed_protocols=[STATIC_SCHEME, QR_SCHEME, "file"], allow_redirects=False)


def document_context(request, *, verification_code: str, issued_at, valid_until) -> dict:
    """What a certificate template receives: the gathered register data plus what every document shows."""
    certificate_type = request.certificate_type
    gathered = certificate_type.gather(
        request.subject_number, access=Access.system(f"attest {request.reference}"), request=request,
    )
    url = verify_url(verification_code)
    return {
        **(gathered or {}),
        "verification_code": verification_code,
        "verify_url": url,
        "qr_image_url": qr_image_url(verification_code),
        "qr_alt": f"QR-code met het controleadres {url}",
        "city_logo_url": f"{STATIC_SCHEME}:/{settings.CITY_LOGO}",
        "issued_at": issued_at,
        "valid_until": valid_until,
        "city_name": settings.CITY_NAME,
        "request": request,
        "certificate_type": certificate_type,
        "print_css_url": PRINT_CSS_URL,
    }


def accessible_metadata(metadata):
    """``metadata`` (WeasyPrint's DocumentMetadata) that also claims PDF/UA-1 (pdfuaid:part) in the XMP."""
    from weasyprint.document import DocumentMetadata

    class AccessibleMetadata(DocumentMetadata):
        def generate_rdf_metadata(self, variant, version, conformance):
            rdf = super().generate_rdf_metadata(variant, version, conformance)
            claim = ('<rdf:Description xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" rdf:about="" '
                     f'pdfuaid:part="{PDF_UA_PART}" />')
            return rdf.replace(b"</rdf:RDF>", claim.encode() + b"</rdf:RDF>", 1)

    return AccessibleMetadata(**vars(metadata))


def render_html_to_pdf(html: str, *, title: str, lang: str = "nl", shared: bool = False) -> bytes:
    """Tagged PDF/A-3b + PDF/UA-1 from HTML with our static-only fetcher; title and language in the metadata.

    ``shared``: add print.css from this process's print kit (parsed once, with a font configuration and an
    image cache kept between renders, certificates/print_kit.py) instead of the HTML linking it itself.
    """
    from weasyprint import HTML

    base_url = static_base_url()
    fetcher = static_only_fetcher()
    options = {}
    if shared:
        kit = shared_print_kit(base_url=base_url, url_fetcher=fetcher)
        options = {"stylesheets": [kit.stylesheet], "font_config": kit.font_config,
                   "cache": kit.image_cache_for_document()}
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher).render(
        pdf_variant=PDF_VARIANT, pdf_tags=True, **options)
    document.metadata = accessible_metadata(document.metadata)
    document.metadata.lang = lang
    if not document.metadata.title:
        document.metadata.title = title
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def shared_print_kit(*, base_url: str | None = None, url_fetcher=None):
    """This process's print kit for certificates (print.css, fonts, the logo), built on first use."""
    return print_kit.print_kit(stylesheet_url=PRINT_CSS_URL, files=_kit_files(), base_url=base_url or static_base_url(),
                               url_fetcher=url_fetcher or static_only_fetcher(), file_schemes=(STATIC_SCHEME, "file"))


def _kit_files() -> list[Path]:
    """The files the print kit holds parsed: print.css and the city's logo (its image cache)."""
    urls = [PRINT_CSS_URL] + ([f"{STATIC_SCHEME}:/{settings.CITY_LOGO}"] if settings.CITY_LOGO else [])
    files = []
    for url in urls:
        try:
            files.append(resolve_static(url))
        except ForbiddenResource:
            continue  # no logo: nothing of it is cached either
    return files


@dataclass(frozen=True)
class RenderedCertificate:
    pdf: bytes  # unsealed, tagged PDF/A-3b
    subject: PersonRecord | None  # the subject as the gather read them (None when a gather keeps no "person")


def render_certificate(request, *, verification_code: str, issued_at, valid_until) -> RenderedCertificate:
    """Render the certificate for ``request`` (a CertificateRequest) as unsealed, tagged PDF/A-3b, in Dutch.

    The text stays real, selectable text (no images of text); the verification code is printed in clear
    and as a QR code pointing to the public verification page. print.css comes from the process's print kit,
    so the HTML does not link it (``print_css_url`` is empty). The subject's register record comes back with
    the document, so the pipeline names the holder from the same audited read the document prints.
    """
    with translation.override("nl"):
        context = document_context(request, verification_code=verification_code, issued_at=issued_at,
                                   valid_until=valid_until)
        context["print_css_url"] = ""
        certificate_type = context["certificate_type"]
        html = render_to_string(certificate_type.template, context)
        title = f"{certificate_type.names['nl']} — {settings.CITY_NAME}"
        pdf = render_html_to_pdf(html, title=title, lang="nl", shared=True)
    person = context.get("person")
    subject = person if isinstance(person, PersonRecord) and person.national_number == request.subject_number \
        else None
    return RenderedCertificate(pdf=pdf, subject=subject)


def render_certificate_pdf(request, *, verification_code: str, issued_at, valid_until) -> bytes:
    """The document's bytes alone (``render_certificate``)."""
    return render_certificate(request, verification_code=verification_code, issued_at=issued_at,
                              valid_until=valid_until).pdf
