"""How staff read a request: about the applicant in the third person.

The choices on the model are the resident's own words ("voor mijn minderjarig kind", "klaar in je
berichtenbox"), because the wizard and "Mijn aanvragen" show them. Staff pages, the queue's filter and the
admin use these labels instead; a value missing here falls back to the model's label.
"""
from django.utils.translation import gettext_lazy as _

from registry.choices import RelationKind

from .models import CertificateRequest
from .states import Status
from .types import ForWhom

FOR_WHOM = {
    ForWhom.SELF: _("voor zichzelf"),
    ForWhom.MINOR_CHILD: _("voor een minderjarig kind"),
    ForWhom.DECEASED_RELATIVE: _("voor een overleden familielid, als erfgenaam"),
    ForWhom.PROXY: _("voor iemand anders, met volmacht"),
    ForWhom.ANYONE: _("voor iemand anders, openbare akte"),
}

DELIVERY = {
    CertificateRequest.Delivery.MAILBOX: _("in de berichtenbox van de aanvrager"),
    CertificateRequest.Delivery.PICKUP: _("ophalen aan het loket (ook in de berichtenbox van de aanvrager)"),
}

STATUS = {
    Status.RECEIVED: _("ontvangen"),
    Status.AWAITING_APPROVAL: _("wacht op beoordeling"),
    Status.INFO_REQUESTED: _("wacht op antwoord van de aanvrager"),
    Status.APPROVED: _("goedgekeurd"),
    Status.REFUSED: _("geweigerd"),
    Status.ISSUING: _("wordt aangemaakt"),
    Status.READY: _("afgeleverd in de berichtenbox van de aanvrager"),
    Status.FAILED: _("aanmaken mislukt"),
}


# The register's relation, seen from the applicant (registry's labels speak to the resident: "je minderjarige kind").
RELATION = {
    RelationKind.SELF: _("de aanvrager zelf"),
    RelationKind.PARENT_OF_MINOR: _("de aanvrager is een ouder van dit minderjarige kind"),
    RelationKind.HEIR_CHILD: _("de aanvrager is een kind en erfgenaam van deze overleden persoon"),
    RelationKind.HEIR_SPOUSE: _("de aanvrager is de echtgeno(o)t(e) en erfgenaam van deze overleden persoon"),
}


def _label(table: dict, choices, value: str) -> str:
    if value in table:
        return str(table[value])
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def for_whom_label(value: str) -> str:
    """For whom a request was made, as staff read it ("voor een minderjarig kind")."""
    return _label(FOR_WHOM, ForWhom, value)


def delivery_label(value: str) -> str:
    """How the certificate reaches the applicant, in the third person."""
    return _label(DELIVERY, CertificateRequest.Delivery, value)


def status_label(value: str) -> str:
    """A request's status in staff words ("wacht op antwoord van de aanvrager")."""
    return _label(STATUS, Status, value)


def for_whom_choices() -> list[tuple[str, str]]:
    """Every "for whom" value with its staff label, for the queue's filter."""
    return [(value, FOR_WHOM.get(value, label)) for value, label in ForWhom.choices]


def relation_label(value: str) -> str:
    """How the register links the applicant to the person the certificate is about, in the third person."""
    return _label(RELATION, RelationKind, value)
