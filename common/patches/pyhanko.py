"""pyHanko's ``signing-certificate-v2`` attribute, encoded once per seal certificate instead of on every signature.

Why: pyHanko builds the attribute (RFC 5035: the seal certificate's hash and its issuer and serial number) as
a fresh asn1crypto tree for every signature. asn1crypto never clears the "mutated" mark of a tree built that
way, so every ``dump()`` of an enclosing value (the signed attributes, the SignerInfo, the CMS, each dumped
several times while the signature is assembled) re-encodes the whole tree again, recursively: about 1 300
re-encodings of its parts per seal, half the CPU time of a seal. Measured on this machine (CPU time per seal
of a household-composition certificate with the development seal, 30 seals, 2026-12-07): 14.2 ms without this
patch, 7.7 ms with it (docs/BENCHMARKS.md, "Certificate pipeline").

How: the attribute is computed by pyHanko's own ``as_signing_certificate_v2`` once per (certificate DER,
hash algorithm), kept as DER, and handed out as a freshly *loaded* value, which asn1crypto encodes by copying
its bytes. The bytes are exactly what pyHanko would have produced (the tests validate every seal with pdfsig
and pyHanko). Keyed on the certificate's own bytes: a rotated seal certificate gets its own entry, and the
cache holds a few entries at most. Plain bytes, so a forked worker can use what its parent had.

Applied by certificates/signer.py when it is imported (pyHanko loads lazily, only where seals are made), not by
:func:`common.patches.apply_all`. Written for pyHanko 0.25–0.39 (the pin in pyproject.toml).
"""
from __future__ import annotations

import threading

from .versions import require

SUPPORTED = ">=0.25,<0.40"
MAX_ENTRIES = 8  # seal certificates (a rotation keeps the old one for a moment)

_encoded: dict[tuple[bytes, str], bytes] = {}
_lock = threading.Lock()
_applied = False


def check_version() -> None:
    require("pyhanko", SUPPORTED, patch=__name__)


def cached_signing_certificate_v2(original):
    """``original`` (pyHanko's as_signing_certificate_v2), encoded once per certificate and hash algorithm."""
    from asn1crypto import tsp

    def as_signing_certificate_v2(cert, hash_algo="sha256"):
        key = (cert.dump(), hash_algo)
        encoded = _encoded.get(key)
        if encoded is None:
            encoded = original(cert, hash_algo).dump()
            with _lock:
                if len(_encoded) >= MAX_ENTRIES:
                    _encoded.clear()
                _encoded[key] = encoded
        return tsp.SigningCertificateV2.load(encoded)  # PATCHED: a loaded value, encoded by copying its bytes

    as_signing_certificate_v2.original = original
    return as_signing_certificate_v2


def apply() -> None:
    """Install the cached attribute where pyHanko's signed-attribute provider looks it up (idempotent)."""
    global _applied
    check_version()
    if _applied:
        return
    from pyhanko.sign import attributes

    # attributes.py imported the function by name; its provider calls that name.
    attributes.as_signing_certificate_v2 = cached_signing_certificate_v2(attributes.as_signing_certificate_v2)
    _applied = True
