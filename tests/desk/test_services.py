"""desk.cases.services, the only door into a case: the transition table, history, routing, metrics, forwarding,
merging, reopening, splitting, following and what residents are told."""
from datetime import datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from city import geo
from common.history import AppendOnlyError
from desk.cases import services
from desk.models import Case, CaseEvent, Category, Department, Follower, ResponseMatrix, RoutingRule
from desk.notifications.tasks import notify_case_update, send_forward_link, send_tracking_link
from desk.states import CLOSED_STATES, NEEDS_PUBLIC_NOTE, TRANSITIONS, Channel, EventKind, Kind, State
from mailbox.models import MailboxPreferences, Message
from tests.factories.desk import CaseFactory
from tests.factories.identity import ResidentFactory, UserFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def local(*args):
    return datetime(*args, tzinfo=BRUSSELS)


MONDAY_0900 = local(2026, 3, 9, 9, 0)


@pytest.fixture
def matrix_v1(desk_config):
    ResponseMatrix.objects.filter(version=1).update(published_at=local(2025, 1, 1))


@pytest.fixture
def agent(db):
    return UserFactory(username="agent", is_staff=True, first_name="Bea")


def put_in_state(case, state):
    Case.objects.filter(pk=case.pk).update(state=state, closed_at=MONDAY_0900 if state in CLOSED_STATES else None)
    case.refresh_from_db()
    return case


ALLOWED = sorted((str(a), str(b)) for a, targets in TRANSITIONS.moves.items() for b in targets)
FORBIDDEN = sorted((str(a), str(b)) for a in State.values for b in State.values if not TRANSITIONS.can_move(a, b))


# ---- the transition table ------------------------------------------------------------------------------


@pytest.mark.parametrize("from_state,to_state", ALLOWED)
def test_every_allowed_move_works_and_is_written_down(desk_config, agent, from_state, to_state):
    case = put_in_state(CaseFactory(), from_state)

    services.change_state(case, to_state, actor=agent, public_note="Dit is de toelichting.")

    case.refresh_from_db()
    assert case.state == to_state
    event = case.events.filter(kind=EventKind.STATE_CHANGED).last()
    assert (event.from_state, event.to_state, event.actor, event.is_public) == (from_state, to_state, agent, True)
    assert (case.closed_at is not None) == (to_state in CLOSED_STATES)
    if to_state in CLOSED_STATES and from_state not in CLOSED_STATES:
        assert case.events.filter(kind=EventKind.RESOLVED).count() == 1
    if from_state in CLOSED_STATES and to_state not in CLOSED_STATES:
        assert case.reopened_count == 1


@pytest.mark.parametrize("from_state", State.values)
def test_a_forbidden_move_raises_and_writes_nothing(desk_config, agent, from_state):
    case = put_in_state(CaseFactory(), from_state)
    before = (case.updated_at, case.public_note, CaseEvent.objects.count())
    forbidden = [to for start, to in FORBIDDEN if start == from_state]
    assert forbidden  # at least staying put is never a move

    for to_state in forbidden:
        with pytest.raises(services.TransitionNotAllowed):
            services.change_state(case, to_state, actor=agent, public_note="Toelichting")

    case.refresh_from_db()
    assert case.state == from_state
    assert (case.updated_at, case.public_note, CaseEvent.objects.count()) == before


@pytest.mark.parametrize("to_state", sorted(NEEDS_PUBLIC_NOTE & TRANSITIONS.targets(State.IN_PROGRESS)))
def test_closing_without_a_public_note_is_refused(desk_config, agent, to_state):
    case = put_in_state(CaseFactory(), State.IN_PROGRESS)
    events = CaseEvent.objects.count()

    with pytest.raises(services.CaseError) as refused:
        services.change_state(case, to_state, actor=agent, public_note="   ")

    assert refused.value.field == "public_note"
    assert "inwoner" in refused.value.message
    assert Case.objects.get(pk=case.pk).state == State.IN_PROGRESS
    assert CaseEvent.objects.count() == events


# ---- history ---------------------------------------------------------------------------------------------


def test_history_rows_cannot_be_changed_or_deleted(desk_config):
    event = CaseFactory().events.get(kind=EventKind.CREATED)

    event.text = "herschreven"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()

    assert CaseEvent.objects.get(pk=event.pk).text == ""


