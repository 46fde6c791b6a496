"""Show register values the way a resident reads them (labels, partial dates, nationalities)."""
from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.choices import HouseholdRelation, Sex

register = template.Library()

# Nationalities of the demo population and the most frequent others; unknown codes show as the code.
NATIONALITIES = {
    "BE": gettext_lazy("Belg"),
    "NL": gettext_lazy("Nederlander"),
    "FR": gettext_lazy("Fransman"),
    "DE": gettext_lazy("Duitser"),
    "MA": gettext_lazy("Marokkaan"),
    "PL": gettext_lazy("Pool"),
    "TR": gettext_lazy("Turk"),
    "RO": gettext_lazy("Roemeen"),
    "IT": gettext_lazy("Italiaan"),
    "ES": gettext_lazy("Spanjaard"),
    "BG": gettext_lazy("Bulgaar"),
    "UA": gettext_lazy("Oekraïner"),
    "SY": gettext_lazy("Syriër"),
    "CD": gettext_lazy("Congolees"),
}


@register.filter
def nationality(code: str) -> str:
    return str(NATIONALITIES.get(code, code))


@register.filter
def relation_label(value: str) -> str:
    try:
        return str(HouseholdRelation(value).label)
    except ValueError:
        return value


@register.filter
def sex_label(value: str) -> str:
    try:
        return str(Sex(value).label)
    except ValueError:
        return value


@register.filter
def birth_date(person) -> str:
    """A full date, or what is known of it: the registry keeps unknown days and months as unknown."""
    if person.birth_year and person.birth_month and person.birth_day:
        return date_format(date(person.birth_year, person.birth_month, person.birth_day), "DATE_FORMAT")
    if person.birth_year and person.birth_month:
        month = date_format(date(person.birth_year, person.birth_month, 1), "YEAR_MONTH_FORMAT")
        return _("%(month)s (dag onbekend)") % {"month": month}
    if person.birth_year:
        return _("%(year)s (dag en maand onbekend)") % {"year": person.birth_year}
    return _("onbekend")
