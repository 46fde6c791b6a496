"""Addresses: finding a city address in free text (geocoding) and naming the street at a point (reverse)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from shapely.geometry import Point

from city.geo.area import inside_city
from city.geo.sources import city_name, postcodes
from city.geo.streets import Street, fold, name_key, street_index

# A reverse-geocoded point further than this from any street gets no address: a guessed
# street 300 m away would mislead the desk more than an honest "no address".
REVERSE_MAX_DISTANCE_M = 150.0


@dataclass(frozen=True)
class Place:
    """A geocoded address: a point plus the address parts and a printable label."""

    lat: float
    lon: float
    street: str
    number: str  # "" when only the street is known (the point is then the street's middle)
    postcode: str
    municipality: str
    label: str  # "Kerkstraat 12 bus 2, 9999 Stad Voorbeeld"
    box: str = ""  # "bus"/"bte" number of an apartment, kept apart so forms can store it separately


def _label(street: str, number: str, box: str, postcode: str, municipality: str) -> str:
    address = " ".join(part for part in (street, number, f"bus {box}" if box else "") if part)
    return f"{address}, {postcode} {municipality}"


def _place_on(street: Street, number: int | None, *, shown: str = "", box: str = "", postcode: str = "") -> Place:
    index = street_index()
    if number is None:
        fraction = 0.5  # street without number: its middle is the best single guess
    else:
        # Numbers beyond the file's range sit at the line's ends: the registry may know a
        # newer building that the street file does not.
        fraction = min(1.0, max(0.0, (number - street.first) / (street.last - street.first)))
    point = street.line.interpolate(fraction, normalized=True)
    lat, lon = index.projection.to_latlon(point.x, point.y)
    postcode = postcode or postcodes()[0]
    municipality = city_name()
    return Place(
        lat=round(lat, 7),
        lon=round(lon, 7),
        street=street.name,
        number=shown,
        postcode=postcode,
        municipality=municipality,
        label=_label(street.name, shown, box, postcode, municipality),
        box=box,
    )


_TOKEN = re.compile(r"\d+[a-z]*|[a-z]+|[,/]")
_BOX_WORDS = {"bus", "bte", "boite", "box", "b"}
_COUNTRY_WORDS = {"belgie", "belgique", "belgium", "belgien", "be"}
_NUMBER = re.compile(r"(\d{1,5})([a-z]{0,3})")


def _tokens(text: str) -> list[str]:
    # Dots, hyphens and apostrophes vanish inside names ("Sint-Niklaas", "Kon.") but separate
    # numbers from words; commas are kept because they tell a postcode from a house number.
    return _TOKEN.findall(re.sub(r"[.'’\-]", " ", fold(text)))


def _is_locality_tail(tokens: list[str]) -> bool:
    """Whether the tokens are only words (a municipality name), possibly after commas."""
    return all(tok == "," or tok.isalpha() for tok in tokens)


def _match_street(tokens: list[str]) -> tuple[Street, list[str]] | None:
    """The street named by the longest run of leading words, and the tokens after it."""
    words = 0
    while words < len(tokens) and tokens[words].isalpha():
        words += 1
    by_key = street_index().by_key
    for end in range(words, 0, -1):  # longest first: "Koning Albertlaan" before a "Koning" street
        street = by_key.get("".join(tokens[:end]))
        if street is not None:
            return street, tokens[end:]
    return None


def _postcode_ahead(tokens: list[str], *, after_comma: bool = False) -> bool:
    """Whether ``tokens`` starts with a four-digit postcode rather than a house number.

    It is one when only a name follows ("Kerkstraat 9999 Stad Voorbeeld") or when a comma sets
    it apart at the end ("Kerkstraat, 9999").
    """
    first = tokens[0] if tokens else ""
    if len(first) != 4 or not first.isdigit():
        return False
    if len(tokens) == 1:
        return after_comma
    return _is_locality_tail(tokens[1:])


def _skip_commas(tokens: list[str]) -> tuple[list[str], bool]:
    start = 0
    while start < len(tokens) and tokens[start] == ",":
        start += 1
    return tokens[start:], start > 0


def _take_number(tokens: list[str]) -> tuple[int | None, str, str, list[str]]:
    """Split a leading house number and box off the tokens after the street name.

    Returns ``(number, shown, box, rest)``: ``number`` is ``None`` when there is none (and 0 for
    the impossible house number 0), ``shown`` the number as printed ("12", "12A", "12bis").
    Commas between street, number and box are tolerated ("Kerkstraat, 12, bus 3").
    """
    after_street, after_comma = _skip_commas(tokens)
    if not after_street or not after_street[0][0].isdigit() or _postcode_ahead(after_street, after_comma=after_comma):
        return None, "", "", tokens
    match = _NUMBER.fullmatch(after_street[0])
    if match is None:
        return 0, "", "", tokens
    number, suffix, rest = int(match.group(1)), match.group(2), after_street[1:]
    box = ""
    tail, _ = _skip_commas(rest)
    if suffix in _BOX_WORDS and rest and rest[0].isalnum() and rest[0][0].isdigit() and not _postcode_ahead(rest):
        box, suffix, rest = rest[0].upper(), "", rest[1:]  # "3bus 2", "12b2"
    elif len(tail) >= 2 and (tail[0] in _BOX_WORDS or tail[0] == "/") and tail[1].isalnum() and len(tail[1]) <= 5:
        if not _postcode_ahead(tail[1:]):
            box, rest = tail[1].upper(), tail[2:]  # "3 bus 2", "3 bte 2", "4/101", "3, bus 2"
    elif not suffix and rest and len(rest[0]) == 1 and rest[0].isalpha() and (len(rest) == 1 or rest[1] == ","):
        suffix, rest = rest[0], rest[1:]  # "12 a" is 12A
    shown = f"{number}{suffix.upper()}" if len(suffix) == 1 else f"{number}{suffix}"
    return number, shown, box, rest


def geocode(text: str) -> Place | None:
    """Find a city address in free text, or ``None`` if it is not (recognisably) in this city.

    Understands "Kerkstraat 12", "kerkstraat 12, 9999 Stad Voorbeeld", "Kerkstraat",
    "Koning Albertlaan 3 bus 2", "Stationsstraat 4/101", "Kerkstraat 12A", ignoring case, accents,
    extra spaces and commas. An unknown street, a postcode that is not the city's, or another
    municipality's name gives ``None`` (a "Kerkstraat" exists in half of Flanders).
    """
    if not isinstance(text, str) or len(text) > 200:  # 200: far beyond any address, keeps parsing cheap
        return None
    tokens, _ = _skip_commas(_tokens(text))
    # The street: the longest run of leading words that names a known street.
    matched = _match_street(tokens)
    if matched is None:
        return None
    street, rest = matched
    number, shown, box, rest = _take_number(rest)
    if number == 0:
        return None

    # The locality: an optional postcode and an optional municipality name, in any comma layout.
    postcode = ""
    locality: list[str] = []
    for tok in rest:
        if tok == ",":
            continue
        if tok.isdigit() and len(tok) == 4 and not postcode and not locality:
            postcode = tok
        elif tok.isalpha():
            locality.append(tok)
        else:
            return None  # a stray number or box we could not place: better no answer than a wrong one
    while locality and locality[-1] in _COUNTRY_WORDS:
        locality.pop()
    if postcode and postcode not in postcodes():
        return None
    if locality and "".join(locality) != name_key(city_name()):
        return None
    return _place_on(street, number, shown=shown, box=box, postcode=postcode)


def reverse_geocode(lat: float, lon: float, *, max_distance_m: float = REVERSE_MAX_DISTANCE_M) -> Place | None:
    """The nearest street address to a point in the city (house number interpolated).

    ``None`` outside the city or when no street lies within ``max_distance_m``.
    """
    if not inside_city(lat, lon):
        return None
    index = street_index()
    point = Point(index.projection.to_xy(float(lat), float(lon)))
    hits = index.tree.query_nearest(point, max_distance=max_distance_m, all_matches=False)
    if len(hits) == 0:
        return None
    street = index.streets[int(hits[0])]
    fraction = street.line.project(point, normalized=True)
    number = max(street.first, round(street.first + fraction * (street.last - street.first)))
    # Keep the resident's own point: the address only names it, it should not move the pin.
    return dataclasses.replace(_place_on(street, number, shown=str(number)), lat=float(lat), lon=float(lon))


