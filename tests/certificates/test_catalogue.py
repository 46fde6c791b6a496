"""The catalogue of 16 certificate types: declarations, access rules, gathers and document templates.

For every type a demo person is picked for whom the register has something to certify; the gather runs
through registry.services and the document template renders (Django, and once more through WeasyPrint)
with a fake verification code. Together these prove that all 16 types can produce a document.
"""
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template, render_to_string
from django.utils import timezone
from django.utils.translation import override

from certificates import documents, types
from certificates.gather import NothingToCertify
from certificates.services import RequestRefused, check_may_request, needs_staff
from certificates.types import ActFormat, CertificateType, Family, ForWhom, Policy
from registry import demo
from registry import services as registry
from registry.choices import ActKind, ActRole
from tests.factories.certificates import CertificateRequestFactory

ROOT = Path(__file__).resolve().parents[2]
PRINT_CSS = ROOT / "static" / "certificates" / "print.css"
CODE = "TEST-CODE-7Q3Z"
HIGH_ACR = "urn:be:fedict:iam:fas:Level500"

EXPECTED_CODES = [
    "register_extract", "main_residence", "main_residence_history", "household_composition", "proof_of_life",
    "belgian_nationality", "legal_cohabitation", "residence_for_marriage", "belgian_voter", "funeral_wishes",
    "birth_act", "marriage_act", "death_act", "divorce_act", "criminal_record_595", "criminal_record_596_2",
]

# For each type: the demo persona (given name) the document is about, and request fields.
SUBJECTS = {
    "register_extract": ("An", {}),
    "main_residence": ("Sarah", {}),
    "main_residence_history": ("An", {}),
    "household_composition": ("Sarah", {"use_abroad": True, "abroad_country": "Frankrijk"}),
    "proof_of_life": ("Emma", {"recipient": "Pensioenfonds Voorbeeld"}),
    "belgian_nationality": ("Fatima", {}),
    "legal_cohabitation": ("Lotte", {}),
    "residence_for_marriage": ("Lotte", {"purpose": "marriage", "use_abroad": True, "abroad_country": "Spanje"}),
    "belgian_voter": ("Luc", {}),
    "funeral_wishes": ("Luc", {}),
    "birth_act": ("Emma", {"act_format": ActFormat.MULTILINGUAL}),
    "marriage_act": ("Kristof", {"act_format": ActFormat.COPY}),
    "death_act": ("Jozef", {"act_format": ActFormat.EXTRACT, "for_whom": ForWhom.ANYONE}),
    "divorce_act": ("Kristof", {"act_format": ActFormat.EXTRACT}),
    "criminal_record_595": ("Pieter", {"purpose": "art_596_1", "recipient": "Bewakingsfirma NV"}),
    "criminal_record_596_2": ("Griet", {"purpose": "art_596_2", "recipient": "Jeugdbeweging De Zwaluw"}),
}

@pytest.fixture
def people(demo_registry):
    """Given name -> national number for the personas and the people around them."""
    access = registry.Access.system("test")
    found = {p["given_name"]: p["national_number"] for p in demo.sign_in_personas()}
    # Jozef (deceased father) and Griet (his daughter) are not sign-in personas: find them in Pieter's birth act.
    birth = registry.get_civil_status_acts(found["Pieter"], access=access, kind=ActKind.BIRTH)[0]
    found["Jozef"] = next(p.national_number for p in birth.parties if p.role == ActRole.FATHER)
    mother = next(p.national_number for p in birth.parties if p.role == ActRole.MOTHER)
    for act in registry.get_civil_status_acts(mother, access=access, kind=ActKind.BIRTH):
        for party in act.parties:
            if party.role == ActRole.CHILD and party.full_name.startswith("Griet"):
                found["Griet"] = party.national_number
    return found


