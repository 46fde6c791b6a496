"""The feedback page: GET shows (link scanners cast no votes), POST records once; used or expired links
answer 410, unknown ones 404; an unhappy answer with a reopening reason or a text asks a person to decide."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from desk.cases import services
from desk.cases.forms.staff_case import next_states
from desk.cases.selectors.inbox import inbox_cases
from desk.feedback.models import Feedback, FeedbackReason
from desk.feedback.services import record_feedback
from desk.models import CaseEvent
from desk.states import EventKind, State
from tests.factories.desk import QuietCaseFactory

from .helpers import close


@pytest.fixture
def closed(agent, resident):
    case = QuietCaseFactory(resident=resident)
    close(case, agent)
    case.refresh_from_db()
    return case


@pytest.fixture
def feedback(closed):
    return Feedback.objects.get(case=closed)


def page(feedback, **query):
    url = reverse("feedback:answer", args=[feedback.token])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def reason(code):
    return FeedbackReason.objects.get(code=code)


def checked(body):
    return re.findall(r'<input type="radio" name="satisfied" value="(\w+)"[^>]*\bchecked\b', body)


def notes(case):
    return CaseEvent.objects.filter(case=case, kind=EventKind.NOTE).order_by("pk")


def test_get_shows_the_form_and_records_nothing(client, feedback, closed):
    response = client.get(page(feedback, tevreden="nee"))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ben je tevreden over hoe we je melding hebben afgehandeld?" in body
    assert "Mogen we je contacteren over je antwoord?" in body
    for text in ("Het is snel opgelost", "Het probleem is niet opgelost", "Ik werd niet op de hoogte gehouden"):
        assert text in body  # without JavaScript both groups show, each with its legend
    assert checked(body) == ["nee"]
    assert closed.reference in body and "De lamp brandt weer." in body
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "no-referrer"
    feedback.refresh_from_db()
    assert feedback.answered_at is None and feedback.satisfied is None
    assert not notes(closed).exists()


def test_the_preselected_answer_is_checked(client, feedback):
    assert checked(client.get(page(feedback, tevreden="ja")).content.decode()) == ["ja"]
    assert checked(client.get(page(feedback, tevreden="misschien")).content.decode()) == []
    assert checked(client.get(page(feedback)).content.decode()) == []


def test_a_happy_answer_is_recorded_once_and_changes_nothing(client, feedback, closed):
    response = client.post(page(feedback), {"satisfied": "ja", "reasons_yes": [reason("snel-opgelost").pk],
                                            "text": "Top!", "allows_contact": "nee"})

    assert response.status_code == 302
    assert response["Location"] == reverse("feedback:thanks", args=[feedback.token])
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and "Fijn dat je tevreden bent" in thanks.content.decode()
    feedback.refresh_from_db()
    assert feedback.satisfied is True and feedback.answered_at is not None and feedback.text == "Top!"
    assert feedback.allows_contact is False and not feedback.reopen_requested
    assert list(feedback.reasons.values_list("code", flat=True)) == ["snel-opgelost"]
    closed.refresh_from_db()
    assert closed.state == State.RESOLVED
    note = notes(closed).get()
    assert not note.is_public and note.actor_label == "inwoner (tevredenheid)"
    assert note.data == {"feedback": feedback.pk, "satisfied": True, "reasons": ["snel-opgelost"],
                         "allows_contact": False, "reopen_requested": False}
    assert "Tevredenheid: tevreden." in note.text and "Het is snel opgelost" in note.text

    again = client.post(page(feedback), {"satisfied": "nee", "text": "Toch niet."})
    assert again.status_code == 410 and "Je gaf je mening al" in again.content.decode()
    assert client.get(page(feedback)).status_code == 410
    feedback.refresh_from_db()
    assert feedback.satisfied is True and notes(closed).count() == 1


def test_an_expired_link_answers_410_with_contact_options(client, feedback):
    Feedback.objects.filter(pk=feedback.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    shown = client.get(page(feedback))
    sent = client.post(page(feedback), {"satisfied": "ja"})

    assert shown.status_code == 410 and sent.status_code == 410
    body = shown.content.decode()
    assert "Deze link is verlopen" in body and "1777" in body and reverse("desk:start") in body
    feedback.refresh_from_db()
    assert feedback.answered_at is None


def test_an_unknown_link_is_not_found(client, db):
    response = client.get(reverse("feedback:answer", args=["onbestaand-token"]))
    assert response.status_code == 404 and "Link niet gevonden" in response.content.decode()
    assert client.get(reverse("feedback:thanks", args=["onbestaand-token"])).status_code == 404


def test_the_thanks_page_of_an_unanswered_link_goes_to_the_form(client, feedback):
    response = client.get(reverse("feedback:thanks", args=[feedback.token]))
    assert response.status_code == 302 and response["Location"] == reverse("feedback:answer", args=[feedback.token])


def test_unhappy_with_a_reopening_reason_asks_a_person_to_decide(client, feedback, closed, agent):
    department = closed.department_id
    response = client.post(page(feedback), {"satisfied": "nee", "reasons_no": [reason("niet-opgelost").pk],
                                            "allows_contact": "ja"})

    assert response.status_code == 302
    assert "Een medewerker bekijkt ze opnieuw" in client.get(response["Location"]).content.decode()
    closed.refresh_from_db()
    assert closed.state == State.REOPEN_REQUESTED and closed.department_id == department
    feedback.refresh_from_db()
    assert feedback.reopen_requested and feedback.allows_contact is True
    texts = [note.text for note in notes(closed)]
    assert texts[0].startswith("Tevredenheid: niet tevreden.") and "Mag gecontacteerd worden: ja." in texts[0]
    assert texts[1] == "De melder is niet tevreden (feedback). Beslis of de melding heropend wordt."
    change = CaseEvent.objects.get(case=closed, kind=EventKind.STATE_CHANGED, to_state=State.REOPEN_REQUESTED)
    assert change.from_state == State.RESOLVED and change.actor_label == "inwoner (tevredenheid)"
    # It is in the inbox, and a person can reopen it or close it again.
    assert closed in inbox_cases(agent)
    assert {State.REOPENED, State.RESOLVED, State.CLOSED_UNRESOLVED} <= {value for value, _ in next_states(closed)}


def test_after_a_reopen_request_a_person_can_reopen(feedback, closed, agent):
    record_feedback(feedback, satisfied=False, text="De lamp is nog altijd kapot.")
    services.change_state(closed, State.REOPENED, actor=agent, public_note="We kijken opnieuw.")
    closed.refresh_from_db()
    assert closed.state == State.REOPENED


def test_after_a_reopen_request_a_person_can_close_again_without_a_new_question(feedback, closed, agent):
    record_feedback(feedback, satisfied=False, reasons=[reason("niet-opgelost")])
    close(closed, agent, note="We controleerden het: de lamp brandt. Bel 1777 als ze weer uitvalt.")
    closed.refresh_from_db()
    assert closed.state == State.RESOLVED
    assert Feedback.objects.filter(case=closed).count() == 1  # no second question: that would loop


def test_unhappy_with_only_a_text_asks_to_reopen(client, feedback, closed):
    client.post(page(feedback), {"satisfied": "nee", "text": "Niemand is komen kijken."})
    closed.refresh_from_db()
    assert closed.state == State.REOPEN_REQUESTED


def test_unhappy_with_a_reason_that_does_not_reopen_changes_nothing(client, feedback, closed):
    response = client.post(page(feedback), {"satisfied": "nee", "reasons_no": [reason("te-lang").pk]})
    assert response.status_code == 302
    closed.refresh_from_db()
    feedback.refresh_from_db()
    assert closed.state == State.RESOLVED and feedback.satisfied is False and not feedback.reopen_requested
    assert "Jammer dat je niet tevreden bent" in client.get(response["Location"]).content.decode()


def test_unhappy_without_a_reason_or_a_text_is_an_error(client, feedback):
    response = client.post(page(feedback), {"satisfied": "nee"})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in body and "Kies wat er misging, of schrijf het in de toelichting." in body
    feedback.refresh_from_db()
    assert feedback.answered_at is None


def test_no_answer_is_an_error(client, feedback):
    response = client.post(page(feedback), {"text": "Hallo"})
    assert response.status_code == 400 and "Kies ja of nee." in response.content.decode()
    assert "Hallo" in response.content.decode()  # nothing typed is lost


def test_reasons_of_the_other_branch_are_rejected(client, feedback, closed):
    response = client.post(page(feedback), {"satisfied": "ja", "reasons_no": [reason("niet-opgelost").pk],
                                            "text": "Alles goed"})
    assert response.status_code == 400
    assert "Kies dan alleen redenen bij" in response.content.decode()
    feedback.refresh_from_db()
    closed.refresh_from_db()
    assert feedback.answered_at is None and closed.state == State.RESOLVED

    with pytest.raises(services.CaseError):
        record_feedback(feedback, satisfied=True, reasons=[reason("niet-opgelost")])
    feedback.refresh_from_db()
    assert feedback.answered_at is None


def test_a_hidden_reason_cannot_be_chosen(client, feedback):
    hidden = reason("te-lang")
    FeedbackReason.objects.filter(pk=hidden.pk).update(is_visible=False)
    assert "Het duurde te lang" not in client.get(page(feedback)).content.decode()
    response = client.post(page(feedback), {"satisfied": "nee", "reasons_no": [hidden.pk]})
    assert response.status_code == 400


def test_an_answer_about_an_earlier_closing_does_not_move_the_case(feedback, closed, agent):
    services.change_state(closed, State.REOPENED, actor=agent, public_note="Toch nog iets te doen.")
    record_feedback(feedback, satisfied=False, reasons=[reason("niet-opgelost")])
    closed.refresh_from_db()
    feedback.refresh_from_db()
    assert closed.state == State.REOPENED and not feedback.reopen_requested and feedback.satisfied is False


def test_the_staff_case_page_shows_the_feedback(client, feedback, closed, agent):
    from tests.identity.test_staff_helpers import sign_in

    record_feedback(feedback, satisfied=False, reasons=[reason("niet-opgelost")], text="Nog steeds donker.",
                    allows_contact=True)
    sign_in(client, agent)
    body = client.get(reverse("desk_staff:case", kwargs={"reference": closed.reference})).content.decode()
    section = body[body.index('id="feedback-staff-title"'):]
    assert "Het probleem is niet opgelost" in section and "Nog steeds donker." in section
    assert "Mag gecontacteerd worden" in section and "beslis of je de melding heropent" in section
