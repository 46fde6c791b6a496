"""Belgian national register numbers (rijksregisternummer) and bis-numbers.

Validation is python-stdnum's (mod-97 check with the 2000+ rule, bis months +20/+40); this module adds
what the portal needs around it: normalising, a keyed hash for lookups and a masked form for display.
"""
import re

from stdnum.be import bis, nn

from registry.keys import subject_key

_SEPARATORS = re.compile(r"[\s.\-/]")


class InvalidNationalNumber(ValueError):
    """Not 11 digits, or check digits that match neither the pre-2000 nor the 2000+ rule."""


def normalise(value: str) -> str:
    """Strip the dots, dashes and spaces of ``YY.MM.DD-SSS.CC`` and return the 11 digits."""
    return _SEPARATORS.sub("", value or "")


def validate(value: str) -> str:
    """Return the 11 digits of a valid national or bis-number; raise InvalidNationalNumber otherwise."""
    digits = normalise(value)
    if not re.fullmatch(r"\d{11}", digits):
        raise InvalidNationalNumber("not 11 digits")
    if nn.is_valid(digits) or bis.is_valid(digits):
        return digits
    raise InvalidNationalNumber("check digits do not match")


def is_bis_number(digits: str) -> bool:
    return bis.is_valid(digits)


def keyed_hash(digits: str) -> str:
    """A stable lookup key that reveals nothing (the registry's subject key, so audit rows match)."""
    return subject_key(digits)


def masked(digits: str) -> str:
    """``85.07.30-***.**``: enough for a person to recognise their number, not enough to reuse it."""
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}-***.**"


def formatted(digits: str) -> str:
    """The eID's display form ``YY.MM.DD-SSS.CC``."""
    return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}-{digits[6:9]}.{digits[9:11]}"
