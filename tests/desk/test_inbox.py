"""The back office inbox: one list of cases from every channel, filters, visibility and saved filters."""
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from city import geo
from desk.cases import services
from desk.cases.selectors.inbox import inbox_cases, visible_cases
from desk.models import Case, Category, Department, ResponseMatrix, SavedFilter
from desk.states import Channel, Kind, State
from tests.factories.desk import QuietCaseFactory
from tests.factories.identity import ResidentFactory, StaffUserFactory
from tests.identity.test_staff_helpers import sign_in

INBOX = reverse("desk_staff:inbox")


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


def centre(offset_m: float = 0.0) -> tuple[float, float]:
    lat, lon = geo.city_centre()
    return lat + offset_m / 111_000, lon


def staff_client(client, username="agent", role="desk_agent", departments=()):
    user = StaffUserFactory(username=username, role=role, first_name=username.title())
    for code in departments:
        Department.objects.get(code=code).members.add(user)
    sign_in(client, user)
    return user


def references(response) -> str:
    return response.content.decode()


@pytest.fixture
def matrix_since_last_year(desk_config):
    """The demo matrix is published when loaded; cases opened in the past need it in force back then."""
    ResponseMatrix.objects.update(published_at=timezone.now() - timedelta(days=365))


@pytest.fixture
def agent(client, matrix_since_last_year):
    return staff_client(client)


def test_cases_from_every_channel_appear_in_one_inbox(client, agent):
    web = QuietCaseFactory(channel=Channel.WEB)
    email = services.open_case(kind=Kind.QUESTION, channel="email", description="Wanneer is het containerpark open?",
                               reporter_email="jan@example.be", notify=False)
    app = QuietCaseFactory(channel="app", description="Lamp knippert")
    response = client.post(reverse("desk_staff:phone"), {
        "caller_name": "Mevrouw Peeters", "caller_phone": "0470 12 34 56", "kind": Kind.QUESTION,
        "category": Category.objects.get(slug="andere").pk, "summary": "Vraag over de ophaling van grofvuil.",
        "duration_minutes": "4"})
    assert response.status_code == 302
    phone = Case.objects.get(channel=Channel.PHONE)
    assert response["Location"] == reverse("desk_staff:case", args=[phone.reference])

    page = client.get(INBOX)

    assert page.status_code == 200
    for case in (web, email, app, phone):
        assert case.reference in references(page)
    assert "telefoon (1777)" in references(page) and "app (Open311)" in references(page)


def test_filters_narrow_the_inbox(client, agent):
    lamp = QuietCaseFactory()
    question = services.open_case(kind=Kind.QUESTION, channel=Channel.EMAIL, description="Een vraag",
                                  category=Category.objects.get(slug="andere"), notify=False)
    closed = QuietCaseFactory(description="Een andere lamp")
    services.change_state(closed, State.RESOLVED, actor=agent, public_note="Hersteld.")

    by_department = references(client.get(INBOX, {"department": lamp.department_id}))
    assert lamp.reference in by_department and question.reference not in by_department

    by_channel = references(client.get(INBOX, {"channel": "email"}))
    assert question.reference in by_channel and lamp.reference not in by_channel

    by_kind = references(client.get(INBOX, {"kind": Kind.QUESTION}))
    assert question.reference in by_kind and lamp.reference not in by_kind

    by_category = references(client.get(INBOX, {"category": lamp.category_id}))
    assert lamp.reference in by_category and question.reference not in by_category

    default = references(client.get(INBOX))
    assert lamp.reference in default and closed.reference not in default
    only_closed = references(client.get(INBOX, {"status": "closed"}))
    assert closed.reference in only_closed and lamp.reference not in only_closed
    everything = references(client.get(INBOX, {"status": "all"}))
    assert closed.reference in everything and lamp.reference in everything

    by_text = references(client.get(INBOX, {"q": lamp.reference.lower()}))
    assert lamp.reference in by_text and question.reference not in by_text


def test_overdue_cases_are_filtered_first_and_marked_in_words(client, agent):
    late = QuietCaseFactory(at=timezone.now() - timedelta(days=40), description="Al lang kapot")
    fresh = QuietCaseFactory(description="Net kapot")
    assert late.resolution_due < timezone.now() < fresh.resolution_due

    page = references(client.get(INBOX))
    assert page.index(late.reference) < page.index(fresh.reference)
    assert "te laat" in page

    overdue = references(client.get(INBOX, {"due": "overdue"}))
    assert late.reference in overdue and fresh.reference not in overdue


def test_near_due_cases_say_so(client, agent, settings):
    settings.DESK_NEAR_DUE_HOURS = 10_000  # every open term counts as near
    case = QuietCaseFactory()

    near = references(client.get(INBOX, {"due": "near"}))

    assert case.reference in near
    assert "bijna te laat" in near