def test_events_carry_the_department_channel_and_category_of_the_moment(desk_config, agent):
    case = CaseFactory()
    services.assign(case, department=Department.objects.get(code="netheid"), actor=agent, reason="verkeerde dienst")
    routed, assigned = case.events.filter(kind=EventKind.ASSIGNED)
    assert routed.department.code == "openbare-verlichting" and routed.text == "automatisch gerouteerd"
    assert assigned.department.code == "netheid"
    assert (assigned.channel, assigned.category.slug, assigned.case_kind) == (Channel.WEB, "straatverlichting",
                                                                              Kind.REPORT)


# ---- routing ---------------------------------------------------------------------------------------------


def test_the_matrix_names_the_department(desk_config):
    assert CaseFactory().department.code == "openbare-verlichting"
    assert CaseFactory(slug="sluikstort").department.code == "netheid"


def test_a_routing_rule_beats_the_matrix_department(matrix_v1):
    RoutingRule.objects.create(rank=5, category=Category.objects.get(slug="straatverlichting"),
                               department=Department.objects.get(code="netheid"))

    case = CaseFactory(at=MONDAY_0900)

    assert case.department.code == "netheid"
    assert case.resolution_due == local(2026, 3, 23, 17, 0)  # the terms still come from the matrix


def test_a_channel_rule_sends_phoned_nuisance_to_the_police(desk_config, agent):
    RoutingRule.objects.create(rank=1, category=Category.objects.get(slug="overlast"), channel=Channel.PHONE,
                               department=Department.objects.get(code="sociaal-huis"))
    phoned = services.log_phone_call(actor=agent, summary="Lawaai op het plein", kind=Kind.REPORT,
                                     category=Category.objects.get(slug="overlast"))
    typed = services.open_case(kind=Kind.REPORT, channel=Channel.WEB, description="Lawaai op het plein",
                               category=Category.objects.get(slug="overlast"))
    assert phoned.department.code == "sociaal-huis"
    assert typed.department.code == "politie"


def test_a_district_rule_routes_by_where_it_is(desk_config):
    RoutingRule.objects.create(rank=1, district="noord", department=Department.objects.get(code="groen"))

    north = CaseFactory(street="Stationsstraat")
    centre = CaseFactory(street="Kerkstraat")

    assert (north.district, north.department.code) == ("noord", "groen")
    assert (centre.district, centre.department.code) == ("centrum", "openbare-verlichting")


def test_an_inactive_rule_is_ignored(desk_config):
    RoutingRule.objects.create(rank=1, department=Department.objects.get(code="groen"), is_active=False)
    assert CaseFactory().department.code == "openbare-verlichting"


def test_the_default_department_gets_what_nothing_else_routes(desk_config, settings):
    ResponseMatrix.objects.update(published_at=None)
    RoutingRule.objects.all().delete()
    settings.DESK_DEFAULT_DEPARTMENT = "burgerzaken"

    case = services.open_case(kind=Kind.QUESTION, channel=Channel.EMAIL, description="Een vraag")

    assert case.department.code == "burgerzaken"
    assert case.resolution_due is None
    settings.DESK_DEFAULT_DEPARTMENT = "bestaat-niet"
    assert services.open_case(kind=Kind.QUESTION, channel=Channel.EMAIL, description="Nog een").department is None


# ---- metrics: first response and resolution --------------------------------------------------------------


def test_first_response_and_resolution_are_measured_in_wall_and_working_time(matrix_v1, agent):
    case = CaseFactory(at=MONDAY_0900)  # first response due Tue 10 March 09:30, resolution Mon 23 March 17:00

    services.reply(case, actor=agent, body="We kijken ernaar.", at=local(2026, 3, 9, 10, 0))
    services.reply(case, actor=agent, body="Nog even geduld.", at=local(2026, 3, 9, 11, 0))
    services.change_state(case, State.RESOLVED, actor=agent, public_note="Hersteld.", at=local(2026, 3, 16, 10, 0))

    first = case.events.get(kind=EventKind.FIRST_RESPONSE)  # only the first reply counts
    assert (first.duration_s, first.working_s, first.within_term) == (3600, 3600, True)
    resolved = case.events.get(kind=EventKind.RESOLVED)
    assert resolved.duration_s == (7 * 24 + 1) * 3600
    # Mon 09:00–17:00 minus lunch (7 h), Tue–Fri 4 × 7.5 h, Mon 08:30–10:00 (1.5 h).
    assert resolved.working_s == (7 + 30 + 1.5) * 3600
    assert resolved.within_term is True
    case.refresh_from_db()
    assert case.first_response_at == local(2026, 3, 9, 10, 0)


