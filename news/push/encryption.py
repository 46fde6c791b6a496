"""RFC 8291 message encryption (the ``aes128gcm`` content coding of RFC 8188) for one push message.

Straight on ``cryptography``'s primitives instead of pywebpush's ``WebPusher.encode`` (which we used before):
that goes through http_ece, whose per-call HKDF and Cipher objects, key serialisations and record loop cost
~100 µs of CPU per message where the work itself takes ~65 µs (profile in docs/BENCHMARKS.md, "Crisis
broadcast"); at a million messages that is 35 CPU-seconds. The mock push service and the tests decrypt with
http_ece, an independent implementation, so a mistake here fails them.

What is fresh for every message, as the RFCs ask:
- the application server's ECDH key pair (RFC 8291 section 3.1: "When sending a push message, the
  application server also generates a new ECDH key pair"; section 2: it "can be discarded after encrypting
  the message"). It costs ~10 µs next to the ~38 µs of the ECDH itself, so we keep it per message rather
  than reuse one per broadcast;
- the 16-byte salt (RFC 8188 section 2.1: a random salt per message is what keeps the content-encryption
  key and nonce from ever repeating, section 4.1).
"""
from __future__ import annotations

import hmac
import os
import struct

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

RECORD_SIZE = 4096  # RFC 8291 section 4: push services need not accept more than 4096 octets
_CURVE = ec.SECP256R1()
_ECDH = ec.ECDH()
_RAW = (serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
_KEY_INFO = b"WebPush: info\x00"
_CEK_INFO = b"Content-Encoding: aes128gcm\x00\x01"
_NONCE_INFO = b"Content-Encoding: nonce\x00\x01"
_RS_AND_IDLEN = struct.pack("!IB", RECORD_SIZE, 65)
_OVERHEAD = 1 + 16  # the last-record delimiter (0x02) and the AES-GCM tag


def _hmac(key: bytes, message: bytes) -> bytes:
    return hmac.digest(key, message, "sha256")


def encrypt(plaintext: bytes, ua_public: bytes, auth_secret: bytes) -> bytes:
    """The aes128gcm body of one push message to the subscription with these keys (raw bytes).

    ``ua_public`` is the subscription's uncompressed P-256 point (65 bytes), ``auth_secret`` its 16-byte
    secret. Raises ValueError for keys that are not those, or a plaintext that does not fit one record.
    """
    if len(auth_secret) != 16:
        raise ValueError("the authentication secret must be 16 bytes")
    if len(plaintext) + _OVERHEAD > RECORD_SIZE:
        raise ValueError("the payload does not fit one 4096-byte record")
    receiver = ec.EllipticCurvePublicKey.from_encoded_point(_CURVE, ua_public)  # checks the point is on the curve
    server = ec.generate_private_key(_CURVE)
    as_public = server.public_key().public_bytes(*_RAW)
    ecdh_secret = server.exchange(_ECDH, receiver)
    # RFC 8291 section 3.3/3.4: HKDF with one output block each, written as the HMACs it consists of.
    ikm = _hmac(_hmac(auth_secret, ecdh_secret), _KEY_INFO + ua_public + as_public + b"\x01")
    salt = os.urandom(16)
    prk = _hmac(salt, ikm)
    cek = _hmac(prk, _CEK_INFO)[:16]
    nonce = _hmac(prk, _NONCE_INFO)[:12]
    # One record (RFC 8188 section 2): the plaintext, the 0x02 delimiter of the last record, no padding.
    return salt + _RS_AND_IDLEN + as_public + AESGCM(cek).encrypt(nonce, plaintext + b"\x02", None)
