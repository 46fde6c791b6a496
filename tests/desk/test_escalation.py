"""Terms that run out: near due, then overdue, each written once and told to the department once."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from desk.cases import services
from desk.cases.escalation import escalate_terms
from desk.models import ResponseMatrix
from desk.states import EventKind, State
from tests.factories.desk import CaseFactory
from tests.factories.identity import UserFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def local(*args):
    return datetime(*args, tzinfo=BRUSSELS)


@pytest.fixture
def streetlight_case(desk_config, settings):
    """Opened Monday 9 March 2026 09:00: first response due Tue 10 March 09:30, resolution Mon 23 March 17:00."""
    settings.DESK_NEAR_DUE_HOURS = 4
    ResponseMatrix.objects.filter(version=1).update(published_at=local(2025, 1, 1))
    case = CaseFactory(description="Lamp stuk", at=local(2026, 3, 9, 9, 0), notify=False)
    assert case.first_response_due == local(2026, 3, 10, 9, 30)
    assert case.resolution_due == local(2026, 3, 23, 17, 0)
    return case


def escalations(case):
    return [(event.kind, event.data["term"]) for event in
            case.events.filter(kind__in=[EventKind.NEAR_DUE, EventKind.OVERDUE]).order_by("pk")]


def test_nothing_happens_while_the_terms_are_far_away(streetlight_case, mailoutbox):
    assert escalate_terms(now=local(2026, 3, 9, 10, 0)) == 0
    assert escalations(streetlight_case) == [] and mailoutbox == []


def test_near_due_then_overdue_are_written_once_each_and_mailed_to_the_department(streetlight_case, mailoutbox):
    # Monday 15:00: 4 working hours ahead reaches Tuesday 10:30, past the 09:30 term.
    assert escalate_terms(now=local(2026, 3, 9, 15, 0)) == 1
    assert escalate_terms(now=local(2026, 3, 9, 16, 0)) == 0
    assert escalations(streetlight_case) == [(EventKind.NEAR_DUE, "first_response")]

    assert escalate_terms(now=local(2026, 3, 10, 10, 0)) == 1
    assert escalate_terms(now=local(2026, 3, 10, 11, 0)) == 0
    assert escalations(streetlight_case) == [(EventKind.NEAR_DUE, "first_response"),
                                             (EventKind.OVERDUE, "first_response")]

    streetlight_case.refresh_from_db()
    assert streetlight_case.escalated_at == local(2026, 3, 10, 10, 0)
    assert [mail.to for mail in mailoutbox] == [["verlichting@stadvoorbeeld.invalid"]] * 2
    assert mailoutbox[0].subject == f"Termijn bijna verstreken: {streetlight_case.reference}"
    assert mailoutbox[1].subject == f"Termijn verstreken: {streetlight_case.reference}"
    assert "10/03/2026 09:30" in mailoutbox[1].body
    assert "Lamp stuk" not in mailoutbox[1].body  # the description stays in the desk


def test_an_answered_case_is_not_escalated_for_its_first_response(streetlight_case, mailoutbox):
    agent = UserFactory(username="agent")
    services.reply(streetlight_case, actor=agent, body="We bekijken het.", at=local(2026, 3, 9, 10, 0))
    assert escalate_terms(now=local(2026, 3, 10, 10, 0)) == 0
    assert mailoutbox == []


def test_the_resolution_term_escalates_too(streetlight_case, mailoutbox):
    agent = UserFactory(username="agent")
    services.reply(streetlight_case, actor=agent, body="We bekijken het.", at=local(2026, 3, 9, 10, 0))

    assert escalate_terms(now=local(2026, 3, 23, 14, 0)) == 1
    assert escalate_terms(now=local(2026, 3, 24, 9, 0)) == 1
    assert escalate_terms(now=local(2026, 3, 25, 9, 0)) == 0
    assert escalations(streetlight_case) == [(EventKind.NEAR_DUE, "resolution"), (EventKind.OVERDUE, "resolution")]
    assert len(mailoutbox) == 2


def test_a_case_that_is_late_at_once_is_marked_overdue_without_near_due(streetlight_case):
    assert escalate_terms(now=local(2026, 3, 10, 12, 0)) == 1
    assert escalations(streetlight_case) == [(EventKind.OVERDUE, "first_response")]


def test_closed_cases_are_not_escalated(streetlight_case, mailoutbox):
    agent = UserFactory(username="agent")
    services.change_state(streetlight_case, State.RESOLVED, actor=agent, public_note="Hersteld.",
                          at=local(2026, 3, 9, 10, 0))
    assert escalate_terms(now=local(2026, 4, 1, 9, 0)) == 0
    assert mailoutbox == []


def test_escalation_events_are_internal(streetlight_case, mailoutbox):
    escalate_terms(now=local(2026, 3, 10, 10, 0))
    assert not streetlight_case.events.filter(kind=EventKind.OVERDUE, is_public=True).exists()


def test_the_celery_task_runs_the_escalation_at_the_current_time(streetlight_case, monkeypatch):
    from desk.cases.tasks import escalate_terms as task

    monkeypatch.setattr("django.utils.timezone.now", lambda: local(2026, 3, 24, 9, 0))
    assert task() == 2  # both terms are over by then
    assert escalations(streetlight_case) == [(EventKind.OVERDUE, "first_response"), (EventKind.OVERDUE, "resolution")]
