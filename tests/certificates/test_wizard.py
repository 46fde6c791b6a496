"""The request wizard: for whom, purpose, delivery, review — as a resident signed in through the real OIDC flow."""
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path

from certificates import types
from certificates.models import CertificateRequest, StatusChange, WizardDraft
from certificates.states import Status
from certificates.types import CertificateType, Family, ForWhom, Policy
from portal import urls as portal_urls
from registry import services as registry
from registry.demo import sign_in_personas
from tests.certificates import hostile_uploads
from tests.identity.oidc_helpers import sign_in

# The project mounts these too; listing them first keeps the tests independent of that line.
urlpatterns = [
    path("mijn/aanvragen/", include("certificates.urls")),
    path("balie/attesten/", include("certificates.staff_urls")),
    *portal_urls.urlpatterns,
]
pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.certificates.test_wizard")]

SARAH, PIETER = sign_in_personas()[0], sign_in_personas()[1]  # parent of two minors; heir of his father
TYPE = "household_composition"
BASE = f"/mijn/aanvragen/nieuw/{TYPE}/"


def sign_in_as(client, oidc, persona):
    response, _ = sign_in(client, oidc, national_number=persona["national_number"], means="eid", profile="fas")
    assert response.status_code == 302, response.content
    return client


def post_step(client, type_code, step, data=None, files=None, *, follow=False):
    """Post one step as the browser would: the management form plus the step's own prefixed fields."""
    payload = {f"certificate_{type_code}-current_step": step}
    payload.update({f"{step}-{key}": value for key, value in (data or {}).items()})
    payload.update({f"{step}-{key}": value for key, value in (files or {}).items()})
    return client.post(f"/mijn/aanvragen/nieuw/{type_code}/{step}/", payload, follow=follow)


def children_of(persona):
    return [r.subject for r in registry.persons_one_may_act_for(persona["national_number"])
            if r.kind == "parent_of_minor"]


@pytest.fixture
def sarah(client, oidc, demo_registry):
    return sign_in_as(client, oidc, SARAH)


def test_catalogue_lists_every_type_grouped_by_family(sarah):
    page = sarah.get("/mijn/aanvragen/nieuw/").content.decode()
    for family in Family:
        assert str(family.label) in page
    for certificate_type in types.all_types():
        assert f"/mijn/aanvragen/nieuw/{certificate_type.code}/" in page
    assert "Gratis" in page and "werkdagen" in page


def test_household_composition_for_oneself_is_issued_at_once(sarah):
    start = sarah.get(BASE)
    assert start.status_code == 302 and start["Location"] == f"{BASE}voor-wie/"
    page = sarah.get(f"{BASE}voor-wie/").content.decode()
    assert "Stap 1 van 3" in page and 'aria-current="step"' in page
    assert "Mezelf" in page
    for child in children_of(SARAH):
        assert child.full_name in page

    response = post_step(sarah, TYPE, "voor-wie", {"choice": SARAH["national_number"]})
    assert response.status_code == 302 and response["Location"] == f"{BASE}levering/"
    assert "Stap 2 van 3" in sarah.get(f"{BASE}levering/").content.decode()
    response = post_step(sarah, TYPE, "levering", {"delivery": "mailbox"})
    assert response["Location"] == f"{BASE}controle/"
    review = sarah.get(f"{BASE}controle/").content.decode()
    assert "Stap 3 van 3" in review
    assert "Wijzig" in review and f"{BASE}voor-wie/" in review
    assert f"{SARAH['given_name']} {SARAH['family_name']}" in review

    response = post_step(sarah, TYPE, "controle", follow=True)
    request = CertificateRequest.objects.get()
    assert response.redirect_chain[-1][0] == f"/mijn/aanvragen/{request.public_id}/"
    assert request.for_whom == ForWhom.SELF and request.subject_number == SARAH["national_number"]
    assert request.status == Status.ISSUING  # own data, eID sign-in: no staff needed
    assert request.sign_in_acr  # the sign-in's level travelled with the request
    assert request.reference in response.content.decode()
    assert not WizardDraft.objects.exists()


def test_parent_requests_for_a_minor_child_and_staff_must_approve(sarah):
    child = children_of(SARAH)[0]
    sarah.get(BASE)
    post_step(sarah, TYPE, "voor-wie", {"choice": child.national_number})
    post_step(sarah, TYPE, "levering", {"delivery": "pickup"})
    response = post_step(sarah, TYPE, "controle")
    request = CertificateRequest.objects.get()
    assert response["Location"] == f"/mijn/aanvragen/{request.public_id}/"
    assert request.for_whom == ForWhom.MINOR_CHILD
    assert request.subject_name == child.full_name
    assert request.delivery == "pickup"
    assert request.status == Status.AWAITING_APPROVAL