def document_context(certificate_type, request, gathered):
    issued_at = timezone.now()
    valid_until = (issued_at + timezone.timedelta(days=certificate_type.validity_days)).date() \
        if certificate_type.validity_days else None
    return {
        **gathered,
        "verification_code": CODE,
        "verify_url": "https://thuisloket.example/controle",
        "qr_image_url": documents.qr_image_url(CODE),
        "qr_alt": "QR-code met het controleadres https://thuisloket.example/controle",
        "issued_at": issued_at,
        "valid_until": valid_until,
        "city_name": settings.CITY_NAME,
        "request": request,
        "certificate_type": certificate_type,
        "print_css_url": PRINT_CSS.as_uri(),
    }


def produce(code, people):
    certificate_type = types.get(code)
    name, fields = SUBJECTS[code]
    number = people[name]
    request = CertificateRequestFactory.build(type_code=code, subject_name="", subject_number=number, **fields)
    gathered = certificate_type.gather(number, access=registry.Access.system("test"), request=request)
    return certificate_type, request, gathered, render_to_string(
        certificate_type.template, document_context(certificate_type, request, gathered))


# --- the declarations -----------------------------------------------------------------------------
def test_sixteen_types_numbered_one_to_sixteen():
    catalogue = types.all_types()
    assert [t.number for t in catalogue] == list(range(1, 17))
    assert [t.code for t in catalogue] == EXPECTED_CODES
    assert len({t.code for t in catalogue}) == 16
    for t in catalogue:
        assert set(t.names) == {"nl", "fr", "en"} and all(t.names.values()), t.code
        assert str(t.description) and str(t.summary), t.code
        assert t.for_whom and set(t.for_whom) <= set(ForWhom.values), t.code
        assert t.policy in Policy.values and t.family in Family.values, t.code
        assert t.template == f"certificates/documents/{t.code}.html"
        assert callable(t.gather)
        if t.family == Family.CIVIL_STATUS_ACT:
            assert t.act_kind in ActKind.values and t.formats and t.validity_days is None, t.code
            assert t.public_after_years in (50, 75, 100), t.code
        else:
            assert t.validity_days == 90, t.code
        if t.asks_purpose:
            assert t.purposes, t.code


def test_household_composition_code_is_stable():
    assert types.get("household_composition").number == 4


def test_every_template_exists():
    for t in types.all_types():
        get_template(t.template)
    get_template("certificates/documents/base.html")


def test_public_after_years_of_acts():
    assert types.get("birth_act").public_after_years == 100
    assert types.get("marriage_act").public_after_years == 75
    assert types.get("death_act").public_after_years == 50


# --- who may ask --------------------------------------------------------------------------------
def test_criminal_record_only_for_oneself():
    for code in ("criminal_record_595", "criminal_record_596_2"):
        assert types.get(code).for_whom == (ForWhom.SELF,)
        with pytest.raises(RequestRefused):
            check_may_request(types.get(code), requester_number="1", subject_number="2", for_whom=ForWhom.PROXY)


def test_death_act_for_anyone_but_proof_of_life_not_for_the_deceased():
    assert types.get("death_act").allows(ForWhom.ANYONE)
    assert types.get("death_act").allows(ForWhom.DECEASED_RELATIVE)
    assert not types.get("proof_of_life").allows(ForWhom.DECEASED_RELATIVE)
    assert types.get("funeral_wishes").allows(ForWhom.DECEASED_RELATIVE)
    assert types.get("birth_act").allows(ForWhom.MINOR_CHILD)
    for code in EXPECTED_CODES[:10]:
        assert types.get(code).allows(ForWhom.PROXY), code


def test_596_2_always_goes_to_staff():
    t = types.get("criminal_record_596_2")
    assert t.policy == Policy.STAFF
    assert needs_staff(t, for_whom=ForWhom.SELF, acr=HIGH_ACR)
    assert not needs_staff(types.get("criminal_record_595"), for_whom=ForWhom.SELF, acr=HIGH_ACR)
    assert not needs_staff(types.get("household_composition"), for_whom=ForWhom.SELF, acr=HIGH_ACR)


