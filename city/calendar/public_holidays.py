"""Belgian public holidays (the ``holidays`` library, country ``BE``), named in the portal's languages."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from types import MappingProxyType

import holidays
from django.utils import translation

# Language codes of the portal (settings.LANGUAGES) mapped to the ones the holidays library knows.
_HOLIDAY_LANGUAGES = {"nl": "nl", "fr": "fr", "de": "de", "en": "en_US", "uk": "uk"}
DEFAULT_HOLIDAY_LANGUAGE = "nl"


@lru_cache(maxsize=128)
def public_holidays(year: int, subdivision: str | None, language: str) -> Mapping[date, str]:
    """Belgian public holidays of one year, loaded once per (year, subdivision, language).

    Only the PUBLIC category: the library's BANK category adds Good Friday, the Friday after Ascension and
    26 December, which are bank holidays, not days on which a city's desk is legally closed.
    """
    loaded = holidays.country_holidays("BE", subdiv=subdivision, years=year, language=language)
    return MappingProxyType(dict(loaded.items()))


def holiday_language(language: str | None) -> str:
    """The holidays-library language for ``language``, or Django's active language when it is None."""
    code = language or translation.get_language() or DEFAULT_HOLIDAY_LANGUAGE
    if code in _HOLIDAY_LANGUAGES.values():
        return code
    return _HOLIDAY_LANGUAGES.get(code.split("-")[0].split("_")[0].lower(), DEFAULT_HOLIDAY_LANGUAGE)

