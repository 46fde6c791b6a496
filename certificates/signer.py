"""The seal's pyHanko signer: a ``SimpleSigner`` that signs with the key certificates.sealing loaded once.

Why: pyHanko's ``SimpleSigner.sign_raw`` re-parses the PKCS#8 key from DER for every signature (about
300 ms for the seal's RSA key); keeping the loaded ``cryptography`` key brings a signature to ~30 ms.

Not a patch: it subclasses pyHanko's public ``SimpleSigner`` and changes nothing for anyone else, so it
lives with its one user instead of in common/patches/. ``sign_raw`` does repeat pyHanko's choice of
mechanism, though, so like the patches it refuses a pyHanko version it was not written for (the same
range as the pin in pyproject.toml). Imported lazily by certificates.sealing: pyHanko takes ~0.3 s to import.
"""
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from pyhanko.sign.signers import SimpleSigner
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from common.patches import pyhanko as pyhanko_patch
from common.patches.versions import require

SUPPORTED = ">=0.25,<0.40"


def check_version() -> None:
    require("pyhanko", SUPPORTED, patch=__name__)


check_version()
pyhanko_patch.apply()  # the signing-certificate-v2 attribute encoded once per seal certificate (halves a seal)


class KeptKeySigner(SimpleSigner):
    """Signs ECDSA and RSA PKCS#1 v1.5 with ``key`` (a loaded ``cryptography`` private key, the same key as
    ``signing_key``); rarer mechanisms take pyHanko's own path."""

    def __init__(self, *, key, **kwargs):
        super().__init__(**kwargs)
        self.kept_key = key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algo = mechanism.signature_algo
        except ValueError:
            algo = mechanism["algorithm"].native
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        if algo == "ecdsa" and isinstance(self.kept_key, ec.EllipticCurvePrivateKey):
            return self.kept_key.sign(data, ec.ECDSA(hash_algo))
        if algo == "rsassa_pkcs1v15" and isinstance(self.kept_key, rsa.RSAPrivateKey):
            return self.kept_key.sign(data, padding.PKCS1v15(), hash_algo)
        return super().sign_raw(data, digest_algorithm)  # rarer mechanisms: pyHanko's own path
