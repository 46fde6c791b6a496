"""Secret tokens in links (tracking, feedback, confirmation): we keep only their hash.

The tokens are random and long (``secrets.token_urlsafe``), so a plain SHA-256 is enough: no salt or slow
hash is needed for secrets that cannot be guessed.
"""
import hashlib


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
