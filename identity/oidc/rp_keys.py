"""Our own keys as an OpenID relying party: the private JWKS file, what we publish, what signs and decrypts.

The file (``OIDC_RP_PRIVATE_JWKS_FILE``) is an RFC 7517 JWK Set of RSA private keys, each with a ``kid`` and a
``use`` of ``sig`` or ``enc``. Two private members of ours steer rotation without downtime (``manage.py
oidc_rp_keys rotate``); they are never published:

- ``active_from`` (epoch seconds): a new signing key is published at once but signs only from then on, once
  the provider has had the time to fetch our JWKS again;
- ``retire_after`` (epoch seconds): an old key is published and used (an old encryption key still decrypts)
  until then, and ignored after it.
"""
import base64
import json
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from jwcrypto import jwk

PUBLIC_MEMBERS = ("kty", "kid", "use", "alg", "n", "e")
MIN_RSA_BITS = 2048
ROTATION_MEMBERS = ("active_from", "retire_after")


class KeyFileError(Exception):
    """The private key file is missing, unreadable or not a usable JWK Set."""


@dataclass
class RPKeys:
    """The keys of the file that are in force now."""

    sig: list[jwk.JWK] = field(default_factory=list)  # the first one signs
    enc: dict[str, jwk.JWK] = field(default_factory=dict)  # by kid: every one still decrypts
    published: list[dict] = field(default_factory=list)

    @property
    def signing_key(self) -> jwk.JWK | None:
        return self.sig[0] if self.sig else None


def read_key_file(path: str | os.PathLike) -> list[dict]:
    """The raw JWK dictionaries of a key file (rotation members included)."""
    try:
        document = json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise KeyFileError(f"{path}: {exc.__class__.__name__}") from exc
    keys = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(keys, list):
        raise KeyFileError(f"{path}: not a JWK Set (no 'keys' list)")
    return keys


def write_key_file(path: str | os.PathLike, keys: list[dict]) -> None:
    """Write a key file readable by its owner only (0600), replacing it atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump({"keys": keys}, handle, indent=2)
    os.replace(temporary, path)


def rsa_bits(raw: dict) -> int:
    modulus = raw.get("n", "")
    padded = modulus + "=" * (-len(modulus) % 4)
    return int.from_bytes(base64.urlsafe_b64decode(padded), "big").bit_length() if modulus else 0


def is_readable_by_others(path: str | os.PathLike) -> bool:
    return bool(Path(path).stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))


def in_force(raw: dict, now: float) -> bool:
    return not (raw.get("retire_after") and now > raw["retire_after"])


def select(raw_keys: list[dict], now: float | None = None) -> RPKeys:
    """Split the raw keys of a file into the ones that sign, decrypt and are published right now."""
    now = time.time() if now is None else now
    keys = RPKeys()
    signing = []
    for raw in raw_keys:
        if raw.get("kty") != "RSA" or not raw.get("kid") or raw.get("use") not in ("sig", "enc"):
            raise KeyFileError("every key must be an RSA key with a kid and a use of sig or enc")
        if not in_force(raw, now):
            continue
        key = jwk.JWK(**{name: value for name, value in raw.items() if name not in ROTATION_MEMBERS})
        if not key.has_private:
            raise KeyFileError(f"key {raw['kid']} has no private part")
        keys.published.append({name: raw[name] for name in PUBLIC_MEMBERS if name in raw})
        if raw["use"] == "enc":
            keys.enc[raw["kid"]] = key
        elif raw.get("active_from", 0) <= now:
            signing.append((raw.get("active_from", 0), key))
    # The most recently activated signing key signs; an older one is still published until it retires.
    keys.sig = [key for _, key in sorted(signing, key=lambda item: -item[0])]
    return keys


_cache: dict = {}


def current() -> RPKeys:
    """The keys in force, from ``OIDC_RP_PRIVATE_JWKS_FILE`` (re-read when the file changes); empty without it."""
    path = getattr(settings, "OIDC_RP_PRIVATE_JWKS_FILE", "")
    if not path:
        return RPKeys()
    try:
        mtime = Path(path).stat().st_mtime_ns
    except OSError as exc:
        raise KeyFileError(f"{path}: {exc.__class__.__name__}") from exc
    now = time.time()
    cached = _cache.get(path)
    # Re-selected every minute as well, so that active_from / retire_after take effect without a restart.
    if not cached or cached[0] != mtime or now - cached[1] > 60:
        _cache[path] = (mtime, now, select(read_key_file(path), now))
    return _cache[path][2]


def new_rsa_key(use: str, kid: str, bits: int = 3072) -> dict:
    """A fresh RSA private key as a JWK dictionary."""
    key = jwk.JWK.generate(kty="RSA", size=bits, kid=kid, use=use, alg="RS256" if use == "sig" else "RSA-OAEP-256")
    return json.loads(key.export_private())
