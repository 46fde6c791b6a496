"""What people type into a case, checked; the error every case service raises."""
from __future__ import annotations

import logging

from django.conf import settings
from django.utils.translation import gettext as _

from city import geo
from common.text import without_control_characters

logger = logging.getLogger(__name__)


MAX_DESCRIPTION = 4000


class CaseError(Exception):
    """A change a person asked for cannot be made; ``message`` is translated and safe to show."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class TransitionNotAllowed(CaseError):
    """The transition table (states.TRANSITIONS) does not allow this move from the current state."""


def clean_text(value: str, *, limit: int = MAX_DESCRIPTION, field: str = "description", required: bool = True) -> str:
    """What a person typed, checked: required (unless not), at most ``limit`` characters; CaseError otherwise."""
    value = without_control_characters(value)
    if required and not value:
        raise CaseError(_("Beschrijf kort wat er aan de hand is."), field=field)
    if len(value) > limit:
        raise CaseError(_("Je tekst is te lang: maximaal %(limit)s tekens.") % {"limit": limit}, field=field)
    return value


def check_location(latitude: float | None, longitude: float | None) -> None:
    """Both coordinates or neither, and inside the city; CaseError otherwise."""
    if (latitude is None) != (longitude is None):
        raise CaseError(_("Geef zowel de breedtegraad als de lengtegraad op."), field="location")
    if latitude is not None and not geo.inside_city(latitude, longitude):
        raise CaseError(_("Deze plaats ligt buiten %(city)s. We kunnen alleen meldingen binnen de stad "
                          "behandelen.") % {"city": settings.CITY_NAME}, field="location")
