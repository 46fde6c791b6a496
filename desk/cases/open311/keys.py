"""Open311 API keys: created once, shown once, stored only as a SHA-256 hash.

A key is 43 URL-safe random characters (256 bits): a plain hash is enough (no salt or slow hash is needed
for random secrets of that length). Its first characters (``key_prefix``) find the candidate rows; the
hash is then compared in constant time.
"""
from __future__ import annotations

import hmac
import secrets

from common.tokens import hash_token
from desk.cases.open311.models import ApiClient

PREFIX_LENGTH = 8


def create_api_client(*, name: str, contact: str = "") -> tuple[ApiClient, str]:
    """Create an active API client; returns it with the plain key (the only time the key exists)."""
    key = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(name=name, contact=contact, key_prefix=key[:PREFIX_LENGTH],
                                      key_hash=hash_token(key), is_active=True)
    return client, key


def client_for_key(key: str | None) -> ApiClient | None:
    """The active client that owns ``key``, or ``None`` (unknown, empty or revoked key)."""
    if not key or len(key) < PREFIX_LENGTH or len(key) > 200:
        return None
    digest = hash_token(key)
    found = None
    for client in ApiClient.objects.filter(key_prefix=key[:PREFIX_LENGTH]):
        # Compare every candidate (no early exit) so the time taken does not tell which row matched.
        if hmac.compare_digest(client.key_hash, digest):
            found = client
    if found is None or not found.is_active:
        return None
    return found