def test_criminal_record_purposes():
    values_595 = [v for v, _label in types.get("criminal_record_595").purposes]
    assert values_595 == ["art_595", "art_596_1"]
    with override("nl"):
        labels = [str(label) for _v, label in types.get("criminal_record_596_2").purposes]
    assert labels == ["activiteit in opvoeding, begeleiding of opvang van minderjarigen (art. 596.2)"]


# --- every type produces a document ---------------------------------------------------------------
@pytest.mark.parametrize("code", EXPECTED_CODES)
def test_every_type_renders_a_document_for_a_demo_person(code, people):
    certificate_type, request, gathered, html = produce(code, people)
    person = gathered["person"]
    assert person.family_name in html and person.given_names in html
    assert CODE in html
    assert f"<title>{certificate_type.names['nl']}</title>" in html
    assert '<html lang="nl">' in html
    assert f"Dit document is elektronisch verzegeld door {settings.CITY_NAME}." in html
    assert f'<img src="thuisloket-qr:/{CODE}" alt="QR-code met het controleadres' in html  # the QR code
    assert 'href="file://' in html
    if request.use_abroad:
        assert "apostille" in html and "FOD Buitenlandse Zaken" in html
    if request.act_format == ActFormat.MULTILINGUAL:
        assert "Overeenkomst van Wenen" in html and "2016/1191" in html


def test_documents_print_what_the_real_ones_print(people):
    _t, _r, gathered, html = produce("household_composition", people)
    assert [m.person.given_names for m in gathered["members"]] == ["Sarah", "Tom", "Noor", "Lucas"]
    assert "zoon of dochter" in html and "referentiepersoon" in html
    sarah = people["Sarah"]
    assert f"{sarah[:2]}.{sarah[2:4]}.{sarah[4:6]}-{sarah[6:9]}.{sarah[9:]}" in html

    _t, _r, gathered, html = produce("main_residence_history", people)
    assert len(gathered["residences"]) == 3 and "Dorpsstraat" in html and "Schoolstraat" in html

    _t, _r, gathered, html = produce("criminal_record_595", people)
    assert "Geen veroordelingen vermeld in het Centraal Strafregister" in html
    assert "artikel 596, eerste lid" in html and "ander gereglementeerd beroep" in html
    assert "Bewakingsfirma NV" in html

    _t, _r, gathered, html = produce("criminal_record_596_2", people)
    assert "artikel 596, tweede lid" in html and "Jeugdbeweging De Zwaluw" in html

    _t, _r, gathered, html = produce("marriage_act", people)  # Kristof's copy mentions the divorce
    assert gathered["act"].act_number in html and "Els Jacobs" in html
    assert "Echtscheiding ingeschreven op" in html

    _t, _r, gathered, html = produce("divorce_act", people)
    assert gathered["marriage"] is not None and gathered["marriage"].act_number in html

    _t, _r, gathered, html = produce("residence_for_marriage", people)
    assert "met het oog op een huwelijk" in html and "ongehuwd" in html


def test_civil_status_follows_the_acts(people):
    access = registry.Access.system("test")
    request = CertificateRequestFactory.build(type_code="register_extract", subject_name="",
                                              subject_number=people["Maria"])
    gathered = types.get("register_extract").gather(people["Maria"], access=access, request=request)
    assert gathered["civil_status"].startswith("weduwe van Jozef Claes sinds ")
    request = CertificateRequestFactory.build(type_code="register_extract", subject_name="",
                                              subject_number=people["Kristof"])
    gathered = types.get("register_extract").gather(people["Kristof"], access=access, request=request)
    assert gathered["civil_status"].startswith("gescheiden van Els Jacobs sinds ")
    request = CertificateRequestFactory.build(type_code="register_extract", subject_name="",
                                              subject_number=people["Sarah"])
    gathered = types.get("register_extract").gather(people["Sarah"], access=access, request=request)
    assert gathered["civil_status"].startswith("gehuwd met Tom Janssens sinds ")


