"""RFC 8291 encryption: what http_ece (an independent implementation, the one browsers' test vectors are
checked against) decrypts, with a fresh key pair and salt per message."""
import os

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from news.push import encryption


def subscriber():
    key = ec.generate_private_key(ec.SECP256R1())
    raw = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return key, raw, os.urandom(16)


def test_the_subscriber_decrypts_what_we_encrypt():
    key, public, auth = subscriber()
    message = '{"title":"Gaslek in de Kerkstraat","body":"Blijf binnen — ramen dicht"}'.encode()
    body = encryption.encrypt(message, public, auth)
    assert http_ece.decrypt(body, private_key=key, auth_secret=auth, version="aes128gcm") == message


def test_a_wrong_auth_secret_does_not_decrypt():
    key, public, auth = subscriber()
    body = encryption.encrypt(b"hello", public, auth)
    with pytest.raises(Exception):  # noqa: B017 - http_ece raises cryptography's InvalidTag (or ECEException)
        http_ece.decrypt(body, private_key=key, auth_secret=os.urandom(16), version="aes128gcm")


def test_every_message_has_its_own_salt_and_server_key():
    _key, public, auth = subscriber()
    first, second = encryption.encrypt(b"same", public, auth), encryption.encrypt(b"same", public, auth)
    assert first[:16] != second[:16]  # salt (RFC 8188 section 2.1)
    assert first[21:86] != second[21:86]  # keyid: the application server's public key (RFC 8291 section 3.1)
    assert first[16:21] == b"\x00\x00\x10\x00\x41"  # record size 4096, key id of 65 bytes


def test_bad_keys_and_oversized_payloads_are_refused():
    _key, public, auth = subscriber()
    with pytest.raises(ValueError):
        encryption.encrypt(b"x", public, auth[:8])
    with pytest.raises(ValueError):
        encryption.encrypt(b"x", b"\x04" + b"\x01" * 64, auth)  # not a point on P-256
    with pytest.raises(ValueError):
        encryption.encrypt(b"x" * 4080, public, auth)
