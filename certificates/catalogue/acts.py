"""Certificates 11-14: civil-status acts (art. 29 oud BW; DABS), as extract, full copy or multilingual extract.

Who may ask is configurable per act; acts become public after 100 (birth, divorce),
75 (marriage) or 50 (death) years. An act has no printed validity (``validity_days=None``).
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from registry import services as registry
from registry.choices import ActKind, ActRole

from .. import eligibility as rules
from .. import gather as g
from ..types import ActFormat, CertificateType, Family, ForWhom, Policy, register

ALL_FORMATS = (ActFormat.EXTRACT, ActFormat.COPY, ActFormat.MULTILINGUAL)
TEMPLATE = "certificates/documents/{}.html"
WHAT_YOU_NEED_ACT = _("Kies de vorm: een uittreksel (de huidige gegevens), een afschrift (de volledige akte "
                      "met latere vermeldingen) of een meertalig uittreksel voor het buitenland.")


def _subject_act(subject_number, *, access, kind, role, missing):
    """The act of ``kind`` in which the subject has ``role`` (the latest), and every act of the subject."""
    acts = g.acts_of(subject_number, access=access)
    mine = [a for a in acts if a.kind == kind and g.party_role(a, subject_number) == role]
    if not mine:
        raise g.NothingToCertify(missing)
    return mine[-1], acts


def _parties(act, *, access, roles):
    """The parties with the given roles, with their register data when the register knows them."""
    rows = []
    for party in act.parties:
        if party.role in roles:
            person = registry.get_person(party.national_number, access=access) if party.national_number else None
            rows.append({"party": party, "person": person, "role_label": g.dutch(ActRole(party.role).label)})
    return rows


def _mentions(act, acts, subject_number):
    """Later mentions (kantmeldingen) printed on a full copy: e.g. a divorce on a marriage act."""
    mentions = []
    if act.kind == ActKind.MARRIAGE:
        spouses = {p.national_number for p in act.parties if p.role == ActRole.SPOUSE}
        for other in acts:
            if other.kind == ActKind.DIVORCE and other.date >= act.date and {
                p.national_number for p in other.parties} >= spouses:
                mentions.append(_("Echtscheiding ingeschreven op %(date)s (akte %(number)s, %(place)s).")
                                % {"date": g.dutch_date(other.date), "number": other.act_number,
                                   "place": other.place})
    elif act.kind == ActKind.BIRTH:
        for other in acts:
            if other.kind == ActKind.MARRIAGE and g.party_role(other, subject_number) == ActRole.SPOUSE:
                mentions.append(_("Huwelijk op %(date)s te %(place)s (akte %(number)s).")
                                % {"date": g.dutch_date(other.date), "place": other.place,
                                   "number": other.act_number})
    return [g.dutch(m) for m in mentions]


def _document(request, act, acts, subject_number, **data):
    act_format = getattr(request, "act_format", "") or ActFormat.EXTRACT
    return g.result(
        request, act=act, act_format=act_format,
        act_format_label=g.dutch(ActFormat(act_format).label) if act_format in ActFormat.values else act_format,
        mentions=_mentions(act, acts, subject_number) if act_format == ActFormat.COPY else [],
        **data,
    )


# --- gathers ------------------------------------------------------------------------------------
def gather_birth_act(subject_number, *, access, request):
    act, acts = _subject_act(subject_number, access=access, kind=ActKind.BIRTH, role=ActRole.CHILD,
                             missing=_("Er is geen geboorteakte gekend voor deze persoon."))
    person = g.person_or_refuse(subject_number, access=access)
    parents = _parties(act, access=access, roles={ActRole.MOTHER, ActRole.FATHER, ActRole.PARENT})
    return _document(request, act, acts, subject_number, person=person, parents=parents)


def gather_marriage_act(subject_number, *, access, request):
    act, acts = _subject_act(subject_number, access=access, kind=ActKind.MARRIAGE, role=ActRole.SPOUSE,
                             missing=_("Er is geen huwelijksakte gekend voor deze persoon."))
    person = g.person_or_refuse(subject_number, access=access)
    spouses = _parties(act, access=access, roles={ActRole.SPOUSE})
    witnesses = [p for p in act.parties if p.role == ActRole.WITNESS]
    return _document(request, act, acts, subject_number, person=person, spouses=spouses, witnesses=witnesses)


def gather_death_act(subject_number, *, access, request):
    act_format = getattr(request, "act_format", "") or ActFormat.EXTRACT
    if getattr(request, "for_whom", "") == ForWhom.ANYONE and act_format == ActFormat.COPY:
        # Anyone may get an extract; a copy is for relatives and heirs.
        raise g.NothingToCertify(_("Een afschrift van een overlijdensakte is voorbehouden aan de familie en de "
                                   "erfgenamen. Je kan wel een uittreksel aanvragen."))
    act, acts = _subject_act(subject_number, access=access, kind=ActKind.DEATH, role=ActRole.DECEASED,
                             missing=_("Er is geen overlijdensakte gekend voor deze persoon."))
    person = g.person_or_refuse(subject_number, access=access)
    return _document(request, act, acts, subject_number, person=person)


def gather_divorce_act(subject_number, *, access, request):
    act, acts = _subject_act(subject_number, access=access, kind=ActKind.DIVORCE, role=ActRole.SPOUSE,
                             missing=_("Er is geen akte van echtscheiding gekend voor deze persoon."))
    person = g.person_or_refuse(subject_number, access=access)
    ex_spouses = {p.national_number for p in act.parties if p.role == ActRole.SPOUSE}
    marriage = None
    for other in acts:  # oldest first: keep the latest marriage of the same two people before the divorce
        if other.kind == ActKind.MARRIAGE and other.date <= act.date and {
            p.national_number for p in other.parties} >= ex_spouses:
            marriage = other
    spouses = _parties(act, access=access, roles={ActRole.SPOUSE})
    return _document(request, act, acts, subject_number, person=person, spouses=spouses, marriage=marriage)


# --- declarations -------------------------------------------------------------------------------
register(CertificateType(
    code="birth_act", number=11, family=Family.CIVIL_STATUS_ACT,
    names={"nl": "Akte van geboorte", "fr": "Acte de naissance", "en": "Birth certificate"},
    description=_("De officiële akte van je geboorte: datum en plaats van geboorte, je namen en die van je "
                  "ouders. Je kan ze ook aanvragen voor je minderjarig kind."),
    what_you_need=WHAT_YOU_NEED_ACT,
    for_whom=(ForWhom.SELF, ForWhom.MINOR_CHILD, ForWhom.DECEASED_RELATIVE),
    policy=Policy.AUTOMATIC, template=TEMPLATE.format("birth_act"), gather=gather_birth_act,
    validity_days=None, act_kind=ActKind.BIRTH, formats=ALL_FORMATS, public_after_years=100,
    eligibility=rules.BIRTH_ACT, summary=_("Je geboorte, met je ouders."),
))

register(CertificateType(
    code="marriage_act", number=12, family=Family.CIVIL_STATUS_ACT,
    names={"nl": "Akte van huwelijk", "fr": "Acte de mariage", "en": "Marriage certificate"},
    description=_("De officiële akte van je huwelijk: wie er trouwde, waar en wanneer."),
    what_you_need=WHAT_YOU_NEED_ACT,
    for_whom=(ForWhom.SELF, ForWhom.DECEASED_RELATIVE),
    policy=Policy.AUTOMATIC, template=TEMPLATE.format("marriage_act"), gather=gather_marriage_act,
    validity_days=None, act_kind=ActKind.MARRIAGE, formats=ALL_FORMATS, public_after_years=75,
    eligibility=rules.MARRIAGE_ACT, summary=_("Wie er trouwde, waar en wanneer."),
))

register(CertificateType(
    code="death_act", number=13, family=Family.CIVIL_STATUS_ACT,
    names={"nl": "Akte van overlijden", "fr": "Acte de décès", "en": "Death certificate"},
    description=_("De officiële akte van een overlijden: wie er overleed, waar en wanneer. Iedereen kan een "
                  "uittreksel krijgen; een afschrift is voor de familie en de erfgenamen."),
    what_you_need=_("De naam van de overledene en de datum van overlijden. Voor een afschrift moet je "
                    "familie of erfgenaam zijn."),
    for_whom=(ForWhom.DECEASED_RELATIVE, ForWhom.ANYONE),
    policy=Policy.AUTOMATIC, template=TEMPLATE.format("death_act"), gather=gather_death_act,
    validity_days=None, act_kind=ActKind.DEATH, formats=ALL_FORMATS, public_after_years=50,
    extra={"formats_for": {ForWhom.ANYONE: (ActFormat.EXTRACT, ActFormat.MULTILINGUAL)}},
    eligibility=rules.DEATH_ACT, summary=_("Wie er overleed, waar en wanneer."),
))

# No multilingual format: the Vienna Convention forms cover birth (A), marriage (B) and death (C) only.
register(CertificateType(
    code="divorce_act", number=14, family=Family.CIVIL_STATUS_ACT,
    names={"nl": "Akte van echtscheiding", "fr": "Acte de divorce", "en": "Divorce certificate"},
    description=_("De officiële akte van je echtscheiding, met een verwijzing naar de huwelijksakte."),
    what_you_need=_("Kies de vorm: een uittreksel (de huidige gegevens) of een afschrift (de volledige akte)."),
    for_whom=(ForWhom.SELF, ForWhom.DECEASED_RELATIVE),
    policy=Policy.AUTOMATIC, template=TEMPLATE.format("divorce_act"), gather=gather_divorce_act,
    validity_days=None, act_kind=ActKind.DIVORCE, formats=(ActFormat.EXTRACT, ActFormat.COPY),
    public_after_years=100,
    eligibility=rules.DIVORCE_ACT, summary=_("Je echtscheiding, met de huwelijksakte."),
))
