"""A per-person cache of the register's answers, behind ``registry.services`` (which audits before it asks).

Register data changes rarely, and "Mijn gegevens" asked the adapter the same questions on every visit (7
queries for the embedded adapter; a remote call each for a production one). ``CachedRegistry`` wraps the
adapter: per person and per question, the answer is kept in Django's cache for ``REGISTRY_CACHE_SECONDS``.

Invalidation, not just the TTL. Every entry is stored with the *tag* it was computed under: the register-wide
generation and the person's mark, two random tokens read (in the same round trip as the entry) *before* the
adapter is asked. An entry counts only while both tokens are unchanged. The adapter calls ``forget(number)``
when one person's data changes, or ``forget_everyone()``; both write a new token, so an answer computed from
data older than the change can never be served again, even when its write lands after the invalidation. A
token that was evicted or never written is created anew (``add``), so it never matches an older entry. While
the cache cannot be reached (``common.cache``), no token reads back and every read goes to the adapter.

Keys carry the keyed hash of the national number (``registry.keys.subject_key``), never the number itself;
nothing here logs. The values are the adapter's records, as the adapter gave them.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from registry.adapters.base import RegistryAdapter
from registry.keys import subject_key

T = TypeVar("T")

PREFIX = "registry:v1"
GENERATION_KEY = f"{PREFIX}:generation"
# A mark outlives the entries it guards by far; when it expires anyway, a new one only costs a miss.
MARK_SECONDS = 7 * 24 * 3600


def _person_prefix(national_number: str) -> str:
    return f"{PREFIX}:{subject_key(national_number)}"


def _token(key: str, found: str | None, timeout: int | None) -> str:
    if found is not None:
        return found
    cache.add(key, secrets.token_hex(8), timeout)  # two processes at once: one token wins, both read it
    # None when the cache is down: a fresh token that no entry carries, so the read goes to the adapter.
    return cache.get(key) or secrets.token_hex(8)


def cached(national_number: str, question: str, ask: Callable[[], T]) -> T:
    """The answer to ``question`` about this person: from the cache when still valid, else ``ask()``."""
    seconds = settings.REGISTRY_CACHE_SECONDS
    if seconds <= 0:
        return ask()
    person = _person_prefix(national_number)
    mark_key, entry_key = f"{person}:mark", f"{person}:{question}"
    found = cache.get_many([GENERATION_KEY, mark_key, entry_key])
    tag = (_token(GENERATION_KEY, found.get(GENERATION_KEY), None),
           _token(mark_key, found.get(mark_key), MARK_SECONDS))
    entry = found.get(entry_key)
    if entry is not None and entry[0] == tag:
        return entry[1]
    answer = ask()
    cache.set(entry_key, (tag, answer), seconds)
    return answer


def forget(national_number: str) -> None:
    """The register changed for this person: their cached answers are no longer served (every process)."""
    cache.set(f"{_person_prefix(national_number)}:mark", secrets.token_hex(8), MARK_SECONDS)


def forget_everyone() -> None:
    """The register changed for many (a load, a change that shows in other people's records)."""
    cache.set(GENERATION_KEY, secrets.token_hex(8), None)


class CachedRegistry(RegistryAdapter):
    """The adapter's per-person answers through ``cached``; same methods, same records."""

    def __init__(self, adapter: RegistryAdapter):
        self.adapter = adapter

    def get_person(self, national_number):
        return cached(national_number, "person", lambda: self.adapter.get_person(national_number))

    def get_household(self, national_number):
        return cached(national_number, "household", lambda: self.adapter.get_household(national_number))

    def get_address_history(self, national_number):
        return cached(national_number, "residences", lambda: self.adapter.get_address_history(national_number))

    def get_civil_status_acts(self, national_number, kind=None):
        return cached(national_number, f"acts:{kind or ''}",
                      lambda: self.adapter.get_civil_status_acts(national_number, kind=kind))

    def get_nationalities(self, national_number):
        return cached(national_number, "nationalities", lambda: self.adapter.get_nationalities(national_number))

    def get_voter_exclusions(self, national_number):
        return cached(national_number, "voter_exclusions",
                      lambda: self.adapter.get_voter_exclusions(national_number))

    def get_legal_cohabitation(self, national_number):
        return cached(national_number, "cohabitation",
                      lambda: self.adapter.get_legal_cohabitation(national_number))

    def get_funeral_wishes(self, national_number):
        return cached(national_number, "funeral_wishes", lambda: self.adapter.get_funeral_wishes(national_number))

    def get_parents(self, national_number):
        return cached(national_number, "parents", lambda: self.adapter.get_parents(national_number))

    def get_children(self, national_number):
        return cached(national_number, "children", lambda: self.adapter.get_children(national_number))

    def get_marriages(self, national_number):
        return cached(national_number, "marriages", lambda: self.adapter.get_marriages(national_number))
