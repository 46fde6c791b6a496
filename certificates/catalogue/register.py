"""Certificates 1-10: extracts and certificates from the population registers (KB 16 juli 1992).

Issued by the municipality of main residence, for oneself, a minor child (legal representative) or,
with an uploaded volmacht, for someone else (always checked by staff: see services.needs_staff).
"""
from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from registry import services as registry
from registry.choices import Disposition, Ritual

from .. import eligibility as rules
from .. import gather as g
from ..types import CertificateType, Family, ForWhom, Policy, register

REGISTER_FOR_WHOM = (ForWhom.SELF, ForWhom.MINOR_CHILD, ForWhom.PROXY)
ADULTS_FOR_WHOM = (ForWhom.SELF, ForWhom.PROXY)  # voter, cohabitation, marriage: not for a minor child
TEMPLATE = "certificates/documents/{}.html"
VALIDITY = 90


def _current_nationalities(subject_number, *, access):
    today = date.today()
    return [n for n in registry.get_nationalities(subject_number, access=access) if n.is_valid_on(today)]


# --- gathers ------------------------------------------------------------------------------------
def gather_register_extract(subject_number, *, access, request):
    person = g.living_person(subject_number, access=access)
    residence, history = g.resident_residence(subject_number, access=access)
    acts = g.acts_of(subject_number, access=access)
    return g.result(
        request, person=person, residence=residence, registered_since=g.registered_since(history),
        nationalities=_current_nationalities(subject_number, access=access),
        civil_status=g.civil_status(person, acts, access=access),
        cohabitation=registry.get_legal_cohabitation(subject_number, access=access),
    )


def gather_main_residence(subject_number, *, access, request):
    person = g.living_person(subject_number, access=access)
    residence, _history = g.resident_residence(subject_number, access=access)
    return g.result(request, person=person, residence=residence,
                    nationalities=_current_nationalities(subject_number, access=access))


def gather_main_residence_history(subject_number, *, access, request):
    person = g.living_person(subject_number, access=access)
    residence, history = g.resident_residence(subject_number, access=access)
    return g.result(request, person=person, residence=residence, residences=history,
                    nationalities=_current_nationalities(subject_number, access=access))


def gather_household_composition(subject_number, *, access, request):
    person = g.living_person(subject_number, access=access)
    household = registry.get_household(subject_number, access=access)
    if household is None or not household.members:
        raise g.NothingToCertify(_("Er is geen gezin gekend voor deze persoon op een adres in onze gemeente."))
    return g.result(request, person=person, household=household, members=list(household.members))


def gather_proof_of_life(subject_number, *, access, request):
    person = g.person_or_refuse(subject_number, access=access)
    if not person.is_alive:
        raise g.NothingToCertify(_("Deze persoon is overleden; een bewijs van leven kan niet worden afgegeven."))
    return g.result(request, person=person, alive_on=date.today())


def gather_belgian_nationality(subject_number, *, access, request):
    person = g.living_person(subject_number, access=access)
    belgian = [n for n in _current_nationalities(subject_number, access=access) if n.country == "BE"]
    if not belgian:
        raise g.NothingToCertify(_("Deze persoon heeft volgens het register niet de Belgische nationaliteit."))
    since = belgian[0].valid_from
    return g.result(request, person=person, belgian_since=since,
                    belgian_from_birth=since is not None and since == person.birth_date)


def gather_legal_cohabitation(subject_number, *, access, request):
    person = g.living_person(subject_number, access=access)
    cohabitation = registry.get_legal_cohabitation(subject_number, access=access)
    if cohabitation is None or cohabitation.ended_on is not None:
        raise g.NothingToCertify(_("Er is geen verklaring van wettelijke samenwoning gekend voor deze persoon."))
    return g.result(request, person=person, cohabitation=cohabitation, partner=cohabitation.partner)


def gather_residence_for_marriage(subject_number, *, access, request):
    person = g.living_person(subject_number, access=access)
    residence, history = g.resident_residence(subject_number, access=access)
    acts = g.acts_of(subject_number, access=access)
    return g.result(
        request, person=person, residence=residence, registered_since=g.registered_since(history),
        nationalities=_current_nationalities(subject_number, access=access),
        civil_status=g.civil_status(person, acts, access=access),
    )


VOTER_REFUSALS = {
    "unknown_person": _("Deze persoon is niet gekend in het bevolkingsregister."),
    "not_belgian": _("Deze persoon heeft niet de Belgische nationaliteit en is dus geen Belgische kiezer."),
    "under_18": _("Deze persoon is jonger dan 18 jaar en is dus nog geen kiezer."),
    "deceased": _("Deze persoon is overleden."),
    "excluded": _("Deze persoon is uitgesloten van het kiesrecht of het kiesrecht is geschorst."),
}


