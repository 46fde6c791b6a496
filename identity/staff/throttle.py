"""Lock out repeated password failures, per username and per client address, in Django's cache.

The cache is shared by every web instance in production (Redis). A locked-out attempt is refused
before the password is even checked, so the answer is the same whether it was right or not.
"""
import hashlib

from django.conf import settings
from django.core.cache import cache

_PREFIX = "staff-login-failures"


def _max_failures() -> int:
    return settings.STAFF_LOGIN_MAX_FAILURES


def _max_failures_per_address() -> int:
    # Desk staff often share one office address: the per-address limit is looser than the per-name one.
    return getattr(settings, "STAFF_LOGIN_MAX_FAILURES_PER_ADDRESS", 4 * settings.STAFF_LOGIN_MAX_FAILURES)


def _key(kind: str, value: str) -> str:
    # Hashed: cache keys must be short and safe, and usernames need not sit in the cache in clear.
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"{_PREFIX}:{kind}:{digest}"


def _username_key(username: str) -> str:
    return _key("user", (username or "").strip().casefold())


def _address_key(address: str) -> str:
    return _key("addr", address or "unknown")


def client_address(request) -> str:
    """REMOTE_ADDR only: X-Forwarded-For can be forged unless the proxy in front is trusted."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def is_locked_out(*, username: str, address: str) -> bool:
    failures = cache.get_many([_username_key(username), _address_key(address)])
    return (
        failures.get(_username_key(username), 0) >= _max_failures()
        or failures.get(_address_key(address), 0) >= _max_failures_per_address()
    )


def _increment(key: str) -> None:
    timeout = settings.STAFF_LOGIN_LOCKOUT_SECONDS
    # add() starts the window on the first failure; later failures count within it.
    if not cache.add(key, 1, timeout):
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout)


def record_failure(*, username: str, address: str) -> None:
    _increment(_username_key(username))
    _increment(_address_key(address))


def record_success(*, username: str) -> None:
    """A correct password clears the name's count (not the address's: one good account must not
    reset the counter for guesses at others)."""
    cache.delete(_username_key(username))