def test_documents_stay_dutch_in_another_interface_language(people):
    with override("fr"):
        _t, _r, _g, html = produce("household_composition", people)
    assert "zoon of dochter" in html and "Afgegeven te" in html
    assert any(month in html for month in ("januari", "februari", "maart", "april", "mei", "juni", "juli",
                                           "augustus", "september", "oktober", "november", "december"))


def test_documents_render_to_pdf_with_weasyprint(people):
    weasyprint = pytest.importorskip("weasyprint")
    for code in ("household_composition", "marriage_act", "criminal_record_595"):
        _t, _r, _g, html = produce(code, people)
        pdf = weasyprint.HTML(string=html, base_url=str(ROOT)).write_pdf()
        assert pdf.startswith(b"%PDF") and len(pdf) > 1000, code


# --- nothing to certify ---------------------------------------------------------------------------
@pytest.mark.parametrize(("code", "name", "fields"), [
    ("marriage_act", "Emma", {}),  # never married
    ("divorce_act", "Sarah", {}),  # married, never divorced
    ("belgian_nationality", "Daan", {}),  # Dutch
    ("belgian_voter", "Geert", {}),  # excluded from voting
    ("belgian_voter", "Daan", {}),  # not Belgian
    ("legal_cohabitation", "Luc", {}),  # living alone
    ("funeral_wishes", "Sarah", {}),  # no wishes registered
    ("proof_of_life", "Jozef", {}),  # deceased
    ("household_composition", "Jozef", {}),  # deceased
    ("death_act", "Sarah", {}),  # alive
    ("death_act", "Jozef", {"for_whom": ForWhom.ANYONE, "act_format": ActFormat.COPY}),  # copy is for family
    ("birth_act", "Fatima", {}),  # born abroad: no Belgian birth act
])
def test_nothing_to_certify(code, name, fields, people):
    request = CertificateRequestFactory.build(type_code=code, subject_name="", subject_number=people[name], **fields)
    with pytest.raises(NothingToCertify) as raised:
        types.get(code).gather(people[name], access=registry.Access.system("test"), request=request)
    assert str(raised.value.message)


def test_nothing_to_certify_message_is_for_the_resident(people):
    request = CertificateRequestFactory.build(type_code="marriage_act", subject_name="", subject_number=people["Emma"])
    with override("nl"), pytest.raises(NothingToCertify) as raised:
        types.get("marriage_act").gather(people["Emma"], access=registry.Access.system("test"), request=request)
    assert str(raised.value.message) == "Er is geen huwelijksakte gekend voor deze persoon."


def test_gather_reads_are_audited(people):
    from registry.models import AccessRecord

    before = AccessRecord.objects.count()
    produce("belgian_voter", people)
    assert AccessRecord.objects.count() > before


# --- extending the catalogue ----------------------------------------------------------------------
def test_adding_a_type_is_one_declaration(monkeypatch, people):
    monkeypatch.setattr(types, "_TYPES", dict(types._TYPES))  # restored after the test

    def gather_proof(subject_number, *, access, request):
        return {"person": registry.get_person(subject_number, access=access), "alive_on": date.today()}

    extra = types.register(CertificateType(
        code="proof_of_life_abroad", number=17, family=Family.POPULATION_REGISTER,
        names={"nl": "Levensbewijs voor het buitenland", "fr": "Certificat de vie (étranger)",
               "en": "Certificate of life (abroad)"},
        description="", what_you_need="", for_whom=(ForWhom.SELF,), policy=Policy.AUTOMATIC,
        template="certificates/documents/proof_of_life.html", gather=gather_proof,
    ))
    assert types.get("proof_of_life_abroad") is extra
    assert types.all_types()[-1] is extra and len(types.all_types()) == 17
    request = CertificateRequestFactory.build(type_code="proof_of_life_abroad", subject_name="",
                                              subject_number=people["Emma"])
    gathered = extra.gather(people["Emma"], access=registry.Access.system("test"), request=request)
    html = render_to_string(extra.template, document_context(extra, request, gathered))
    assert "Emma" in html and CODE in html

    with pytest.raises(ValueError, match="declared twice"):
        types.register(types.get("household_composition"))