def test_assigned_to_me_and_unassigned(client, agent):
    mine = QuietCaseFactory(description="Voor mij")
    other = QuietCaseFactory(description="Voor niemand")
    services.assign(mine, assignee=agent, actor=agent)

    page = references(client.get(INBOX, {"mine": "on"}))
    assert mine.reference in page and other.reference not in page

    page = references(client.get(INBOX, {"unassigned": "on"}))
    assert other.reference in page and mine.reference not in page


def test_newest_first_and_paging_without_counting_the_table(client, agent):
    cases = [QuietCaseFactory(description=f"Lamp {number}", at=timezone.now() - timedelta(minutes=number))
             for number in range(27)]

    with CaptureQueriesContext(connection) as queries:
        first = client.get(INBOX, {"sort": "new"})
    second = client.get(INBOX, {"sort": "new", "pagina": 2})

    assert not [query for query in queries if "COUNT(" in query["sql"].upper()]
    assert cases[0].reference in references(first) and cases[26].reference not in references(first)
    assert "Volgende pagina" in references(first)
    assert cases[26].reference in references(second) and "Vorige pagina" in references(second)


def test_department_staff_only_see_cases_of_their_departments(client, desk_config):
    lamp = QuietCaseFactory()
    assert lamp.department.code == "openbare-verlichting"
    waste = QuietCaseFactory(slug="sluikstort", description="Zakken afval")
    user = staff_client(client, "lichtman", role="department_staff", departments=["openbare-verlichting"])

    page = references(client.get(INBOX))
    assert lamp.reference in page and waste.reference not in page
    # Asking for another department's cases in the filter does not widen the view.
    assert waste.reference not in references(client.get(INBOX, {"department": waste.department_id}))
    assert list(inbox_cases(user, {"department": waste.department})) == []
    assert set(visible_cases(user)) == {lamp}

    assert client.get(reverse("desk_staff:case", args=[waste.reference])).status_code == 404
    assert client.get(reverse("desk_staff:case", args=[lamp.reference])).status_code == 200


def test_department_staff_without_a_department_see_nothing(desk_config):
    QuietCaseFactory()
    user = StaffUserFactory(username="nieuw", role="department_staff")
    assert not visible_cases(user).exists()


def test_saved_filters_can_be_saved_listed_and_deleted(client, agent):
    late = QuietCaseFactory(at=timezone.now() - timedelta(days=40))
    response = client.post(reverse("desk_staff:filter_save"),
                           {"name": "Te laat", "query": "due=overdue&pagina=3&evil=1"})
    assert response.status_code == 302
    saved = SavedFilter.objects.get(user=agent)
    assert saved.query == "due=overdue"

    page = references(client.get(INBOX))
    assert 'href="?due=overdue"' in page and "Te laat" in page
    assert late.reference in references(client.get(f"{INBOX}?{saved.query}"))

    other = StaffUserFactory(username="collega", role="desk_agent")
    mine_only = SavedFilter.objects.create(user=other, name="Van een collega", query="channel=web")
    assert client.post(reverse("desk_staff:filter_delete", args=[mine_only.pk])).status_code == 404

    response = client.post(reverse("desk_staff:filter_delete", args=[saved.pk]))
    assert response.status_code == 302
    assert not SavedFilter.objects.filter(pk=saved.pk).exists()


def test_anonymous_visitors_are_sent_to_the_staff_sign_in(client, desk_config):
    response = client.get(INBOX)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


def test_residents_are_refused(client, desk_config):
    resident = ResidentFactory(user__username="inwoner", national_number="85073003328", family_name="Janssens",
                               language="")
    client.force_login(resident.user)
    assert client.get(INBOX).status_code == 403


def test_staff_without_a_desk_role_are_refused(client, desk_config):
    sign_in(client, StaffUserFactory(username="griffie"))
    assert client.get(INBOX).status_code == 403


def test_a_page_holds_the_same_cases_as_the_whole_sorted_inbox(agent):
    cases = [QuietCaseFactory(description=f"Lamp {number}", at=timezone.now() - timedelta(days=3 * number))
             for number in range(12)]
    for case in cases[::3]:
        services.change_state(case, State.IN_PROGRESS, actor=agent)
    for case in cases[1::4]:
        services.change_state(case, State.RESOLVED, actor=agent, public_note="Hersteld.")

    for filters in ({}, {"status": "all"}, {"status": "closed"}, {"due": "overdue"}):
        inbox = inbox_cases(agent, filters)
        whole = [case.pk for case in inbox.order_by(F("resolution_due").asc(nulls_last=True), "pk")]
        assert whole, filters
        pages = [[case.pk for case in inbox[start:start + 4]] for start in range(0, len(whole), 4)]
        assert sum(pages, []) == whole, filters
