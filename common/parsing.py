"""Values from requests (query strings, headers, form fields, file names) read without surprises.

Hostile input never costs a server error: ``str.isdigit()`` also says yes to "²" and "٣" (which ``int()``
then refuses or reads), ten thousand digits pass too, and a date in the year 9999 overflows the first day
added to it. These helpers answer ``None`` (or a safe value) instead.
"""
from __future__ import annotations

import os
import unicodedata
from datetime import date

from django.utils.text import get_valid_filename

MAX_ID = 2**63 - 1  # the largest id a database column holds (bigint)
MIN_YEAR, MAX_YEAR = 1900, 2999  # dates outside these years are typing errors or probes
MAX_FILE_NAME = 100  # characters of a stored upload's name, extension included


def parse_id(value: str | None, *, maximum: int = MAX_ID) -> int | None:
    """A non-negative id from ASCII digits ("0"–"9" only, surrounding spaces allowed), or None."""
    text = (value or "").strip()
    if not text or not text.isascii() or not text.isdigit() or len(text) > len(str(maximum)):
        return None
    number = int(text)
    return number if number <= maximum else None


def date_in_range(value: date | None) -> bool:
    """Whether ``value`` lies in the years MIN_YEAR–MAX_YEAR (so adding days or weeks cannot overflow)."""
    return value is not None and MIN_YEAR <= value.year <= MAX_YEAR


def parse_date(value: str | None) -> date | None:
    """An ISO date (YYYY-MM-DD) in the years MIN_YEAR–MAX_YEAR, or None."""
    text = (value or "").strip()
    if not text.isascii():
        return None
    try:
        parsed = date.fromisoformat(text)
    except ValueError:
        return None
    return parsed if date_in_range(parsed) else None


def safe_file_name(name: str | None, *, default: str = "bestand", max_length: int = MAX_FILE_NAME) -> str:
    """An upload's name fit to store: no folders, accents folded to ASCII, only safe characters, at most
    ``max_length`` characters with the extension kept."""
    base = os.path.basename((name or "").replace("\\", "/"))
    folded = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    stem, ext = os.path.splitext(folded)
    ext = get_valid_filename(ext)[:16] if ext.strip(". ") else ""
    try:
        stem = get_valid_filename(stem.strip() or default)
    except Exception:  # noqa: BLE001 -- SuspiciousFileOperation for names like ".." : fall back
        stem = default
    return stem[:max(1, max_length - len(ext))] + ext
