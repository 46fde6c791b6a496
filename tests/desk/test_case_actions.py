"""A case in the back office: what staff see, and every action on it (PRG, errors on the form, visibility)."""
import io

import pytest
from django.urls import reverse
from PIL import Image

from city.photos import process_photo
from desk.cases import services
from desk.models import Attachment, CannedAnswer, Case, CaseEvent, Category, Department, Follower
from desk.states import Channel, EventKind, Kind, State
from tests.desk.test_inbox import centre, matrix_since_last_year, staff_client  # noqa: F401
from tests.factories.desk import QuietCaseFactory
from tests.factories.identity import ResidentFactory, StaffUserFactory

NATIONAL_NUMBER = "85073003328"


def url(name, case, **kwargs):
    return reverse(f"desk_staff:{name}", kwargs={"reference": case.reference, **kwargs})


@pytest.fixture
def agent(client, matrix_since_last_year):  # noqa: F811
    return staff_client(client)


@pytest.fixture
def resident(db):
    return ResidentFactory(user__username="inwoner", national_number=NATIONAL_NUMBER, family_name="Janssens")


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="JPEG")
    return buffer.getvalue()


def events(case, kind):
    return CaseEvent.objects.filter(case=case, kind=kind)


def test_the_case_page_shows_everything_staff_need_but_not_the_national_number(client, agent, resident):
    case = QuietCaseFactory(resident=resident, address="Grote Markt 1", description="Lamp aan de kerk is kapot.")
    services.add_note(case, actor=agent, text="Ploeg verwittigd.")

    page = client.get(url("case", case))

    body = page.content.decode()
    assert page.status_code == 200
    for expected in (case.reference, "Lamp aan de kerk is kapot.", "Jan Janssens", "Grote Markt 1",
                     "Straatverlichting defect", "website", "Openbare verlichting", "Ploeg verwittigd.", "nee, intern"):
        assert expected in body
    assert NATIONAL_NUMBER not in body and "85.07.30" not in body
    assert "no-store" in page["Cache-Control"]


def test_an_anonymous_reporters_contact_details_are_shown_to_staff(client, agent):
    case = QuietCaseFactory(reporter_name="Piet Pieters", reporter_email="piet@example.be",
                            reporter_phone="0470 11 22 33")
    body = client.get(url("case", case)).content.decode()
    assert "Piet Pieters" in body and "piet@example.be" in body and "0470 11 22 33" in body


def test_assign_to_a_department_and_a_person_of_it(client, agent):
    case = QuietCaseFactory()
    cleaner = StaffUserFactory(username="veger", role="department_staff", first_name="Vera")
    netheid = Department.objects.get(code="netheid")
    netheid.members.add(cleaner)

    response = client.post(url("assign", case), {"department": netheid.pk, "assignee": cleaner.pk})

    assert response.status_code == 302 and response["Location"] == url("case", case)
    case.refresh_from_db()
    assert case.department == netheid and case.assignee == cleaner
    assert "is toegewezen" in client.get(response["Location"]).content.decode()


def test_assign_refuses_a_person_outside_the_department(client, agent):
    case = QuietCaseFactory()
    outsider = StaffUserFactory(username="buiten", role="department_staff")
    Department.objects.get(code="groen").members.add(outsider)

    response = client.post(url("assign", case), {"assignee": outsider.pk})

    assert response.status_code == 400
    case.refresh_from_db()
    assert case.assignee is None


def test_take_assigns_the_case_to_me(client, agent):
    case = QuietCaseFactory()
    assert client.post(url("take", case)).status_code == 302
    case.refresh_from_db()
    assert case.assignee == agent


def test_an_internal_note_stays_internal(client, agent):
    case = QuietCaseFactory()

    response = client.post(url("note", case), {"text": "Bewoner belt vaak; vriendelijk blijven."})

    assert response.status_code == 302
    note = events(case, EventKind.NOTE).get()
    assert note.is_public is False and note.actor == agent


def test_a_reply_to_the_resident_counts_as_first_response(client, agent):
    case = QuietCaseFactory(reporter_email="jan@example.be")

    response = client.post(url("reply", case), {"body": "We komen de lamp morgen herstellen."})

    assert response.status_code == 302
    assert events(case, EventKind.MESSAGE_OUT).get().is_public
    assert events(case, EventKind.FIRST_RESPONSE).count() == 1
    case.refresh_from_db()
    assert case.first_response_at is not None
    assert case.conversation.messages.get().body == "We komen de lamp morgen herstellen."


def test_an_empty_reply_is_refused_on_the_form(client, agent):
    case = QuietCaseFactory()
    response = client.post(url("reply", case), {"body": "  "})
    assert response.status_code == 400
    assert "Schrijf een antwoord" in response.content.decode()
    assert not events(case, EventKind.MESSAGE_OUT).exists()


