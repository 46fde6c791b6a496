"""Forwarding a case to an external party by e-mail, and the party's answer page (no sign-in, one use)."""
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from desk.cases import services
from desk.models import CaseEvent, Forward
from desk.states import EventKind, State
from tests.desk.test_inbox import matrix_since_last_year, staff_client  # noqa: F401
from tests.factories.desk import QuietCaseFactory

PARTNER = "aannemer@example.be"


@pytest.fixture
def eager_tasks():
    """Run Celery tasks in-process, so the e-mail with the link really goes out (to locmem)."""
    from portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def agent(client, matrix_since_last_year):  # noqa: F811
    return staff_client(client)


def answer_url(token):
    return reverse("desk:forward_answer", args=[token])


def forwarded_case(agent, **fields):
    case = QuietCaseFactory(reporter_name="Piet Pieters", reporter_email="piet@example.be",
                            reporter_phone="0470 11 22 33", address="Kerkstraat 5",
                            description="De lamp voor nummer 5 brandt niet.", **fields)
    forward = services.forward(case, actor=agent, question="Kunnen jullie de kabel nakijken?", to_email=PARTNER)
    return case, forward


def test_forward_by_email_sends_an_expiring_link_that_answers_once(client, agent, settings, eager_tasks,
                                                                   django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    case = QuietCaseFactory(reporter_name="Piet Pieters", reporter_email="piet@example.be", address="Kerkstraat 5")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("desk_staff:forward", args=[case.reference]),
                               {"to_email": PARTNER, "question": "Kunnen jullie de kabel nakijken?"})

    assert response.status_code == 302
    forward = Forward.objects.get(case=case)
    assert forward.to_email == PARTNER and forward.answered_at is None
    expected = timezone.now() + timedelta(days=settings.DESK_FORWARD_LINK_DAYS)
    assert abs((forward.expires_at - expected).total_seconds()) < 60
    case.refresh_from_db()
    assert case.state == State.FORWARDED

    sent = [message for message in mail.outbox if PARTNER in message.to]
    assert len(sent) == 1
    link = re.search(r"/meldingen/doorgestuurd/([^/\s]+)/", sent[0].body)
    token = link.group(1)

    client.logout()  # the partner has no account
    page = client.get(answer_url(token))
    body = page.content.decode()
    assert page.status_code == 200
    assert case.reference in body and "Kunnen jullie de kabel nakijken?" in body and "Kerkstraat 5" in body
    assert "Piet Pieters" not in body and "piet@example.be" not in body
    assert page["Cache-Control"] == "no-store" and page["Referrer-Policy"] == "no-referrer"

    answered = client.post(answer_url(token), {"answer": "Kabel hersteld op 3 maart."})
    assert answered.status_code == 302
    thanks = client.get(answered["Location"])
    assert "Bedankt voor je antwoord" in thanks.content.decode()

    forward.refresh_from_db()
    assert forward.answer == "Kabel hersteld op 3 maart." and forward.answered_at is not None
    event = CaseEvent.objects.get(case=case, kind=EventKind.FORWARD_ANSWERED)
    assert event.text == "Kabel hersteld op 3 maart." and event.actor_label == PARTNER
    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS

    again = client.get(answer_url(token))
    assert again.status_code == 410
    assert "al beantwoord" in again.content.decode()
    assert client.post(answer_url(token), {"answer": "Nog iets"}).status_code == 410
    forward.refresh_from_db()
    assert forward.answer == "Kabel hersteld op 3 maart."


def test_the_answer_shows_in_the_case_history_for_staff(client, agent):
    case, forward = forwarded_case(agent)
    services.answer_forward(forward.token, answer="Nagekeken, in orde.")

    body = client.get(reverse("desk_staff:case", args=[case.reference])).content.decode()

    assert "Nagekeken, in orde." in body


def test_an_expired_link_is_gone(client, agent):
    _case, forward = forwarded_case(agent)
    Forward.objects.filter(pk=forward.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()

    response = client.get(answer_url(forward.token))

    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    assert response["Cache-Control"] == "no-store" and response["Referrer-Policy"] == "no-referrer"
    assert client.post(answer_url(forward.token), {"answer": "Te laat"}).status_code == 410


def test_an_unknown_link_is_not_found(client, desk_config):
    response = client.get(answer_url("niet-bestaand-token"))
    assert response.status_code == 404
    assert "Link niet gevonden" in response.content.decode()
    assert response["Referrer-Policy"] == "no-referrer"


def test_an_empty_answer_is_refused(client, agent):
    _case, forward = forwarded_case(agent)
    client.logout()

    response = client.post(answer_url(forward.token), {"answer": " "})

    assert response.status_code == 400
    forward.refresh_from_db()
    assert forward.answered_at is None
