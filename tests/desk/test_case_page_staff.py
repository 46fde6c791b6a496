"""The case page as a desk agent works it: summary first, one action at a time, a reply that starts the
handling, assignments that say to whom, standard answers that propose their status, and a second step
before closing without a solution."""
import re

import pytest

from desk.cases import services
from desk.models import CannedAnswer, CaseEvent
from desk.states import EventKind, State
from tests.desk.test_case_actions import url
from tests.desk.test_inbox import centre, matrix_since_last_year, staff_client  # noqa: F401
from tests.factories.desk import QuietCaseFactory
from tests.factories.identity import StaffUserFactory


@pytest.fixture
def agent(client, matrix_since_last_year):  # noqa: F811
    return staff_client(client)


def test_the_case_page_opens_with_a_summary_and_keeps_every_action_closed(client, agent):
    case = QuietCaseFactory(reporter_name="Piet Pieters", address="Grote Markt 1")

    body = client.get(url("case", case)).content.decode()

    summary = body[body.index('class="case-summary"'):body.index("</dl>", body.index('class="case-summary"'))]
    for expected in ("Status", "ontvangen", "Termijn", "Piet Pieters", "Straatverlichting defect", "Grote Markt 1",
                     "Openbare verlichting"):
        assert expected in summary
    actions = re.findall(r'<details class="case-action[^"]*" name="case-action" id="(\w+)"( open)?>', body)
    assert [anchor for anchor, _open in actions] == [
        "antwoorden", "status", "toewijzen", "notitie", "doorsturen", "samenvoegen", "splitsen"]
    assert not any(is_open for _anchor, is_open in actions)
    # The conversation comes before the full data and the actions are in their own column.
    assert body.index("Berichten") < body.index("Alle gegevens") < body.index('id="actions-title"')


def test_the_action_with_a_form_error_is_the_open_one(client, agent):
    case = QuietCaseFactory()
    body = client.post(url("note", case), {"text": ""}).content.decode()
    opened = re.findall(r'name="case-action" id="(\w+)" open', body)
    assert opened == ["notitie"]


def test_the_first_reply_moves_a_received_case_to_in_progress(client, agent):
    case = QuietCaseFactory(reporter_email="jan@example.be")
    assert case.state == State.RECEIVED

    response = client.post(url("reply", case), {"body": "We bekijken het deze week."})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS
    change = CaseEvent.objects.get(case=case, kind=EventKind.STATE_CHANGED)
    assert (change.from_state, change.to_state, change.actor) == (State.RECEIVED, State.IN_PROGRESS, agent)
    page = client.get(response["Location"]).content.decode()
    assert "De status is nu ‘in behandeling’." in page


def test_a_reply_can_park_the_case_waiting_for_the_reporter(client, agent):
    case = QuietCaseFactory(reporter_email="jan@example.be")
    response = client.post(url("reply", case), {"body": "Waar staat de lamp precies?",
                                                 "to_state": State.WAITING_RESIDENT})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.WAITING_RESIDENT
    # Staff read the reporter in the third person, the resident keeps "we wachten op je antwoord".
    body = client.get(url("case", case)).content.decode()
    assert "wacht op antwoord van de melder" in body and "we wachten op je antwoord" not in body


def test_a_reply_on_a_case_in_progress_leaves_its_state(client, agent):
    case = QuietCaseFactory(reporter_email="jan@example.be")
    services.change_state(case, State.SCHEDULED, actor=agent)
    client.post(url("reply", case), {"body": "De ploeg komt dinsdag."})
    case.refresh_from_db()
    assert case.state == State.SCHEDULED


def test_history_says_to_whom_a_case_was_assigned(client, agent):
    case = QuietCaseFactory()
    worker = StaffUserFactory(username="lamp", role="department_staff", first_name="Lotte", last_name="Lamme")
    case.department.members.add(worker)

    client.post(url("assign", case), {"assignee": worker.pk})

    body = client.get(url("case", case)).content.decode()
    assert "toegewezen aan Lotte Lamme · Openbare verlichting" in body
    assert "toegewezen door een medewerker" not in body


def test_a_standard_answer_proposes_its_status(client, agent):
    case = QuietCaseFactory()
    answer = CannedAnswer.objects.get(title="Lamp hersteld")
    assert answer.proposed_state == State.RESOLVED

    response = client.post(url("change_state", case), {"canned": answer.pk, "use_canned": "1"})

    form = response.context["state_form"]
    assert form.initial["to_state"] == State.RESOLVED
    assert re.search(r'value="resolved"[^>]*checked', response.content.decode())
    case.refresh_from_db()
    assert case.state == State.RECEIVED  # proposed, not done


def test_a_standard_answer_in_the_reply_proposes_a_working_status(client, agent):
    case = QuietCaseFactory()
    answer = CannedAnswer.objects.get(title="Meer informatie nodig")

    response = client.post(url("reply", case), {"canned": answer.pk, "use_canned": "1", "body": ""})

    assert response.context["reply_form"].initial["to_state"] == State.WAITING_RESIDENT


def test_closing_without_a_solution_asks_for_a_confirmation_first(client, agent):
    """The rule: closing "zonder oplossing" always takes a second, explicit step. No guessing from the words
    ("De straatlamp brandt opnieuw" reads as solved, but so might many texts in three languages)."""
    case = QuietCaseFactory()
    data = {"to_state": State.CLOSED_UNRESOLVED, "public_note": "De straatlamp brandt opnieuw."}

    response = client.post(url("change_state", case), data)

    assert response.status_code == 400
    body = response.content.decode()
    assert "telt als niet opgelost" in body and "afgehandeld: opgelost" in body
    assert re.search(r'<input type="checkbox" name="confirm_unresolved"', body)
    assert "De straatlamp brandt opnieuw." in body  # nothing typed is lost
    case.refresh_from_db()
    assert case.state == State.RECEIVED

    assert client.post(url("change_state", case), {**data, "confirm_unresolved": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.state == State.CLOSED_UNRESOLVED


def test_closing_with_the_reply_sends_the_answer_as_the_closing_reason(client, agent):
    case = QuietCaseFactory(reporter_email="jan@example.be")

    response = client.post(url("reply", case), {"body": "De lamp is hersteld.", "to_state": State.RESOLVED})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.RESOLVED and case.public_note == "De lamp is hersteld."


def test_a_standard_answer_replaces_a_status_already_chosen(client, agent):
    case = QuietCaseFactory()
    answer = CannedAnswer.objects.get(title="Lamp hersteld")
    response = client.post(url("change_state", case), {"to_state": State.CLOSED_UNRESOLVED, "canned": answer.pk,
                                                        "public_note": "De straatlamp brandt opnieuw.",
                                                        "use_canned": "1"})
    assert response.context["state_form"].initial["to_state"] == State.RESOLVED
    assert re.search(r'value="resolved"[^>]*checked', response.content.decode())