def test_late_answers_are_outside_the_term(matrix_v1, agent):
    case = CaseFactory(at=MONDAY_0900)
    services.change_state(case, State.IN_PROGRESS, actor=agent, public_note="We bekijken het.",
                          at=local(2026, 3, 11, 9, 0))
    services.change_state(case, State.RESOLVED, actor=agent, public_note="Hersteld.", at=local(2026, 3, 25, 9, 0))

    assert case.events.get(kind=EventKind.FIRST_RESPONSE).within_term is False
    assert case.events.get(kind=EventKind.RESOLVED).within_term is False


def test_a_state_change_without_a_public_note_is_no_first_response(matrix_v1, agent):
    case = CaseFactory(at=MONDAY_0900)
    services.change_state(case, State.IN_PROGRESS, actor=agent, at=local(2026, 3, 9, 9, 30))
    assert not case.events.filter(kind=EventKind.FIRST_RESPONSE).exists()


# ---- forwarding ------------------------------------------------------------------------------------------


def test_forwarding_to_a_department_hands_the_case_over(desk_config, agent):
    case = CaseFactory()
    services.assign(case, assignee=agent, actor=agent)

    services.forward(case, actor=agent, question="Is dit jullie paal?", to_department=Department.objects.get(
        code="openbare-werken"))

    case.refresh_from_db()
    assert case.department.code == "openbare-werken"
    assert case.assignee is None
    event = case.events.get(kind=EventKind.FORWARDED)
    assert event.data == {"department": "openbare-werken"} and event.text == "Is dit jullie paal?"


def test_an_external_party_answers_through_an_expiring_link(desk_config, agent, mailoutbox):
    case = CaseFactory()

    forwarded = services.forward(case, actor=agent, question="Wanneer komt de aannemer?",
                                 to_email="aannemer@example.invalid")
    assert Case.objects.get(pk=case.pk).state == State.FORWARDED
    send_forward_link(forwarded.pk, forwarded.token)

    (sent,) = mailoutbox
    assert sent.to == ["aannemer@example.invalid"]
    assert reverse("desk:forward_answer", args=[forwarded.token]) in sent.body
    assert "Wanneer komt de aannemer?" in sent.body
    assert forwarded.token not in forwarded.token_hash

    services.answer_forward(forwarded.token, answer="Donderdag.")

    case.refresh_from_db()
    assert case.state == State.IN_PROGRESS
    assert case.events.get(kind=EventKind.FORWARD_ANSWERED).text == "Donderdag."
    with pytest.raises(services.CaseError):
        services.answer_forward(forwarded.token, answer="Nog eens")  # used links do not work twice


def test_an_expired_forward_link_does_not_work(desk_config, agent, settings):
    case = CaseFactory()
    forwarded = services.forward(case, actor=agent, question="?", to_email="aannemer@example.invalid")
    later = forwarded.expires_at + timedelta(seconds=1)
    assert services.forward_for_token(forwarded.token, at=later) is None
    with pytest.raises(services.CaseError):
        services.answer_forward(forwarded.token, answer="Te laat", at=later)


# ---- merging, following, splitting, reopening ------------------------------------------------------------


