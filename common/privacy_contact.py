"""Phone numbers and e-mail addresses in free text, for the privacy guard (``common.privacy``).

Phone numbers have no check digits, so the shape decides:

* international: ``+`` or ``00`` and a country code, then digit groups: 8 or 9 digits after ``+32``
  (Belgium), 9 after ``+31`` (the Netherlands), 7 to 13 after any other code; a ``(0)`` after the
  country code is allowed (``+32 (0)9 123 45 67``);
* Belgian and Dutch national numbers: a ``0`` and then 8 or 9 more digits, in groups joined by a space,
  ``.``, ``-`` or ``/`` (``0471 23 45 67``, ``0471/23.45.67``, ``09 123 45 67``, ``06-12345678``).

What keeps other numbers unmasked: a run must start at a group of digits (not inside one) and the
digits must fit exactly; a group of 4 digits is a postcode (``9000``), 1 to 3 a house number, a time
has a colon or ``u`` (``09:30``, ``9u30``), a case reference has letters (``M-2026-AB12CD``), and a date
(``01/02/2026``, ``01.02.26``) has day, month and year groups, which are refused even when the digits
would fit.
"""
from __future__ import annotations

import re

PHONE = "phone"
EMAIL = "email"

# Digit groups joined by a few spaces or one of . - / (as common.privacy's digit runs), optionally led by
# "+" and followed by a "(0)" trunk prefix.
_PHONE_RUN = re.compile(
    r"(?<![\w+])\+?\d+(?:[ \t]{0,2}\(0\)[ \t]{0,2}\d+)?(?:(?:[ \t]{1,3}|[ \t]{0,3}[.\-/][ \t]{0,3})\d+)*"
)
_GROUP = re.compile(r"\(0\)|\d+")
_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]{0,63})@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![\w-])"
)
# Digits after the country code: Belgium 8 (landline) or 9 (mobile), the Netherlands 9, others 7 to 13.
_NATIONAL_LENGTHS = {"32": (8, 9), "31": (9, 9)}
_OTHER_LENGTHS = (7, 13)


def email_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, EMAIL) for every e-mail address in ``text``."""
    return [(match.start(), match.end(), EMAIL) for match in _EMAIL.finditer(text)]


def _looks_like_date(groups: list[str]) -> bool:
    """Day, month and year groups at the start: 01/02/2026, 1.2.26, 01-02-2026 10 (a date, then a time)."""
    if len(groups) < 3 or not (1 <= len(groups[0]) <= 2 and 1 <= len(groups[1]) <= 2):
        return False
    return 1 <= int(groups[0]) <= 31 and 1 <= int(groups[1]) <= 12 and len(groups[2]) in (2, 4)


def _international_end(groups: list[tuple[int, int, str]]) -> int | None:
    """The index of the last group of an international number that starts at groups[0], or None."""
    digits = groups[0][2].lstrip("+")
    if digits.startswith("00"):
        digits = digits[2:]
    for code in ("32", "31"):
        if digits.startswith(code):
            lengths = _NATIONAL_LENGTHS[code]
            break
    else:
        code, lengths = digits[:2], _OTHER_LENGTHS
    if not digits.startswith(code):
        return None
    count, found = len(digits) - len(code), None
    for index in range(1, len(groups) + 1):
        if lengths[0] <= count <= lengths[1]:
            found = index - 1
        if index == len(groups) or count > lengths[1]:
            break
        group = groups[index][2]
        count += 0 if group == "(0)" else len(group)
    return found


def _national_end(groups: list[tuple[int, int, str]]) -> int | None:
    """The index of the last group of a national number (0 and 8 or 9 digits) at groups[0], or None."""
    if groups[0][2] == "(0)" or not groups[0][2].startswith("0") or groups[0][2].startswith("00"):
        return None
    count, found = 0, None
    for index, (_start, _end, group) in enumerate(groups):
        if group == "(0)":
            return found
        count += len(group)
        if count in (9, 10):
            found = index
        elif count > 10:
            break
    return found


def phone_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, PHONE) for every phone number in ``text`` (see the module docstring)."""
    spans = []
    for run in _PHONE_RUN.finditer(text):
        groups = [(run.start() + m.start(), run.start() + m.end(), m.group()) for m in _GROUP.finditer(run.group())]
        if run.group().startswith("+"):
            groups[0] = (run.start(), groups[0][1], "+" + groups[0][2])
        index = 0
        while index < len(groups):
            rest = groups[index:]
            first = rest[0][2]
            if _looks_like_date([group for _start, _end, group in rest[:3]]):
                index += 3  # a date's groups are no phone number's start
                continue
            if first.startswith("+") or first.startswith("00"):
                end = _international_end(rest)
            else:
                end = _national_end(rest)
            if end is None:
                index += 1
                continue
            spans.append((rest[0][0], rest[end][1], PHONE))
            index += end + 1
    return spans
