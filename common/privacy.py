"""The privacy guard: find national numbers, IBANs, card numbers, phone numbers and e-mail addresses in what a
resident typed, and mask them.

Chat and WhatsApp are no place for a national number (rijksregisternummer) or bank details, but residents
send them anyway. Both channels use this guard: what we store keeps the message and masks the number
(digits and letters become ``*``, separators stay, so staff see that something was there and what shape
it had).

* Belgian national and BIS numbers (``stdnum.be.ssn``): 11 digits, with or without separators
  (``85.07.30-033.28``, ``850730 033 28``, ``85073003328``), with valid check digits.
* IBANs (``stdnum.iban``, mod-97 check; any country), with or without spaces.
* Payment card numbers: 13 to 19 digits starting with 2-6 that pass the Luhn check.

The check digits keep phone numbers, dates and case references from being masked by mistake.

Public text (what the map and Open311 publish) masks two more kinds, ``PUBLIC_KINDS``: phone numbers and
e-mail addresses (``common.privacy_contact``). Chat and WhatsApp do not: there residents give their own
contact details on purpose, to be called or written back.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import iban, luhn
from stdnum.be import ssn

from common import privacy_contact as contact

NATIONAL_NUMBER = "national_number"
IBAN = "iban"
CARD = "card"
PHONE = contact.PHONE
EMAIL = contact.EMAIL

# What chat and WhatsApp mask (the default), and what every published text masks.
DEFAULT_KINDS = (NATIONAL_NUMBER, IBAN, CARD)
PUBLIC_KINDS = (*DEFAULT_KINDS, PHONE, EMAIL)

# Runs of digit groups joined by a few spaces or one of . - / (never by nothing, so no backtracking blow-up).
_DIGIT_RUN = re.compile(r"\d+(?:(?:[ \t]{1,3}|[ \t]{0,3}[.\-/][ \t]{0,3})\d+)*")
_DIGITS = re.compile(r"\d+")
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}")


@dataclass(frozen=True)
class Masked:
    text: str
    found: tuple[str, ...]  # the kinds found, in order (NATIONAL_NUMBER, IBAN, CARD, PHONE, EMAIL)

    @property
    def sensitive(self) -> bool:
        return bool(self.found)


def _is_national_number(digits: str) -> bool:
    return len(digits) == 11 and ssn.is_valid(digits)


def _is_card(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and digits[0] in "23456" and luhn.is_valid(digits)


def _digit_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for run in _DIGIT_RUN.finditer(text):
        groups = [(m.start(), m.end(), m.group()) for m in _DIGITS.finditer(run.group())]
        start, i = run.start(), 0
        while i < len(groups):
            found = None
            total = ""
            for j in range(i, len(groups)):
                total += groups[j][2]
                if len(total) > 19:
                    break
                if _is_national_number(total):
                    found = (j, NATIONAL_NUMBER)
                    break
                if _is_card(total):
                    found = (j, CARD)  # keep looking: a longer card number wins
            if found is None:
                i += 1
                continue
            j, kind = found
            spans.append((start + groups[i][0], start + groups[j][1], kind))
            i = j + 1
    return spans


def _iban_spans(text: str) -> list[tuple[int, int, str]]:
    spans = []
    for match in _IBAN_START.finditer(text):
        positions: list[int] = []
        index = match.start()
        while index < len(text) and len(positions) < 34:
            char = text[index]
            if char.isascii() and char.isalnum():
                positions.append(index)
                index += 1
            elif char in " -" and positions and index + 1 < len(text) and text[index + 1].isalnum():
                index += 1
            else:
                break
        for length in range(len(positions), 14, -1):
            end = positions[length - 1] + 1
            if end < len(text) and text[end].isalnum():
                continue  # it must end where a word ends
            candidate = "".join(text[p] for p in positions[:length]).upper()
            if iban.is_valid(candidate, check_country=False):
                spans.append((match.start(), end, IBAN))
                break
    return spans


def _overlaps(span: tuple[int, int, str], others: list[tuple[int, int, str]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end, _kind in others)


def mask(text: str, kinds: tuple[str, ...] = DEFAULT_KINDS) -> Masked:
    """The text with every national number, IBAN and card number masked, and what was found.

    ``kinds`` adds PHONE and EMAIL (``PUBLIC_KINDS``) or leaves kinds out; the default is what chat and
    WhatsApp mask. Numbers with check digits win over a phone number on the same digits.
    """
    spans = [span for span in _iban_spans(text) + _digit_spans(text) if span[2] in kinds]
    if PHONE in kinds:
        spans += [span for span in contact.phone_spans(text) if not _overlaps(span, spans)]
    if EMAIL in kinds:
        spans += [span for span in contact.email_spans(text) if not _overlaps(span, spans)]
    spans.sort()
    chars = list(text)
    found = []
    last_end = -1
    for start, end, kind in spans:
        if start < last_end:
            continue  # overlaps one already masked (an IBAN's digits)
        for index in range(start, end):
            if chars[index].isalnum():
                chars[index] = "*"
        found.append(kind)
        last_end = end
    return Masked("".join(chars), tuple(found))


def mask_public(text: str | None) -> str:
    """Text the public will read (the map, Open311) with every kind in PUBLIC_KINDS masked."""
    return mask(text, PUBLIC_KINDS).text if text else (text or "")


# --- the language of a new conversation ----------------------------------------------------------------
# WhatsApp tells us nothing about the resident's language; a few common words in the first message are
# enough to answer a French or English speaker in their language. Dutch when in doubt.
_WORDS = {
    "nl": {"de", "het", "een", "ik", "je", "niet", "wat", "hoe", "mijn", "graag", "dank", "bedankt", "hallo",
           "goedemorgen", "goedendag", "dag", "straat", "kapot", "vraag", "van", "voor", "met", "zijn", "er"},
    "fr": {"le", "la", "les", "un", "une", "est", "pas", "bonjour", "merci", "mon", "ma", "mes", "rue",
           "pour", "avec", "question", "svp", "cassé", "cassée", "des", "du", "et", "vous", "madame",
           "monsieur", "bonsoir", "s'il", "c'est", "j'ai"},
    "en": {"the", "a", "is", "my", "hello", "hi", "please", "thanks", "thank", "you", "street", "broken",
           "question", "and", "not", "what", "how", "i", "have", "with", "for", "good", "morning"},
}
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def guess_language(text: str, default: str = "nl") -> str:
    words = [word.lower() for word in _WORD.findall(text or "")]
    scores = {code: sum(1 for word in words if word in vocabulary) for code, vocabulary in _WORDS.items()}
    best = max(scores, key=lambda code: (scores[code], code == default))
    if scores[best] == 0 or list(scores.values()).count(scores[best]) > 1 and best != default:
        return default
    return best