def gather_belgian_voter(subject_number, *, access, request):
    person = g.living_person(subject_number, access=access)
    voter = registry.get_voter_status(subject_number, access=access)
    if not voter.is_voter:
        reason = voter.reasons[0] if voter.reasons else "unknown_person"
        raise g.NothingToCertify(VOTER_REFUSALS.get(reason, VOTER_REFUSALS["unknown_person"]))
    residence, history = g.resident_residence(subject_number, access=access)
    return g.result(request, person=person, voter=voter, residence=residence,
                    registered_since=g.registered_since(history))


def gather_funeral_wishes(subject_number, *, access, request):
    # A deceased person's wishes may be asked by an heir: no "living" check here.
    person = g.person_or_refuse(subject_number, access=access)
    wishes = registry.get_funeral_wishes(subject_number, access=access)
    if wishes is None:
        raise g.NothingToCertify(_("Er is geen wilsverklaring over de uitvaart geregistreerd voor deze persoon."))
    return g.result(request, person=person, wishes=wishes,
                    disposition_label=g.dutch(Disposition(wishes.disposition).label)
                    if wishes.disposition in Disposition.values else wishes.disposition,
                    ritual_label=g.dutch(Ritual(wishes.ritual).label)
                    if wishes.ritual in Ritual.values else wishes.ritual)


# --- declarations -------------------------------------------------------------------------------
register(CertificateType(
    code="register_extract", number=1, family=Family.POPULATION_REGISTER,
    names={"nl": "Uittreksel uit de bevolkingsregisters", "fr": "Extrait des registres de la population",
           "en": "Extract from the population register"},
    description=_("Een overzicht van je gegevens in het bevolkingsregister: naam, geboorte, geslacht, "
                  "nationaliteit, adres en burgerlijke staat."),
    what_you_need="",  # nothing: the catalogue says once that we read the register ourselves
    for_whom=REGISTER_FOR_WHOM, policy=Policy.AUTOMATIC, template=TEMPLATE.format("register_extract"),
    gather=gather_register_extract, validity_days=VALIDITY,
    eligibility=rules.REGISTERED_HERE, summary=_("Je naam, geboorte, nationaliteit, adres en burgerlijke staat."),
))

register(CertificateType(
    code="main_residence", number=2, family=Family.POPULATION_REGISTER,
    names={"nl": "Attest van hoofdverblijfplaats (bewijs van woonst)",
           "fr": "Certificat de résidence principale", "en": "Certificate of main residence (proof of address)"},
    description=_("Bewijst waar je officieel woont en sinds wanneer. Vaak gevraagd door een bank, "
                  "werkgever of school."),
    what_you_need="",  # nothing: the catalogue says once that we read the register ourselves
    for_whom=REGISTER_FOR_WHOM, policy=Policy.AUTOMATIC, template=TEMPLATE.format("main_residence"),
    gather=gather_main_residence, validity_days=VALIDITY,
    eligibility=rules.REGISTERED_HERE, summary=_("Waar je officieel woont (bewijs van woonst)."),
))

register(CertificateType(
    code="main_residence_history", number=3, family=Family.POPULATION_REGISTER,
    names={"nl": "Attest van hoofdverblijfplaats met historiek",
           "fr": "Certificat de résidence principale avec historique",
           "en": "Certificate of main residence with address history"},
    description=_("Zoals het bewijs van woonst, maar met al je vorige adressen in België en de data "
                  "waarop je er ingeschreven was."),
    what_you_need="",  # nothing: the catalogue says once that we read the register ourselves
    for_whom=REGISTER_FOR_WHOM, policy=Policy.AUTOMATIC, template=TEMPLATE.format("main_residence_history"),
    gather=gather_main_residence_history, validity_days=VALIDITY,
    eligibility=rules.REGISTERED_HERE, summary=_("Je huidige en vorige adressen in België."),
))

register(CertificateType(
    code="household_composition", number=4, family=Family.POPULATION_REGISTER,
    names={"nl": "Attest van gezinssamenstelling", "fr": "Certificat de composition de ménage",
           "en": "Household composition certificate"},
    description=_("Toont wie er vandaag op jouw adres ingeschreven is en hoe die personen verwant zijn "
                  "met de referentiepersoon van het gezin."),
    what_you_need=_("Het attest toont het gezin op het adres van de persoon over wie het gaat."),
    for_whom=REGISTER_FOR_WHOM, policy=Policy.AUTOMATIC, template=TEMPLATE.format("household_composition"),
    gather=gather_household_composition, validity_days=VALIDITY,
    eligibility=rules.HOUSEHOLD, summary=_("Wie er op het adres ingeschreven is."),
))

register(CertificateType(
    code="proof_of_life", number=5, family=Family.POPULATION_REGISTER,
    names={"nl": "Bewijs van leven", "fr": "Certificat de vie", "en": "Proof of life"},
    description=_("Bevestigt dat je in leven bent op de dag van uitreiking. Vaak gevraagd door een "
                  "pensioenfonds, verzekeraar of buitenlandse instelling."),
    what_you_need=_("Niets. Is het voor een instelling in het buitenland, duid dat dan aan: soms is een "
                    "legalisatie of apostille nodig."),
    for_whom=REGISTER_FOR_WHOM, policy=Policy.AUTOMATIC, template=TEMPLATE.format("proof_of_life"),
    gather=gather_proof_of_life, validity_days=VALIDITY,
    eligibility=rules.LIVING, summary=_("Dat je vandaag in leven bent."),
))