def test_a_tampered_for_whom_choice_is_refused_and_nothing_is_saved(sarah):
    sarah.get(BASE)
    response = post_step(sarah, TYPE, "voor-wie", {"choice": PIETER["national_number"]})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Je kan dit attest niet aanvragen voor deze persoon" in page
    assert 'class="error-summary"' in page
    # Skipping ahead does not help: the review revalidates every step against the registry.
    post_step(sarah, TYPE, "levering", {"delivery": "mailbox"})
    response = post_step(sarah, TYPE, "controle")
    assert response.status_code == 302 and response["Location"] == f"{BASE}voor-wie/"
    assert not CertificateRequest.objects.exists()
    assert not StatusChange.objects.exists()


def test_back_keeps_the_answers(sarah):
    child = children_of(SARAH)[0]
    sarah.get(BASE)
    post_step(sarah, TYPE, "voor-wie", {"choice": child.national_number})
    # The "Vorige" button: formtools' wizard_goto_step, unprefixed, no validation of this step.
    response = sarah.post(f"{BASE}levering/", {f"certificate_{TYPE}-current_step": "levering",
                                               "wizard_goto_step": "voor-wie"})
    assert response.status_code == 302 and response["Location"] == f"{BASE}voor-wie/"
    page = sarah.get(f"{BASE}voor-wie/").content.decode()
    assert re.search(rf'value="{child.national_number}"[^>]*checked', page)
    assert 'value="proxy" required id="id_voor-wie-choice_3">' in page  # the others stay unchecked
    assert ">Vorige<" not in page  # first step: nothing to go back to
    assert ">Vorige<" in sarah.get(f"{BASE}levering/").content.decode()


def test_a_missing_answer_is_shown_next_to_the_field_and_in_the_summary(sarah):
    sarah.get(BASE)
    post_step(sarah, TYPE, "voor-wie", {"choice": SARAH["national_number"]})
    page = post_step(sarah, TYPE, "levering", {}).content.decode()
    assert "Er is een probleem" in page
    assert page.count("Kies hoe je het attest wil ontvangen.") == 2  # summary and field
    assert "Fout:" in page


def test_the_draft_survives_signing_out_and_in_again(client, oidc, demo_registry):
    sign_in_as(client, oidc, SARAH)
    child = children_of(SARAH)[1]
    client.get(BASE)
    post_step(client, TYPE, "voor-wie", {"choice": child.national_number})
    draft = WizardDraft.objects.get()
    assert draft.current_step == "levering"
    assert "csrfmiddlewaretoken" not in str(draft.data)

    client.logout()  # the session is gone, as after an idle timeout
    sign_in_as(client, oidc, SARAH)
    listing = client.get("/mijn/aanvragen/").content.decode()
    assert "Nog niet verstuurd" in listing
    prompt = client.get(BASE).content.decode()
    assert "Je was al begonnen. Verder gaan of opnieuw beginnen?" in prompt
    response = client.post(BASE, {"draft_action": "resume"})
    assert response["Location"] == f"{BASE}levering/"
    post_step(client, TYPE, "levering", {"delivery": "mailbox"})
    post_step(client, TYPE, "controle")
    request = CertificateRequest.objects.get()
    assert request.subject_number == child.national_number
    assert not WizardDraft.objects.exists()  # submitted: the draft is gone


def test_starting_over_discards_the_draft(sarah):
    sarah.get(BASE)
    post_step(sarah, TYPE, "voor-wie", {"choice": SARAH["national_number"]})
    response = sarah.post(BASE, {"draft_action": "restart"})
    assert response["Location"] == f"{BASE}voor-wie/"
    assert not WizardDraft.objects.exists()
    assert not re.search(r'name="voor-wie-choice"[^>]*checked', sarah.get(f"{BASE}voor-wie/").content.decode())


def test_the_done_url_never_submits_on_a_get(sarah):
    sarah.get(BASE)
    post_step(sarah, TYPE, "voor-wie", {"choice": SARAH["national_number"]})
    post_step(sarah, TYPE, "levering", {"delivery": "mailbox"})
    response = sarah.get(f"{BASE}klaar/")
    assert response.status_code == 302
    assert not CertificateRequest.objects.exists()


def test_an_unknown_type_is_not_found(sarah):
    assert sarah.get("/mijn/aanvragen/nieuw/no_such_type/").status_code == 404


