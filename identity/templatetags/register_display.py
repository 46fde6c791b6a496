"""Show register values the way a resident reads them (labels, partial dates, nationalities)."""
from datetime import date

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from registry.choices import HouseholdRelation, Sex

register = template.Library()

# Nationalities as adjectives (they suit everyone): the demo population's and the most frequent others;
# an unknown code shows as the code.
NATIONALITIES = {
    "BE": pgettext_lazy("nationaliteit", "Belgisch"),
    "NL": pgettext_lazy("nationaliteit", "Nederlands"),
    "FR": pgettext_lazy("nationaliteit", "Frans"),
    "DE": pgettext_lazy("nationaliteit", "Duits"),
    "MA": pgettext_lazy("nationaliteit", "Marokkaans"),
    "PL": pgettext_lazy("nationaliteit", "Pools"),
    "TR": pgettext_lazy("nationaliteit", "Turks"),
    "RO": pgettext_lazy("nationaliteit", "Roemeens"),
    "IT": pgettext_lazy("nationaliteit", "Italiaans"),
    "ES": pgettext_lazy("nationaliteit", "Spaans"),
    "BG": pgettext_lazy("nationaliteit", "Bulgaars"),
    "UA": pgettext_lazy("nationaliteit", "Oekraïens"),
    "SY": pgettext_lazy("nationaliteit", "Syrisch"),
    "CD": pgettext_lazy("nationaliteit", "Congolees"),
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
