"""Lock out repeated password failures in Django's cache, without letting a stranger lock a clerk out.

Three counts, every one over the window STAFF_LOGIN_LOCKOUT_SECONDS (the first failure starts it):

* per (username, client address) pair: STAFF_LOGIN_MAX_FAILURES failures lock that pair. Guessing at a
  name from one place stops there, and it does not lock the clerk out of their own address;
* per client address: STAFF_LOGIN_MAX_FAILURES_PER_ADDRESS failures (looser: desk staff often share one
  office address) lock the address for every name, against one place trying many names;
* per username, from every address: after STAFF_LOGIN_SLOWDOWN_AFTER failures the name is slowed down,
  not locked: each further failure makes that pair wait STAFF_LOGIN_SLOWDOWN_SECONDS before its next try.
  Guesses spread over many addresses come slowly, and the right person at a new address gets their first
  try at once and waits at most those few seconds after a typo.

This is the combination rule of django-axes (lock the username and address together), kept in our own
module on ``common.throttle``: our sign-in is our own two-step view with one answer for every refusal,
the counts live in the cache every web instance shares, and keys are HMACs, so no name or address sits
in the cache in clear. A locked-out attempt is refused before the password is even checked, so the
answer is the same whether it was right or not.
"""
from django.conf import settings
from django.core.cache import cache

from common import throttle

_PREFIX = "staff-login-failures"


def _max_failures() -> int:
    return settings.STAFF_LOGIN_MAX_FAILURES


def _max_failures_per_address() -> int:
    return getattr(settings, "STAFF_LOGIN_MAX_FAILURES_PER_ADDRESS", 4 * settings.STAFF_LOGIN_MAX_FAILURES)


def _slowdown_after() -> int:
    return getattr(settings, "STAFF_LOGIN_SLOWDOWN_AFTER", 4 * settings.STAFF_LOGIN_MAX_FAILURES)


def _slowdown_seconds() -> int:
    return getattr(settings, "STAFF_LOGIN_SLOWDOWN_SECONDS", 30)


def _name(username: str) -> str:
    return (username or "").strip().casefold()


def _keys(username: str, address: str) -> dict[str, str]:
    # HMACs (common.throttle.private_key): usernames and addresses need not sit in the cache in clear.
    name, address = _name(username), address or "unknown"
    return {
        "pair": throttle.private_key(f"{_PREFIX}-pair", name, address),
        "address": throttle.private_key(f"{_PREFIX}-addr", address),
        "user": throttle.private_key(f"{_PREFIX}-user", name),
        "pace": throttle.private_key(f"{_PREFIX}-pace", name, address),
    }


def lockout_seconds(*, username: str, address: str) -> int:
    """0 when this attempt may go on; else how long the lock may last (the whole window, or the pause)."""
    keys = _keys(username, address)
    counts = cache.get_many(list(keys.values()))
    if counts.get(keys["pair"], 0) >= _max_failures() or counts.get(keys["address"], 0) >= _max_failures_per_address():
        return settings.STAFF_LOGIN_LOCKOUT_SECONDS
    if counts.get(keys["pace"]):
        return _slowdown_seconds()
    return 0


def is_locked_out(*, username: str, address: str) -> bool:
    return lockout_seconds(username=username, address=address) > 0


def record_failure(*, username: str, address: str) -> None:
    keys = _keys(username, address)
    window = settings.STAFF_LOGIN_LOCKOUT_SECONDS
    throttle.count_hit(keys["pair"], window)
    throttle.count_hit(keys["address"], window)
    if throttle.count_hit(keys["user"], window) >= _slowdown_after():
        cache.set(keys["pace"], 1, _slowdown_seconds())


def record_success(*, username: str, address: str = "") -> None:
    """A correct password clears the pair's count and pause (not the address's: one good account must
    not reset the counter for guesses at others; nor the name's: only the right person's pair is cleared)."""
    keys = _keys(username, address)
    cache.delete_many([keys["pair"], keys["pace"]])