register(CertificateType(
    code="belgian_nationality", number=6, family=Family.POPULATION_REGISTER,
    names={"nl": "Bewijs van Belgische nationaliteit", "fr": "Certificat de nationalité belge",
           "en": "Certificate of Belgian nationality"},
    description=_("Bevestigt dat je de Belgische nationaliteit hebt, en sinds wanneer. Heb je een andere "
                  "nationaliteit, vraag dan een bewijs aan je ambassade."),
    what_you_need="",
    for_whom=REGISTER_FOR_WHOM, policy=Policy.AUTOMATIC, template=TEMPLATE.format("belgian_nationality"),
    gather=gather_belgian_nationality, validity_days=VALIDITY,
    eligibility=rules.BELGIAN, summary=_("Dat je Belg bent, en sinds wanneer."),
))

register(CertificateType(
    code="legal_cohabitation", number=7, family=Family.POPULATION_REGISTER,
    names={"nl": "Attest van wettelijke samenwoning", "fr": "Attestation de cohabitation légale",
           "en": "Certificate of legal cohabitation"},
    description=_("Bevestigt dat je een verklaring van wettelijke samenwoning hebt afgelegd, met wie en "
                  "op welke datum."),
    what_you_need="",
    for_whom=ADULTS_FOR_WHOM, policy=Policy.AUTOMATIC, template=TEMPLATE.format("legal_cohabitation"),
    gather=gather_legal_cohabitation, validity_days=VALIDITY,
    eligibility=rules.COHABITATION, summary=_("Met wie je wettelijk samenwoont."),
))

# AUTOMATIC: it prints only register data (residence, registration date, civil status), like the
# register extract; legalisation for use abroad is a separate step at FOD Buitenlandse Zaken.
register(CertificateType(
    code="residence_for_marriage", number=8, family=Family.POPULATION_REGISTER,
    names={"nl": "Attest van verblijfplaats met het oog op een huwelijk",
           "fr": "Certificat de résidence en vue d'un mariage", "en": "Residence certificate for marriage"},
    description=_("Bevestigt je inschrijving op je adres, sinds wanneer, en je burgerlijke staat. Je hebt "
                  "het meestal nodig om in het buitenland te trouwen."),
    what_you_need=_("Het land of de instantie waar je het attest wil gebruiken. Voor het buitenland is vaak "
                    "een legalisatie of apostille nodig."),
    for_whom=ADULTS_FOR_WHOM, policy=Policy.AUTOMATIC, template=TEMPLATE.format("residence_for_marriage"),
    gather=gather_residence_for_marriage, validity_days=VALIDITY, asks_purpose=True,
    purposes=(("marriage", _("met het oog op een huwelijk")),),
    eligibility=rules.REGISTERED_HERE, summary=_("Je adres en burgerlijke staat, om te trouwen."),
))

register(CertificateType(
    code="belgian_voter", number=9, family=Family.POPULATION_REGISTER,
    names={"nl": "Attest van Belgische kiezer", "fr": "Certificat d'électeur belge",
           "en": "Belgian voter certificate"},
    description=_("Bevestigt dat je als Belg stemgerechtigd bent. Soms gevraagd om je kandidaat te stellen "
                  "of om in het buitenland te stemmen."),
    what_you_need=_("Niets: je moet Belg zijn, minstens 18 jaar, en niet uitgesloten van het kiesrecht."),
    for_whom=ADULTS_FOR_WHOM, policy=Policy.AUTOMATIC, template=TEMPLATE.format("belgian_voter"),
    gather=gather_belgian_voter, validity_days=VALIDITY,
    eligibility=rules.VOTER, summary=_("Dat je als Belg mag stemmen."),
))

register(CertificateType(
    code="funeral_wishes", number=10, family=Family.POPULATION_REGISTER,
    names={"nl": "Attest van wijze van teraardebestelling en/of rituelen",
           "fr": "Attestation du mode de sépulture et/ou des rites",
           "en": "Certificate of registered funeral wishes"},
    description=_("Toont de laatste wilsbeschikking over de uitvaart die in het register staat: begraving "
                  "of crematie, bestemming van de as en het ritueel."),
    what_you_need=_("Er moet een wilsverklaring geregistreerd zijn. Voor een overleden familielid moet je "
                    "erfgenaam zijn."),
    for_whom=(ForWhom.SELF, ForWhom.MINOR_CHILD, ForWhom.DECEASED_RELATIVE, ForWhom.PROXY),
    policy=Policy.AUTOMATIC, template=TEMPLATE.format("funeral_wishes"),
    gather=gather_funeral_wishes, validity_days=VALIDITY,
    eligibility=rules.FUNERAL_WISHES, summary=_("Je geregistreerde wensen voor de uitvaart."),
))
