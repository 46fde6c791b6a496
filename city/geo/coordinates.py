"""Reading coordinates that come from forms and query strings."""

from __future__ import annotations

import math
import re

_COORDINATE = re.compile(r"[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)")


def are_finite(*values: float) -> bool:
    """Whether every value is a number that is neither NaN nor infinite."""
    try:
        return all(math.isfinite(float(v)) for v in values)
    except (TypeError, ValueError):
        return False


def parse_coordinate(value: str | float | int) -> float:
    """Read one coordinate from a form or query string: "51.03" and "51,03" (Belgian comma).

    Raises ``ValueError`` for anything else, including NaN, infinity, exponents, thousands
    separators and booleans. Range checks (latitude within +-90, inside the city) are the
    caller's: only it knows which coordinate this is.
    """
    if isinstance(value, bool):  # bool is an int: True would quietly become 1.0
        raise ValueError("A coordinate cannot be a boolean.")
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        text = value.strip()
        if not _COORDINATE.fullmatch(text):
            raise ValueError(f"Not a coordinate: {value!r}")
        number = float(text.replace(",", "."))
    else:
        raise ValueError(f"Not a coordinate: {value!r}")
    if not math.isfinite(number):
        raise ValueError(f"Not a finite coordinate: {value!r}")
    return number


# Published places (the public map, Open311) are rounded to 4 decimals of a degree: about 11 m north-south
# and 7 m east-west at 51° N, so at most some 6 m off in each direction. Close enough to find a pothole,
# too coarse to point at one front door or at where the photo's owner stood (a photo's GPS is exact).
PUBLIC_DECIMALS = 4


def public_coordinate(value: float | None) -> float | None:
    """A latitude or longitude as the public may see it (rounded to PUBLIC_DECIMALS); None stays None."""
    return None if value is None else round(float(value), PUBLIC_DECIMALS)
