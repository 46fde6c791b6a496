"""The chat is no place for a national number: recognise one, so an automatic reply can point to the portal."""
from __future__ import annotations

import re

from identity.nrn import InvalidNationalNumber, validate

# 11 digits, optionally written as on the eID: YY.MM.DD-SSS.CC (dots, dashes, spaces or slashes between groups).
_CANDIDATE = re.compile(r"(?<!\d)\d{2}[ .\-/]?\d{2}[ .\-/]?\d{2}[ .\-/]?\d{3}[ .\-/]?\d{2}(?!\d)")


def contains_national_number(text: str) -> bool:
    """Whether ``text`` holds a valid Belgian national (or bis) number, in any usual notation."""
    for candidate in _CANDIDATE.findall(text or ""):
        try:
            validate(candidate)
        except InvalidNationalNumber:
            continue
        return True
    return False
