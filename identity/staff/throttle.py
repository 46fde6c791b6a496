"""Lock out repeated password failures, per username and per client address, in Django's cache.

The cache is shared by every web instance in production (Redis). A locked-out attempt is refused
before the password is even checked, so the answer is the same whether it was right or not.
"""
from django.conf import settings
from django.core.cache import cache

from common import throttle

_PREFIX = "staff-login-failures"


def _max_failures() -> int:
    return settings.STAFF_LOGIN_MAX_FAILURES


def _max_failures_per_address() -> int:
    # Desk staff often share one office address: the per-address limit is looser than the per-name one.
    return getattr(settings, "STAFF_LOGIN_MAX_FAILURES_PER_ADDRESS", 4 * settings.STAFF_LOGIN_MAX_FAILURES)


def _key(kind: str, value: str) -> str:
    # An HMAC (common.throttle): usernames and addresses need not sit in the cache in clear.
    return throttle.private_key(f"{_PREFIX}-{kind}", value)


def _username_key(username: str) -> str:
    return _key("user", (username or "").strip().casefold())


def _address_key(address: str) -> str:
    return _key("addr", address or "unknown")


def is_locked_out(*, username: str, address: str) -> bool:
    failures = cache.get_many([_username_key(username), _address_key(address)])
    return (
        failures.get(_username_key(username), 0) >= _max_failures()
        or failures.get(_address_key(address), 0) >= _max_failures_per_address()
    )


def record_failure(*, username: str, address: str) -> None:
    # The first failure starts the window; later failures count within it.
    throttle.count_hit(_username_key(username), settings.STAFF_LOGIN_LOCKOUT_SECONDS)
    throttle.count_hit(_address_key(address), settings.STAFF_LOGIN_LOCKOUT_SECONDS)


def record_success(*, username: str) -> None:
    """A correct password clears the name's count (not the address's: one good account must not
    reset the counter for guesses at others)."""
    cache.delete(_username_key(username))