def test_merging_informs_the_duplicates_reporter_and_all_followers(desk_config, agent, mailoutbox):
    owner, reporter, neighbour = (ResidentFactory(given_name=name) for name in ("Olga", "Rik", "Nora"))
    original = CaseFactory(resident=owner)
    duplicate = CaseFactory(resident=reporter)
    services.follow(duplicate, resident=neighbour)
    services.follow(duplicate, email="buur@example.invalid")

    services.merge(duplicate, into=original, actor=agent)

    duplicate.refresh_from_db()
    assert (duplicate.state, duplicate.duplicate_of) == (State.DUPLICATE, original)
    assert original.reference in duplicate.public_note
    followers = Follower.objects.filter(case=original)
    assert {f.resident for f in followers if f.resident} == {reporter, neighbour}
    assert {f.email for f in followers if f.email} == {"buur@example.invalid"}
    assert original.events.filter(kind=EventKind.MERGED, text=duplicate.reference).exists()

    merged = duplicate.events.get(kind=EventKind.STATE_CHANGED, to_state=State.DUPLICATE)
    notify_case_update(merged.pk)
    assert {m.resident for m in Message.objects.all()} == {reporter, neighbour}
    assert [m.to for m in mailoutbox] == [["buur@example.invalid"]]

    # Everyone now hears about the original.
    services.change_state(original, State.RESOLVED, actor=agent, public_note="De lamp brandt weer.")
    resolved = original.events.get(kind=EventKind.STATE_CHANGED, to_state=State.RESOLVED)
    notify_case_update(resolved.pk)
    told = Message.objects.filter(source_ref__startswith=f"desk:{original.reference}:{resolved.pk}")
    assert {m.resident for m in told} == {owner, reporter, neighbour}
    assert all("De lamp brandt weer." in m.body for m in told)
    assert len(mailoutbox) == 2 and mailoutbox[1].to == ["buur@example.invalid"]


def test_a_case_cannot_be_merged_with_itself_or_into_a_closed_one(desk_config, agent):
    case, other = CaseFactory(), CaseFactory()
    with pytest.raises(services.CaseError):
        services.merge(case, into=case, actor=agent)
    services.change_state(other, State.CLOSED_UNRESOLVED, actor=agent, public_note="Niet van de stad.")
    with pytest.raises(services.CaseError):
        services.merge(case, into=other, actor=agent)
    assert Case.objects.get(pk=case.pk).state == State.RECEIVED


def test_following_is_idempotent(desk_config):
    owner, neighbour = ResidentFactory(), ResidentFactory()
    case = CaseFactory(resident=owner)

    assert services.follow(case, email="Buur@Example.invalid") is True
    assert services.follow(case, email="buur@example.invalid") is False
    assert services.follow(case, resident=neighbour) is True
    assert services.follow(case, resident=neighbour) is False
    assert services.follow(case, resident=owner) is False  # one's own case is followed already

    assert case.followers.count() == 2
    assert case.events.filter(kind=EventKind.FOLLOWER_ADDED).count() == 2
    with pytest.raises(services.CaseError):
        services.follow(case)


def test_a_resident_reopens_a_closed_case_within_thirty_days(matrix_v1, agent):
    resident = ResidentFactory()
    case = CaseFactory(resident=resident, at=MONDAY_0900)
    closed_at = local(2026, 3, 12, 10, 0)
    services.change_state(case, State.RESOLVED, actor=agent, public_note="Hersteld.", at=closed_at)

    assert services.can_reopen(case, at=closed_at + timedelta(days=30))
    services.reopen_by_resident(case, reason="De lamp is opnieuw stuk.", at=closed_at + timedelta(days=29))

    case.refresh_from_db()
    assert (case.state, case.reopened_count, case.closed_at) == (State.REOPENED, 1, None)
    assert case.public_note == "De lamp is opnieuw stuk."
    assert case.events.filter(kind=EventKind.REOPENED).count() == 1


def test_reopening_after_thirty_days_is_refused(matrix_v1, agent):
    case = CaseFactory(at=MONDAY_0900)
    closed_at = local(2026, 3, 12, 10, 0)
    services.change_state(case, State.RESOLVED, actor=agent, public_note="Hersteld.", at=closed_at)

    assert not services.can_reopen(case, at=closed_at + timedelta(days=31))
    with pytest.raises(services.CaseError):
        services.reopen_by_resident(case, reason="Stuk", at=closed_at + timedelta(days=31))
    assert Case.objects.get(pk=case.pk).state == State.RESOLVED


def test_a_duplicate_cannot_be_reopened_by_the_resident(desk_config, agent):
    case, original = CaseFactory(), CaseFactory()
    services.merge(case, into=original, actor=agent)
    assert not services.can_reopen(Case.objects.get(pk=case.pk))


