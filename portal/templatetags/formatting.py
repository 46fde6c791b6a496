"""Addresses written the way a resident reads them in their language: "Kerkstraat 12 bus 3, 9000 Gent".

Belgian addresses keep their Dutch street and municipality names in every language; only the word for
the box number changes ("bus", "boîte", "box"). It is a writing convention, like a date format, so it
lives here per language rather than in the translation catalogues.
"""
from django import template
from django.utils import translation

register = template.Library()

BOX_WORD = {"nl": "bus", "fr": "boîte", "en": "box"}


def _language() -> str:
    return (translation.get_language() or "nl").split("-")[0]


@register.filter
def one_line_address(address) -> str:
    """An address record (registry.records.AddressRecord) on one line; a country other than Belgium as its code."""
    if not address:
        return ""
    street = " ".join(part for part in (address.street, address.house_number) if part)
    if address.box:
        street = f"{street} {BOX_WORD.get(_language(), BOX_WORD['nl'])} {address.box}"
    place = " ".join(part for part in (address.postcode, address.municipality) if part)
    line = ", ".join(part for part in (street, place) if part)
    country = getattr(address, "country", "BE") or "BE"
    return line if country == "BE" else f"{line} ({country})"