def test_wizard_needs_a_signed_in_resident(client, db):
    response = client.get(BASE)
    assert response.status_code == 302 and response["Location"].startswith("/aanmelden/")


# --- proxy and purpose ----------------------------------------------------------------------------
PDF = hostile_uploads.clean_pdf()


def test_a_proxy_needs_a_real_pdf_or_image_and_goes_to_staff(sarah):
    other = PIETER
    sarah.get(BASE)
    fake = SimpleUploadedFile("volmacht.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    page = post_step(sarah, TYPE, "voor-wie", {"choice": "proxy", "other_number": other["national_number"],
                                               "other_name": "Pieter Claes"}, {"mandate": fake}).content.decode()
    assert "De volmacht moet een PDF, JPEG of PNG zijn." in page
    page = post_step(sarah, TYPE, "voor-wie", {"choice": "proxy", "other_number": "12345678901",
                                               "other_name": "Pieter Claes"}).content.decode()
    assert "Dit rijksregisternummer klopt niet" in page
    assert "Voeg de ondertekende volmacht toe." in page

    mandate = SimpleUploadedFile("volmacht.pdf", PDF, content_type="application/pdf")
    response = post_step(sarah, TYPE, "voor-wie", {"choice": "proxy", "other_number": other["national_number"],
                                                   "other_name": "Pieter Claes"}, {"mandate": mandate})
    assert response["Location"] == f"{BASE}levering/"
    post_step(sarah, TYPE, "levering", {"delivery": "mailbox"})
    assert "volmacht.pdf" in sarah.get(f"{BASE}controle/").content.decode()
    post_step(sarah, TYPE, "controle")
    request = CertificateRequest.objects.get()
    assert request.for_whom == ForWhom.PROXY and request.subject_number == other["national_number"]
    assert request.status == Status.AWAITING_APPROVAL
    assert request.mandate.read().startswith(b"%PDF-")


def test_a_too_large_mandate_is_refused(sarah):
    sarah.get(BASE)
    big = SimpleUploadedFile("volmacht.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024 + 1),
                             content_type="image/png")
    page = post_step(sarah, TYPE, "voor-wie", {"choice": "proxy", "other_number": PIETER["national_number"],
                                               "other_name": "Pieter Claes"}, {"mandate": big}).content.decode()
    assert "groter dan 5 MB" in page


@pytest.fixture
def purpose_type():
    declared = types.register(CertificateType(
        code="test_purpose", number=99, family=Family.CIVIL_STATUS_ACT, names={"nl": "Testakte"},
        description="Een test.", what_you_need="Niets.", for_whom=(ForWhom.SELF,), policy=Policy.AUTOMATIC,
        template="certificates/documents/base.html", gather=lambda *a, **k: {},
        formats=("extract", "multilingual"), asks_purpose=True, purposes=(("job", "voor een sollicitatie"),),
    ))
    yield declared
    types._TYPES.pop(declared.code)


def test_purpose_step_offers_fixed_purposes_formats_and_use_abroad(sarah, purpose_type):
    base = "/mijn/aanvragen/nieuw/test_purpose/"
    assert sarah.get(base)["Location"] == f"{base}doel/"  # only oneself: no "voor wie" step
    page = sarah.get(f"{base}doel/").content.decode()
    assert "Stap 1 van 3" in page and "voor een sollicitatie" in page and "meertalig uittreksel" in page
    assert "Vorm en gebruik" in page and "Gebruik je de akte in het buitenland?" in page  # an act, not an attest
    page = post_step(sarah, "test_purpose", "doel", {"purpose": "job", "act_format": "multilingual",
                                                     "use_abroad": "no"}).content.decode()
    assert "Het meertalig uittreksel is voor gebruik in een ander EU-land" in page
    page = post_step(sarah, "test_purpose", "doel", {"purpose": "job", "act_format": "multilingual",
                                                     "use_abroad": "yes"}).content.decode()
    assert "Vul het land in waar je de akte gebruikt." in page
    post_step(sarah, "test_purpose", "doel", {"purpose": "job", "act_format": "multilingual", "use_abroad": "yes",
                                              "abroad_country": "Polen"})
    post_step(sarah, "test_purpose", "levering", {"delivery": "mailbox"})
    post_step(sarah, "test_purpose", "controle")
    request = CertificateRequest.objects.get()
    assert (request.purpose, request.act_format, request.use_abroad, request.abroad_country) == \
        ("voor een sollicitatie", "multilingual", True, "Polen")
    assert request.for_whom == ForWhom.SELF and request.subject_number == SARAH["national_number"]


def deceased_relatives_of(persona):
    return [r.subject for r in registry.persons_one_may_act_for(persona["national_number"])
            if r.kind in ("heir_child", "heir_spouse")]


