"""The city's electronic seal: PAdES signatures on issued certificates (eIDAS art. 3(27)).

The PKCS#12 is read once per process and the private key is kept as a loaded ``cryptography`` object:
pyHanko's ``SimpleSigner`` would re-parse the key for every signature (certificates/signer.py). A changed
file (new path or mtime) is picked up without a restart. Safe in a Celery prefork worker: the cache is rebuilt
lazily in each process and the lock is replaced in a forked child.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from common.forksafe import ForkSafeLock

from .signer import KeptKeySigner

FIELD_NAME = "Zegel"


class SealNotConfigured(ImproperlyConfigured):
    """No usable seal: SEAL_PKCS12_FILE is missing, unreadable or has no key."""


@dataclass(frozen=True)
class _LoadedSeal:
    key: object  # cryptography private key
    certificate: object  # cryptography x509.Certificate (the seal)
    chain: tuple  # cryptography x509.Certificate, the other certificates in the PKCS#12
    signer: object  # pyHanko signer holding ``key``


_cache: dict[tuple[str, int], _LoadedSeal] = {}
_lock = ForkSafeLock()


def _make_signer(key, certificate, chain):
    """A pyHanko SimpleSigner that signs with the already-loaded key instead of re-parsing it each time."""
    from asn1crypto import keys
    from cryptography.hazmat.primitives import serialization
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    store = SimpleCertificateStore()
    store.register_multiple([_to_asn1(c) for c in chain])
    key_info = keys.PrivateKeyInfo.load(key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return KeptKeySigner(key=key, signing_cert=_to_asn1(certificate), signing_key=key_info, cert_registry=store)


def _to_asn1(certificate):
    from asn1crypto import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return x509.Certificate.load(certificate.public_bytes(Encoding.DER))


def _load() -> _LoadedSeal:
    from cryptography.hazmat.primitives.serialization import pkcs12

    path = settings.SEAL_PKCS12_FILE
    if not path:
        raise SealNotConfigured("SEAL_PKCS12_FILE is not set.")
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise SealNotConfigured(f"SEAL_PKCS12_FILE {path!r} cannot be read: {exc.strerror}") from exc
    cache_key = (str(Path(path).resolve()), stat.st_mtime_ns)
    seal = _cache.get(cache_key)
    if seal is not None:
        return seal
    with _lock:
        seal = _cache.get(cache_key)
        if seal is not None:
            return seal
        passphrase = (settings.SEAL_PKCS12_PASSPHRASE or "").encode() or None
        try:
            data = Path(path).read_bytes()
            key, certificate, chain = pkcs12.load_key_and_certificates(data, passphrase)
        except (OSError, ValueError, TypeError) as exc:
            raise SealNotConfigured(f"SEAL_PKCS12_FILE {path!r} cannot be loaded (wrong passphrase?)") from exc
        if key is None or certificate is None:
            raise SealNotConfigured(f"SEAL_PKCS12_FILE {path!r} holds no private key and certificate.")
        chain = tuple(chain or ())
        seal = _LoadedSeal(key, certificate, chain, _make_signer(key, certificate, chain))
        _cache.clear()  # keep only the current file's key in memory
        _cache[cache_key] = seal
        return seal


def check_loadable() -> None:
    """Raise SealNotConfigured when the configured seal cannot be used (for the system check)."""
    _load()


def seal_pdf(pdf_bytes: bytes) -> bytes:
    """Seal a PDF (see _seal). pyHanko runs its own event loop, which cannot start inside a running one
    (an async caller, or a test driving a browser): there the work moves to a short-lived thread."""
    import asyncio

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _seal(pdf_bytes)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_seal, pdf_bytes).result()


def _seal(pdf_bytes: bytes) -> bytes:
    """Seal a PDF with the city's seal: PAdES B-B, or B-T when SEAL_TSA_URL names a timestamp authority.

    The signature is an incremental update, so a PDF/A input stays PDF/A. Returns the sealed bytes, which
    are final: any later change (even one byte) breaks the seal.
    """
    from pyhanko.sign import fields, signers

    seal = _load()
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=f"Elektronisch zegel van {settings.CITY_NAME}",
        location=settings.CITY_NAME,
        name=settings.CITY_NAME,
    )
    writer = _pdf17_writer_class()(io.BytesIO(pdf_bytes), strict=False)
    output = io.BytesIO()
    timestamper = _timestamper()
    # Reserving room for the signature skips pyHanko's dry-run signature that only measures its size
    # (half the sealing time). An EC or RSA-3072 seal with its chain fits in 8 KiB; a timestamp adds ~6 KiB.
    signers.sign_pdf(writer, meta, signer=seal.signer, timestamper=timestamper, output=output,
                     bytes_reserved=16384 if timestamper else 8192)
    return output.getvalue()


def _pdf17_writer_class():
    """pyHanko's incremental writer, kept at PDF 1.7 so that a sealed PDF/A-3 stays what it claims.

    For an ECDSA seal pyHanko declares ISO/TS 32002 (ECDSA curves, an extension of PDF 2.0) and raises the
    catalog's /Version to 2.0, while PDF/A-3 and PDF/UA-1 are PDF 1.7 profiles. PAdES (ETSI EN 319 142-1) seals
    ECDSA in PDF 1.7 with the ESIC extension, which pyHanko still declares; pdfsig and pyHanko validate it.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class Pdf17IncrementalWriter(IncrementalPdfFileWriter):
        def ensure_output_version(self, version):
            super().ensure_output_version(min(tuple(version), (1, 7)))

        def register_extension(self, ext):
            if str(ext.base_version) == "/2.0":
                return  # a PDF 2.0 extension (ISO 32002) in a PDF 1.7 file would contradict its header
            super().register_extension(ext)

    return Pdf17IncrementalWriter


def _timestamper():
    """pyHanko's HTTP timestamp client for SEAL_TSA_URL (a new one per seal: its session is per event loop)."""
    url = getattr(settings, "SEAL_TSA_URL", "")
    if not url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=10)


def trust_root():
    """The CA certificate our seal chains to, as an asn1crypto certificate (for ValidationContext).

    From SEAL_TRUST_ROOT_FILE (PEM or DER) when set, else the top of the PKCS#12 chain.
    """
    from pyhanko.keys import load_cert_from_pemder

    root_file = getattr(settings, "SEAL_TRUST_ROOT_FILE", "")
    if root_file:
        key = ("root", root_file, os.stat(root_file).st_mtime_ns)
        cached = _root_cache.get(key)
        if cached is None:
            cached = load_cert_from_pemder(root_file)
            _root_cache.clear()
            _root_cache[key] = cached
        return cached
    seal = _load()
    candidates = list(seal.chain) or [seal.certificate]
    # The root is the self-issued one; otherwise the last certificate of the chain.
    roots = [c for c in candidates if c.issuer == c.subject]
    return _to_asn1(roots[0] if roots else candidates[-1])


_root_cache: dict = {}


def signer_certificate():
    """The seal certificate (asn1crypto), e.g. to show its subject on the verification page."""
    return _to_asn1(_load().certificate)