def test_splitting_makes_cases_that_keep_the_reporter(desk_config, agent):
    resident = ResidentFactory()
    case = CaseFactory(resident=resident, description="Lamp stuk en er ligt afval")

    parts = services.split(case, actor=agent, parts=[
        {"description": "Lamp stuk"},
        {"description": "Er ligt afval", "category": Category.objects.get(slug="sluikstort")},
    ])

    assert [part.parent for part in parts] == [case, case]
    assert [part.category.slug for part in parts] == ["straatverlichting", "sluikstort"]
    assert all(part.resident == resident and part.latitude == case.latitude for part in parts)
    assert parts[1].department.code == "netheid"
    event = case.events.get(kind=EventKind.SPLIT)
    assert event.data == {"parts": [part.reference for part in parts]}
    with pytest.raises(services.CaseError):
        services.split(case, actor=agent, parts=[])


# ---- what residents and reporters are told ---------------------------------------------------------------


def test_an_anonymous_reporter_gets_a_private_tracking_link(desk_config, mailoutbox,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        case = CaseFactory(reporter_email="an@example.invalid")
    assert len(callbacks) == 2  # the acknowledgement and the tracking link, after the commit
    token = case.tracking_token
    assert token and token not in Case.objects.get(pk=case.pk).tracking_token_hash

    send_tracking_link(case.pk, token)

    (sent,) = mailoutbox
    assert sent.to == ["an@example.invalid"]
    assert case.reference in sent.subject
    assert reverse("desk:track", args=[token]) in sent.body
    assert services.case_for_tracking_token(token) == case
    assert services.case_for_tracking_token("geraden") is None


def test_a_signed_in_resident_gets_no_tracking_link(desk_config):
    case = CaseFactory(resident=ResidentFactory(), reporter_email="jan@example.invalid")
    assert case.tracking_token == ""
    assert case.tracking_token_hash == ""


def test_an_update_reaches_the_residents_mailbox_once_even_if_the_task_runs_twice(desk_config, agent, mailoutbox):
    resident = ResidentFactory()
    MailboxPreferences.objects.create(resident=resident, email="jan@example.invalid", notify_by_email=True)
    case = CaseFactory(resident=resident)
    services.change_state(case, State.IN_PROGRESS, actor=agent, public_note="We plannen het herstel.")
    event = case.events.get(kind=EventKind.STATE_CHANGED)

    notify_case_update(event.pk)
    notify_case_update(event.pk)

    (message,) = Message.objects.filter(resident=resident)
    assert message.source_ref == f"desk:{case.reference}:{event.pk}"
    assert case.reference in message.subject and "We plannen het herstel." in message.body
    assert len(mailoutbox) == 1  # the mailbox's "new message" e-mail, once
    assert "We plannen het herstel." not in mailoutbox[0].body  # it says only that there is a message


def test_an_anonymous_reporter_is_told_by_e_mail(desk_config, agent, mailoutbox):
    case = CaseFactory(reporter_email="an@example.invalid")
    services.reply(case, actor=agent, body="Morgen komt er iemand langs.")
    notify_case_update(case.events.get(kind=EventKind.MESSAGE_OUT).pk)
    (sent,) = mailoutbox
    assert sent.to == ["an@example.invalid"] and "Morgen komt er iemand langs." in sent.body
    assert not Message.objects.exists()


# ---- demo cases ------------------------------------------------------------------------------------------


def test_the_demo_cases_are_varied_inside_the_city_and_loaded_once(db):
    from desk.demo_cases import load_demo_cases

    assert load_demo_cases() == 40
    assert load_demo_cases() == 0

    cases = list(Case.objects.all())
    assert len(cases) == 40
    assert len({case.channel for case in cases}) >= 4
    assert len({case.category_id for case in cases}) >= 10
    assert {State.RECEIVED, State.IN_PROGRESS, State.RESOLVED, State.CLOSED_UNRESOLVED} <= {c.state for c in cases}
    assert all(case.public_note for case in cases if case.state in CLOSED_STATES)
    assert all(geo.inside_city(case.latitude, case.longitude) for case in cases if case.has_location)
    assert any(case.is_public for case in cases)
    assert all(case.resident is None and case.reporter_email.endswith("@example.invalid") for case in cases)
    assert not any(case.attachments.exists() for case in cases)
    now = datetime.now(tz=BRUSSELS)
    assert any(case.state not in CLOSED_STATES and case.resolution_due < now for case in cases)  # overdue ones


def test_the_demo_command_is_for_development_only(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_desk_demo")
    settings.DEBUG = True
    out = StringIO()
    call_command("load_desk_demo", stdout=out)
    assert "40" in out.getvalue()
    assert Case.objects.count() == 40