def test_a_canned_answer_fills_the_reply_in_the_residents_language(client, agent):
    case = QuietCaseFactory(language="fr")
    services.change_state(case, State.IN_PROGRESS, actor=agent)
    answer = CannedAnswer.objects.get(title="Ontvangen — we plannen het herstel")

    response = client.post(url("reply", case), {"canned": answer.pk, "body": "", "use_canned": "1"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Une équipe de l&#x27;éclairage public viendra réparer la lampe." in body
    assert not events(case, EventKind.MESSAGE_OUT).exists()  # nothing sent yet


def test_a_canned_answer_fills_the_public_note_when_closing(client, agent):
    case = QuietCaseFactory()
    answer = CannedAnswer.objects.get(title="Lamp hersteld")

    response = client.post(url("change_state", case), {"to_state": State.RESOLVED, "canned": answer.pk,
                                                        "use_canned": "1"})

    assert response.status_code == 200
    assert "De straatlamp brandt opnieuw. Bedankt voor je melding." in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.RECEIVED


def test_closing_needs_a_public_note(client, agent):
    case = QuietCaseFactory()

    response = client.post(url("change_state", case), {"to_state": State.RESOLVED, "public_note": ""})

    assert response.status_code == 400
    assert "Schrijf voor de inwoner waarom de status verandert." in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.RECEIVED


def test_closing_with_a_public_reason(client, agent):
    case = QuietCaseFactory()
    data = {"to_state": State.CLOSED_UNRESOLVED, "public_note": "Deze lamp is van de netbeheerder."}

    # Closing without a solution is confirmed in a second step (test_case_page_staff.py says why).
    assert client.post(url("change_state", case), data).status_code == 400
    response = client.post(url("change_state", case), {**data, "confirm_unresolved": "on"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.CLOSED_UNRESOLVED and case.public_note == "Deze lamp is van de netbeheerder."


def test_a_state_the_transition_table_forbids_is_refused(client, agent):
    case = QuietCaseFactory()
    services.change_state(case, State.RESOLVED, actor=agent, public_note="Hersteld.")

    response = client.post(url("change_state", case), {"to_state": State.IN_PROGRESS})

    assert response.status_code == 400
    case.refresh_from_db()
    assert case.state == State.RESOLVED


def test_forward_to_another_department_moves_the_case(client, agent):
    case = QuietCaseFactory()
    services.assign(case, assignee=agent, actor=agent)
    netheid = Department.objects.get(code="netheid")

    response = client.post(url("forward", case), {"to_department": netheid.pk, "question": "Is dit voor jullie?"})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.department == netheid and case.assignee is None
    assert events(case, EventKind.FORWARDED).get().data == {"department": "netheid"}


def test_forward_needs_a_department_or_an_email_address(client, agent):
    case = QuietCaseFactory()
    response = client.post(url("forward", case), {"question": "Wie kan helpen?"})
    assert response.status_code == 400
    assert not case.forwards.exists()


def test_merge_moves_followers_and_closes_as_duplicate(client, agent):
    original = QuietCaseFactory(description="Lamp kapot")
    duplicate = QuietCaseFactory(description="Dezelfde lamp", reporter_email="tweede@example.be")
    services.follow(duplicate, email="buur@example.be")

    response = client.post(url("merge", duplicate), {"into": original.reference.lower()})

    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.state == State.DUPLICATE and duplicate.duplicate_of == original
    assert set(Follower.objects.filter(case=original).values_list("email", flat=True)) == {
        "tweede@example.be", "buur@example.be"}
    assert original.reference in duplicate.public_note


def test_nearby_open_cases_of_the_category_are_offered_for_merging(client, agent):
    older = QuietCaseFactory(description="Lamp kapot", latitude=centre()[0], longitude=centre()[1])
    lat, lon = centre(offset_m=20)
    newer = QuietCaseFactory(description="Lamp kapot hier", latitude=lat, longitude=lon)
    far_lat, far_lon = centre(offset_m=500)
    far = QuietCaseFactory(description="Verderop", latitude=far_lat, longitude=far_lon)

    body = client.get(url("case", newer)).content.decode()

    assert f"Samenvoegen met {older.reference}" in body
    assert far.reference not in body


def test_merging_into_a_closed_case_is_refused_on_the_form(client, agent):
    closed = QuietCaseFactory(description="Oud")
    services.change_state(closed, State.CLOSED_UNRESOLVED, actor=agent, public_note="Niet van de stad.")
    case = QuietCaseFactory(description="Nieuw")

    response = client.post(url("merge", case), {"into": closed.reference})

    assert response.status_code == 400
    assert "Voeg samen met een dossier dat nog open is" in response.content.decode()
    case.refresh_from_db()
    assert case.state == State.RECEIVED


def test_merge_with_an_unknown_reference_says_so(client, agent):
    case = QuietCaseFactory()
    response = client.post(url("merge", case), {"into": "M-2000-XXXXXX"})
    assert response.status_code == 400
    assert "Geen dossier met deze referentie gevonden" in response.content.decode()


def test_split_creates_parts(client, agent):
    case = QuietCaseFactory(description="Lamp kapot en er ligt afval.")
    waste = Category.objects.get(slug="sluikstort")

    response = client.post(url("split", case), {"description_1": "Lamp kapot", "description_2": "Afval",
                                                 "category_2": waste.pk})

    assert response.status_code == 302
    parts = list(Case.objects.filter(parent=case).order_by("pk"))
    assert [part.description for part in parts] == ["Lamp kapot", "Afval"]
    assert parts[0].category == case.category and parts[1].category == waste
    assert events(case, EventKind.SPLIT).exists()


def test_split_needs_at_least_one_part(client, agent):
    case = QuietCaseFactory()
    assert client.post(url("split", case), {}).status_code == 400
    assert not Case.objects.filter(parent=case).exists()


def test_photos_are_shown_to_staff_and_can_be_published(client, agent):
    case = QuietCaseFactory(photos=[process_photo(jpeg(), filename="lamp.jpg")])
    photo = Attachment.objects.get(case=case)
    assert photo.is_public is False

    image = client.get(url("photo", case, pk=photo.pk))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
    assert "no-store" in image["Cache-Control"]
    assert b"".join(image.streaming_content).startswith(b"\xff\xd8")

    assert client.post(url("photo_publish", case, pk=photo.pk), {"public": "on"}).status_code == 302
    photo.refresh_from_db()
    assert photo.is_public is True
    assert client.post(url("photo_publish", case, pk=photo.pk), {}).status_code == 302
    photo.refresh_from_db()
    assert photo.is_public is False
    assert events(case, EventKind.PHOTO_PUBLISHED).count() == 2


def test_phone_call_becomes_a_case_with_the_call(client, agent):
    lat, lon = centre()
    response = client.post(reverse("desk_staff:phone"), {
        "caller_name": "Mevrouw Peeters", "caller_phone": "0470 12 34 56", "kind": Kind.REPORT,
        "category": Category.objects.get(slug="straatverlichting").pk, "summary": "Lamp kapot aan de school.",
        "duration_minutes": "3", "latitude": str(lat), "longitude": str(lon)})

    case = Case.objects.get(channel=Channel.PHONE)
    assert response["Location"] == url("case", case)
    assert case.reporter_name == "Mevrouw Peeters" and case.has_location
    assert case.conversation.messages.get().call_duration_s == 180


def test_phone_call_with_only_an_address_is_placed_on_the_map(client, agent):
    from city import geo

    street = geo.streets()[0]
    response = client.post(reverse("desk_staff:phone"), {
        "kind": Kind.REPORT, "category": Category.objects.get(slug="straatverlichting").pk,
        "summary": "Lamp kapot.", "address": f"{street} 1"})

    assert response.status_code == 302
    case = Case.objects.get(channel=Channel.PHONE)
    assert case.has_location and case.address.startswith(f"{street} 1")


def test_phone_call_without_a_summary_is_refused(client, agent):
    response = client.post(reverse("desk_staff:phone"), {"kind": Kind.QUESTION, "summary": ""})
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_phone_call_about_a_category_that_needs_a_place(client, agent):
    response = client.post(reverse("desk_staff:phone"), {
        "kind": Kind.REPORT, "category": Category.objects.get(slug="straatverlichting").pk,
        "summary": "Lamp kapot."})
    assert response.status_code == 400
    assert "Duid aan waar het probleem is" in response.content.decode()


def test_department_staff_cannot_open_or_act_on_other_departments_cases(client, matrix_since_last_year):  # noqa: F811
    waste = QuietCaseFactory(slug="sluikstort", description="Afval")
    staff_client(client, "lichtman", role="department_staff", departments=["openbare-verlichting"])

    for name, data in (("case", None), ("note", {"text": "x"}), ("take", {}), ("reply", {"body": "x"}),
                       ("change_state", {"to_state": State.IN_PROGRESS}), ("merge", {"into": waste.reference})):
        response = client.post(url(name, waste), data) if data is not None else client.get(url(name, waste))
        assert response.status_code == 404, name
    assert not events(waste, EventKind.NOTE).exists()


def test_department_staff_who_forward_a_case_away_land_on_the_inbox(client, matrix_since_last_year):  # noqa: F811
    case = QuietCaseFactory()
    staff_client(client, "lichtman", role="department_staff", departments=["openbare-verlichting"])

    response = client.post(url("forward", case), {"to_department": Department.objects.get(code="netheid").pk,
                                                   "question": "Niet voor ons."})

    assert response.status_code == 302 and response["Location"] == reverse("desk_staff:inbox")
