"""Certificates 15-16: extracts from the criminal record (Wetboek van Strafvordering art. 595-596).

DEMO SOURCE: the criminal record is not in our registry. It lives in the Central Criminal Register
(Centraal Strafregister, FOD Justitie). In this demo the gather below prints the person's identity from
our registry and *states* "Geen veroordelingen vermeld in het Centraal Strafregister" without asking
anyone. That is not a real check: a production deployment must replace ``convictions_for`` with an
adapter that queries the Central Criminal Register and prints what it returns.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .. import eligibility as rules
from .. import gather as g
from ..types import CertificateType, Family, ForWhom, Policy, register

TEMPLATE = "certificates/documents/{}.html"
VALIDITY = 90  # an extract is accepted for 3 months
NO_CONVICTIONS = "Geen veroordelingen vermeld in het Centraal Strafregister"  # printed in Dutch (5.2)

PURPOSES_595 = (
    ("art_595", _("algemeen gebruik (art. 595)")),
    ("art_596_1", _("ander gereglementeerd beroep (art. 596.1)")),
)
PURPOSES_596_2 = (
    ("art_596_2", _("activiteit in opvoeding, begeleiding of opvang van minderjarigen (art. 596.2)")),
)


def convictions_for(subject_number: str) -> tuple[list, str]:
    """DEMO: no real query. Returns (convictions, source); a production adapter asks the Central Criminal
    Register (FOD Justitie) and returns what it holds under the erasure rules of art. 595-596."""
    return [], "demo"


def _gather(subject_number, *, access, request, model):
    person = g.living_person(subject_number, access=access)
    convictions, source = convictions_for(subject_number)
    return g.result(request, person=person, model=model, convictions=convictions,
                    no_convictions_text=NO_CONVICTIONS if not convictions else "",
                    criminal_register_source=source)


def gather_595(subject_number, *, access, request):
    model = "596.1" if getattr(request, "purpose", "") == "art_596_1" else "595"
    return _gather(subject_number, access=access, request=request, model=model)


def gather_596_2(subject_number, *, access, request):
    return _gather(subject_number, access=access, request=request, model="596.2")


register(CertificateType(
    code="criminal_record_595", number=15, family=Family.CRIMINAL_RECORD,
    names={"nl": "Uittreksel uit het strafregister (model art. 595)",
           "fr": "Extrait de casier judiciaire (modèle art. 595)",
           "en": "Criminal record extract (model art. 595)"},
    description=_("Het gewone uittreksel uit het strafregister (vroeger 'bewijs van goed gedrag en zeden'). "
                  "Kies 'ander gereglementeerd beroep' voor bijvoorbeeld bewakingswerk, taxi of een "
                  "wapenvergunning."),
    what_you_need=_("Het doel of de instantie die het uittreksel vraagt: dat wordt op het uittreksel vermeld."),
    for_whom=(ForWhom.SELF,), policy=Policy.AUTOMATIC, template=TEMPLATE.format("criminal_record_595"),
    gather=gather_595, validity_days=VALIDITY, asks_purpose=True, purposes=PURPOSES_595,
    eligibility=rules.LIVING, handling_days=2,
    summary=_("Het gewone uittreksel (vroeger: bewijs van goed gedrag en zeden)."),
))

# STAFF: model 596.2 needs advice of the local police before it is issued.
register(CertificateType(
    code="criminal_record_596_2", number=16, family=Family.CRIMINAL_RECORD,
    names={"nl": "Uittreksel uit het strafregister (model art. 596, tweede lid)",
           "fr": "Extrait de casier judiciaire (modèle art. 596, alinéa 2)",
           "en": "Criminal record extract for working with minors (model art. 596.2)"},
    description=_("Het uittreksel om met minderjarigen te werken: in onderwijs, jeugdwerk, kinderopvang, "
                  "begeleiding of animatie. Een medewerker controleert je aanvraag; dat duurt enkele dagen."),
    what_you_need=_("De activiteit en de naam van de organisatie of werkgever (zoals op het typeformulier). "
                    "Je kan dit uittreksel alleen voor jezelf aanvragen."),
    for_whom=(ForWhom.SELF,), policy=Policy.STAFF, template=TEMPLATE.format("criminal_record_596_2"),
    gather=gather_596_2, validity_days=VALIDITY, asks_purpose=True, purposes=PURPOSES_596_2,
    eligibility=rules.LIVING, summary=_("Om met minderjarigen te werken."), handling_days=5,
))
