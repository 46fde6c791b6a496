"""common.patches.pyhanko: the cached signing-certificate-v2 attribute is byte for byte pyHanko's own, per
certificate (a rotated seal gets its own), and installed where pyHanko's attribute provider looks."""
from __future__ import annotations

import datetime

from asn1crypto import x509
from cryptography import x509 as cx509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from common.patches import pyhanko as patch


def certificate(name: str) -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = cx509.Name([cx509.NameAttribute(cx509.oid.NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    built = (cx509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
             .serial_number(cx509.random_serial_number()).not_valid_before(now)
             .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    return x509.Certificate.load(built.public_bytes(serialization.Encoding.DER))


def test_the_cached_attribute_is_pyhankos_own_encoding_per_certificate():
    from pyhanko.sign import general

    cached = patch.cached_signing_certificate_v2(general.as_signing_certificate_v2)
    old, new = certificate("Zegel 2026"), certificate("Zegel 2027")
    for cert in (old, new, old):
        for algorithm in ("sha256", "sha512"):
            assert cached(cert, algorithm).dump() == general.as_signing_certificate_v2(cert, algorithm).dump()
    assert cached(old).dump() != cached(new).dump()
    assert cached(old) is not cached(old)  # a fresh value each time: a caller may change its copy


def test_applied_where_the_provider_looks_it_up():
    from pyhanko.sign import attributes

    patch.apply()
    patch.apply()  # idempotent: not wrapped twice
    installed = attributes.as_signing_certificate_v2
    assert hasattr(installed, "original") and not hasattr(installed.original, "original")
