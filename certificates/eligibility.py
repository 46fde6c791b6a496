"""What the register must say before a certificate can be about someone: one declared rule per type.

Each certificate type names its rule in its declaration (``CertificateType.eligibility``, in
``certificates/catalogue/``). A rule is a tuple of small checks; each check reads the register through
``registry.services`` with the caller's ``Access`` and returns an :class:`Ineligible` (why, and what to do
instead, in plain words) or None. The rules are asked before anything is queued: the catalogue marks
what does not apply to the signed-in resident, the wizard refuses at the step where the subject is known
and again at submit, so a Dutch national never waits for a worker to fail on "Bewijs van Belgische
nationaliteit". The gathers keep their own checks (the register may change between submit and issue);
the worker treats their refusal as permanent (``tasks.issue_certificate``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from registry import services as registry
from registry.choices import ActKind, ActRole

from . import gather as g


@dataclass(frozen=True)
class Ineligible:
    """Why the register does not allow this certificate, and what the resident can do instead."""

    reason: Any  # gettext_lazy
    instead: Any  # gettext_lazy

    @property
    def message(self) -> str:
        return f"{self.reason} {self.instead}"


Check = Callable[..., Ineligible | None]  # check(subject_number, *, access) -> Ineligible | None

NOT_KNOWN = Ineligible(
    _("Deze persoon staat niet in het bevolkingsregister van onze stad."),
    _("Vraag het aan in de gemeente waar de persoon ingeschreven is."))
DECEASED = Ineligible(
    _("Deze persoon is overleden en dit attest gaat alleen over levende personen."),
    _("Een erfgenaam kan wel een akte van overlijden aanvragen."))
NO_RESIDENCE = Ineligible(
    _("Deze persoon woont volgens het register niet in onze stad."),
    _("Vraag het aan in de gemeente waar de persoon nu ingeschreven is."))
NOT_BELGIAN = Ineligible(
    _("Het register vermeldt geen Belgische nationaliteit."),
    _("Een bewijs van een andere nationaliteit vraag je aan de ambassade of het consulaat van dat land."))
NO_HOUSEHOLD = Ineligible(
    _("Het register kent geen gezin op een adres in onze stad."),
    _("Vraag het aan in de gemeente waar het gezin ingeschreven is."))
NO_COHABITATION = Ineligible(
    _("Het register vermeldt geen lopende wettelijke samenwoning."),
    _("Een verklaring van wettelijke samenwoning leg je samen af aan het loket burgerzaken."))
NO_FUNERAL_WISHES = Ineligible(
    _("Er is geen wilsverklaring over de uitvaart geregistreerd."),
    _("Je kan je wensen laten registreren aan het loket burgerzaken."))
ASK_ABOUT_VOTING = _("Heb je vragen over je kiesrecht? Bel gratis 1777.")
NOT_A_VOTER = {  # registry.get_voter_status reasons, the first one that applies
    "not_belgian": Ineligible(_("Het register vermeldt geen Belgische nationaliteit; alleen Belgen krijgen dit "
                                "attest."),
                              _("Ben je EU-burger, dan kan je je aan het loket burgerzaken inschrijven als kiezer "
                                "voor de gemeenteraadsverkiezingen.")),
    "under_18": Ineligible(_("Deze persoon is jonger dan 18 jaar en dus nog geen kiezer."),
                           _("Je kan dit attest aanvragen vanaf de dag dat je 18 wordt.")),
    "excluded": Ineligible(_("Volgens het register is het kiesrecht van deze persoon geschorst of uitgesloten."),
                           ASK_ABOUT_VOTING),
}
ACT_ELSEWHERE = _("Is de akte in een andere gemeente opgemaakt, vraag ze dan daar aan.")
NO_ACT = {
    ActKind.BIRTH: Ineligible(_("Onze stad heeft geen geboorteakte van deze persoon."), ACT_ELSEWHERE),
    ActKind.MARRIAGE: Ineligible(_("Onze stad heeft geen huwelijksakte van deze persoon."), ACT_ELSEWHERE),
    ActKind.DEATH: Ineligible(_("Onze stad heeft geen overlijdensakte van deze persoon."), ACT_ELSEWHERE),
    ActKind.DIVORCE: Ineligible(_("Onze stad heeft geen akte van echtscheiding van deze persoon."), ACT_ELSEWHERE),
}


# --- checks ----------------------------------------------------------------------------------------
def known(subject_number, *, access):
    return None if registry.get_person(subject_number, access=access) is not None else NOT_KNOWN


def alive(subject_number, *, access):
    person = registry.get_person(subject_number, access=access)
    if person is None:
        return NOT_KNOWN
    return None if person.is_alive else DECEASED


def lives_here(subject_number, *, access):
    history = [r for r in registry.get_address_history(subject_number, access=access) if r.is_main_residence]
    return None if g.current_residence(history) is not None else NO_RESIDENCE


def belgian(subject_number, *, access):
    today = date.today()
    current = [n for n in registry.get_nationalities(subject_number, access=access) if n.is_valid_on(today)]
    return None if any(n.country == "BE" for n in current) else NOT_BELGIAN


def has_household(subject_number, *, access):
    household = registry.get_household(subject_number, access=access)
    return None if household is not None and household.members else NO_HOUSEHOLD


def cohabiting(subject_number, *, access):
    cohabitation = registry.get_legal_cohabitation(subject_number, access=access)
    return None if cohabitation is not None and cohabitation.ended_on is None else NO_COHABITATION


def voter(subject_number, *, access):
    status = registry.get_voter_status(subject_number, access=access)
    if status.is_voter:
        return None
    for reason in status.reasons:
        if reason in NOT_A_VOTER:
            return NOT_A_VOTER[reason]
    return NOT_KNOWN if "unknown_person" in status.reasons else DECEASED


def has_funeral_wishes(subject_number, *, access):
    return None if registry.get_funeral_wishes(subject_number, access=access) is not None else NO_FUNERAL_WISHES


def has_act(kind: str, role: str) -> Check:
    """A check that the subject has an act of ``kind`` in our city, in ``role`` (the child, a spouse, …)."""
    def check(subject_number, *, access):
        acts = registry.get_civil_status_acts(subject_number, access=access)
        return None if any(a.kind == kind and g.party_role(a, subject_number) == role for a in acts) else NO_ACT[kind]
    check.__name__ = f"has_{kind}_act"
    return check


# --- the rules the catalogue declares --------------------------------------------------------------
LIVING = (alive,)
REGISTERED_HERE = (alive, lives_here)
HOUSEHOLD = (alive, has_household)
BELGIAN = (alive, belgian)
COHABITATION = (alive, cohabiting)
VOTER = (alive, voter)
FUNERAL_WISHES = (known, has_funeral_wishes)
BIRTH_ACT = (known, has_act(ActKind.BIRTH, ActRole.CHILD))
MARRIAGE_ACT = (known, has_act(ActKind.MARRIAGE, ActRole.SPOUSE))
DEATH_ACT = (known, has_act(ActKind.DEATH, ActRole.DECEASED))
DIVORCE_ACT = (known, has_act(ActKind.DIVORCE, ActRole.SPOUSE))


def check(certificate_type, subject_number: str, *, access) -> Ineligible | None:
    """The first reason the register gives why ``certificate_type`` cannot be about this person, or None."""
    subject_number = registry.normalise_national_number(subject_number)
    for rule_check in certificate_type.eligibility:
        refusal = rule_check(subject_number, access=access)
        if refusal is not None:
            return refusal
    return None