def test_heir_requests_the_death_act_of_a_deceased_parent(client, oidc, demo_registry):
    pieter = sign_in_as(client, oidc, PIETER)
    father = deceased_relatives_of(PIETER)[0]
    base = "/mijn/aanvragen/nieuw/death_act/"
    pieter.get(base)
    page = pieter.get(f"{base}voor-wie/").content.decode()
    assert father.full_name in page and "Iemand anders" in page and "Mezelf" not in page
    assert 'value="proxy"' not in page and "voor-wie-mandate" not in page  # a death act needs no proxy
    # "Iemand anders" needs a number and a name
    page = post_step(pieter, "death_act", "voor-wie", {"choice": "anyone"}).content.decode()
    assert "Vul het rijksregisternummer in van de persoon." in page and "Vul de naam in van de persoon." in page
    response = post_step(pieter, "death_act", "voor-wie", {"choice": father.national_number})
    assert response["Location"] == f"{base}doel/"  # an act: format and use abroad
    post_step(pieter, "death_act", "doel", {"act_format": "copy", "use_abroad": "no"})
    post_step(pieter, "death_act", "levering", {"delivery": "mailbox"})
    response = post_step(pieter, "death_act", "controle")
    request = CertificateRequest.objects.get()
    assert response["Location"] == f"/mijn/aanvragen/{request.public_id}/"
    assert (request.for_whom, request.subject_number, request.act_format) == \
        (ForWhom.DECEASED_RELATIVE, father.national_number, "copy")
    assert request.status == Status.AWAITING_APPROVAL


def test_a_refusal_at_submit_stays_on_the_review_with_the_message(sarah, monkeypatch):
    from certificates import services

    def refuse(**kwargs):
        raise services.RequestRefused("Dit attest kan je niet aanvragen voor deze persoon.")

    monkeypatch.setattr(services, "submit_request", refuse)
    sarah.get(BASE)
    post_step(sarah, TYPE, "voor-wie", {"choice": SARAH["national_number"]})
    post_step(sarah, TYPE, "levering", {"delivery": "mailbox"})
    response = post_step(sarah, TYPE, "controle")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dit attest kan je niet aanvragen voor deze persoon." in page and "Er is een probleem" in page
    assert "Stap 3 van 3" in page
    assert WizardDraft.objects.exists()  # nothing lost: the resident can change an answer and try again


def test_an_unknown_step_in_the_management_form_is_a_bad_request(sarah):
    sarah.get(BASE)
    response = sarah.post(f"{BASE}voor-wie/", {f"certificate_{TYPE}-current_step": "bestaat-niet"})
    assert response.status_code == 400
    assert "Dit adres of formulier kunnen we niet lezen" in response.content.decode()


def test_the_mandate_is_stored_under_a_name_of_ours_never_the_residents(sarah):
    sarah.get(BASE)
    name = "ë" * 150 + ".pdf"  # 300 bytes in UTF-8, more than a file system takes
    mandate = SimpleUploadedFile(name, PDF, content_type="application/pdf")
    response = post_step(sarah, TYPE, "voor-wie", {"choice": "proxy", "other_number": PIETER["national_number"],
                                                   "other_name": "Pieter Claes"}, {"mandate": mandate})
    assert response["Location"] == f"{BASE}levering/"
    post_step(sarah, TYPE, "levering", {"delivery": "mailbox"})
    post_step(sarah, TYPE, "controle")
    stored = CertificateRequest.objects.get().mandate.name.rsplit("/", 1)[-1]
    assert stored.startswith("volmacht") and stored.endswith(".pdf") and "ë" not in stored


def test_the_fields_about_someone_else_follow_that_choice_and_are_asked_only_then(sarah):
    page = sarah.get(f"{BASE}voor-wie/").content.decode()
    # One group after the choice, hidden by CSS until "Iemand anders" is chosen; never called "niet verplicht".
    assert 'class="other-person"' in page and "niet verplicht" not in page
    assert page.index('name="voor-wie-choice"') < page.index('name="voor-wie-other_number"')
    assert "Waar vind ik mijn rijksregisternummer?" in page.split('class="other-person"')[1]
    response = post_step(sarah, TYPE, "voor-wie", {"choice": SARAH["national_number"]})
    assert response.status_code == 302  # oneself: nothing else asked
    page = post_step(sarah, TYPE, "voor-wie", {"choice": "proxy"}).content.decode()
    assert "Vul het rijksregisternummer in van de persoon." in page and "Voeg de ondertekende volmacht toe." in page
