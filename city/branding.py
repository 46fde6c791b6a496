"""The city's colours: reading them strictly and measuring their contrast (WCAG 2.1, 1.4.3 and 1.4.11).

Pure functions without Django: the system check (portal/checks.py) and the theme stylesheet use them.
"""
from __future__ import annotations

import re

# The backgrounds the brand colour meets in our layout: white text on it (header, buttons) and it as link
# text on white and on the light grey of the footer and messages (--soft in static/css/portal.css).
WHITE = "#ffffff"
# The colours static/css/portal.css starts with; other ones come from the theme stylesheet.
DEFAULT_COLOUR, DEFAULT_COLOUR_DARK = "#00507a", "#003a59"
SOFT = "#f3f4f6"
AA_NORMAL_TEXT = 4.5

_HEX = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


class ColourError(ValueError):
    """A colour that is not #rgb or #rrggbb."""


def parse_colour(value: str) -> str:
    """``#rgb`` or ``#rrggbb`` as lower-case ``#rrggbb``; anything else (a CSS injection too) raises ColourError."""
    value = (value or "").strip()
    if not _HEX.fullmatch(value):
        raise ColourError(f"{value!r} is not a colour like #00507a")
    digits = value[1:].lower()
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return f"#{digits}"


def relative_luminance(colour: str) -> float:
    """WCAG 2.1's relative luminance of an sRGB colour."""
    digits = parse_colour(colour)[1:]
    channels = []
    for at in (0, 2, 4):
        c = int(digits[at:at + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2.1's contrast ratio (1 to 21) of two colours."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def contrast_problems(colour: str) -> list[str]:
    """Where ``colour`` as our brand colour would fall under AA for normal text, in words (empty: fine)."""
    problems = []
    for background, where in ((WHITE, "white text on it / it as text on white"), (SOFT, f"it as text on {SOFT}")):
        ratio = contrast_ratio(colour, background)
        if ratio < AA_NORMAL_TEXT:
            problems.append(f"{where}: {ratio:.2f}:1")
    return problems


def theme_css(colour: str, dark: str) -> str:
    """The stylesheet that gives the layout the city's colours (custom properties of static/css/portal.css).

    Empty when a colour cannot be read: the layout keeps its own colours (the system check says why).
    """
    try:
        colour, dark = parse_colour(colour), parse_colour(dark)
    except ColourError:
        return ""
    return f":root {{ --brand: {colour}; --brand-dark: {dark}; }}\n"


def is_custom(colour: str, dark: str) -> bool:
    """Whether the city chose colours of its own (then pages load the theme stylesheet)."""
    return bool(theme_css(colour, dark)) and (parse_colour(colour), parse_colour(dark)) != (
        DEFAULT_COLOUR, DEFAULT_COLOUR_DARK)
