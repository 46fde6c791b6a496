"""Shared helpers for the ``gather`` functions of the certificate catalogue.

A gather reads, through ``registry.services`` and with the caller's ``Access``, only what its
document prints (every read is audited), and returns a plain dict for the document template.
When the register has nothing to certify it raises :class:`NothingToCertify`; its message is
for the resident (or the member of staff) and is translated.

Display strings that end up on the document are computed in Dutch (``override("nl")``): the
certificates stay in Dutch whatever the reader's interface language (language legislation in administrative
matters).
"""
from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from registry import services as registry
from registry.choices import ActKind, ActRole, Sex
from registry.records import ActRecord, PersonRecord, ResidenceRecord

__all__ = [
    "NothingToCertify",
    "acts_of",
    "civil_status",
    "current_residence",
    "dutch",
    "living_person",
    "person_or_refuse",
    "purpose_label",
    "registered_since",
    "resident_residence",
    "result",
]


class NothingToCertify(Exception):
    """The register holds nothing this certificate could state; ``message`` explains it (translated)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def dutch(value) -> str:
    """A lazy label (choice label, gettext_lazy) as the Dutch text printed on the document."""
    with override("nl"):
        return str(value)


def dutch_date(value: date | None) -> str:
    if value is None:
        return ""
    with override("nl"):
        return date_format(value, "j F Y")


def person_or_refuse(subject_number: str, *, access) -> PersonRecord:
    person = registry.get_person(subject_number, access=access)
    if person is None:
        raise NothingToCertify(_("Deze persoon is niet gekend in het bevolkingsregister."))
    return person


def living_person(subject_number: str, *, access) -> PersonRecord:
    """The subject, who must be alive (register certificates are about living residents)."""
    person = person_or_refuse(subject_number, access=access)
    if not person.is_alive:
        raise NothingToCertify(_("Deze persoon is overleden; dit attest kan niet meer worden afgegeven."))
    return person


def current_residence(history: list[ResidenceRecord], *, on: date | None = None) -> ResidenceRecord | None:
    """The main residence valid today (``history`` is newest first)."""
    on = on or date.today()
    for residence in history:
        if residence.is_main_residence and residence.valid_from <= on and (
            residence.valid_until is None or on < residence.valid_until
        ):
            return residence
    return None


def resident_residence(subject_number: str, *, access) -> tuple[ResidenceRecord, list[ResidenceRecord]]:
    """The current main residence and the full main-residence history, or refuse."""
    history = [r for r in registry.get_address_history(subject_number, access=access) if r.is_main_residence]
    residence = current_residence(history)
    if residence is None:
        raise NothingToCertify(_("Deze persoon heeft geen hoofdverblijfplaats in onze gemeente."))
    return residence, history


def registered_since(history: list[ResidenceRecord]) -> date | None:
    """Start of the uninterrupted registration in the municipality of the current residence."""
    if not history:
        return None
    municipality = history[0].address.municipality
    since = None
    previous_start = None
    for residence in history:  # newest first
        if residence.address.municipality != municipality:
            break
        if previous_start is not None and residence.valid_until is not None and residence.valid_until < previous_start:
            break  # a gap: the person lived elsewhere in between
        since = residence.valid_from
        previous_start = residence.valid_from
    return since


def acts_of(subject_number: str, *, access) -> list[ActRecord]:
    """Every civil-status act the person is a party to, oldest first (one audited read)."""
    return registry.get_civil_status_acts(subject_number, access=access)


def party_role(act: ActRecord, national_number: str) -> str | None:
    for party in act.parties:
        if party.national_number == national_number:
            return party.role
    return None


def other_spouse(act: ActRecord, national_number: str):
    for party in act.parties:
        if party.role == ActRole.SPOUSE and party.national_number != national_number:
            return party
    return None


def civil_status(person: PersonRecord, acts: list[ActRecord], *, access) -> str:
    """The civil status as the register extract prints it, derived from the civil-status acts.

    ``registry.services`` has no "marriages" read; the marriage and divorce acts give the same
    facts. Widowhood needs the spouse's death date (one audited read of the spouse).
    """
    number = person.national_number
    marriages = [a for a in acts if a.kind == ActKind.MARRIAGE and party_role(a, number) == ActRole.SPOUSE]
    if not marriages:
        return dutch(_("ongehuwd"))
    marriage = marriages[-1]
    spouse = other_spouse(marriage, number)
    spouse_number = spouse.national_number if spouse else ""
    spouse_name = spouse.full_name if spouse else ""
    for act in acts:
        if act.kind == ActKind.DIVORCE and act.date >= marriage.date and spouse is not None and {
            p.national_number for p in act.parties
        } >= {number, spouse_number}:
            return dutch(_("gescheiden van %(name)s sinds %(date)s")) % {
                "name": spouse_name, "date": dutch_date(act.date)}
    if spouse_number:
        partner = registry.get_person(spouse_number, access=access)
        if partner is not None and partner.death_date is not None:
            word = {Sex.MALE: _("weduwnaar"), Sex.FEMALE: _("weduwe")}.get(person.sex, _("weduwe/weduwnaar"))
            return dutch(_("%(word)s van %(name)s sinds %(date)s")) % {
                "word": dutch(word), "name": spouse_name, "date": dutch_date(partner.death_date)}
    return dutch(_("gehuwd met %(name)s sinds %(date)s")) % {"name": spouse_name, "date": dutch_date(marriage.date)}


def purpose_label(request) -> str:
    """The purpose printed on the document: the Dutch label of a fixed purpose, or the text given."""
    purpose = getattr(request, "purpose", "") or ""
    if not purpose:
        return ""
    try:
        certificate_type = request.certificate_type
    except KeyError:
        return purpose
    for value, label in certificate_type.purposes:
        if value == purpose:
            return dutch(label)
    return purpose


def result(request, **data) -> dict:
    """What a gather returns: the data for the template plus the printed purpose."""
    data.setdefault("purpose_label", purpose_label(request))
    return data
