"""The keyed hash that stands for a national number wherever the number itself must not (lookups, audit)."""
import hashlib
import hmac

from django.conf import settings


def subject_key(national_number: str) -> str:
    """HMAC-SHA256 of the 11 digits under settings.NRN_HASH_KEY (hex)."""
    return hmac.new(settings.NRN_HASH_KEY.encode(), national_number.encode(), hashlib.sha256).hexdigest()
