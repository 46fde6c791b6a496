"""Handling reports: counts, within-term percentages and medians from the case history, per group, as a page
and as CSV; only staff with the reports permission see them."""
import csv
import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation

from desk.cases import services
from desk.models import Department, ResponseMatrix
from desk.reports import selectors as reports
from desk.states import Channel, State
from tests.factories.desk import CaseFactory
from tests.factories.identity import StaffUserFactory
from tests.identity.test_staff_helpers import sign_in

BRUSSELS = ZoneInfo("Europe/Brussels")
HOUR = 3600
PERIOD = {"van": "2026-03-30", "tot": "2026-04-19"}
NOW = datetime(2026, 4, 20, 12, 0, tzinfo=BRUSSELS)


def at(*parts):
    return datetime(*parts, tzinfo=BRUSSELS)


@pytest.fixture(autouse=True)
def _dutch():
    with translation.override("nl"):
        yield


@pytest.fixture
def agent(db):
    return StaffUserFactory(username="agent", role="desk_agent")


def received(slug, when, *, channel=Channel.WEB):
    """A report at the city centre from Els Janssens, who left her e-mail address (personal data the exports
    must leave out)."""
    return CaseFactory(slug=slug, at=when, channel=channel, street=None, description="Er is iets stuk.",
                       reporter_name="Els Janssens", reporter_email="els@voorbeeld.test", address="Kerkstraat 1")


@pytest.fixture
def history(desk_config, agent):
    """Matrix v1 (in force since 2020): street lighting answers within 8 working hours, roads within 4.

    A  lighting, web: received Friday 3 April 2026 16:00, Easter Monday 6 April is a holiday; answered Tuesday
       10:30 (1 + 2 = 3 working hours, 90.5 h on the clock: in time, due Tuesday 16:30); resolved Wednesday
       8 April 12:00 (1 + 7.5 + 3.5 = 12 working hours, 116 h).
    B  roads, phone: received Monday 13 April 09:00 (due 14:00), answered Tuesday 09:00 (7.5 working hours,
       24 h: too late); still open.
    C  lighting, web: received Tuesday 14 April 14:00, answered 15:00 (1 h), resolved Thursday 16 April 14:00
       (3 + 7.5 + 4.5 = 15 working hours, 48 h).
    D  lighting: received 2 March (before the period), never answered: open and overdue.
    """
    ResponseMatrix.objects.update(published_at=at(2020, 1, 1, 0, 0))
    a = received("straatverlichting", at(2026, 4, 3, 16, 0))
    services.reply(a, actor=agent, body="We plannen het herstel.", at=at(2026, 4, 7, 10, 30))
    services.change_state(a, State.RESOLVED, actor=agent, public_note="De lamp brandt weer.", at=at(2026, 4, 8, 12, 0))
    b = received("wegdek", at(2026, 4, 13, 9, 0), channel=Channel.PHONE)
    services.reply(b, actor=agent, body="We bekijken de put.", at=at(2026, 4, 14, 9, 0))
    c = received("straatverlichting", at(2026, 4, 14, 14, 0))
    services.reply(c, actor=agent, body="Bedankt, we komen langs.", at=at(2026, 4, 14, 15, 0))
    services.change_state(c, State.RESOLVED, actor=agent, public_note="Hersteld.", at=at(2026, 4, 16, 14, 0))
    d = received("straatverlichting", at(2026, 3, 2, 10, 0))
    return {"a": a, "b": b, "c": c, "d": d}


def by_label(report):
    return {row.label: row for row in report.rows}


def test_the_terms_of_the_scenario_skip_the_weekend_and_easter_monday(history):
    assert history["a"].first_response_due == at(2026, 4, 7, 16, 30)
    assert history["b"].first_response_due == at(2026, 4, 13, 14, 0)


def test_report_per_department_counts_percentages_and_medians(history):
    report = reports.handling_report(date(2026, 3, 30), date(2026, 4, 19), "department", now=NOW)
    rows = by_label(report)
    lighting, works = rows["Openbare verlichting"], rows["Openbare werken"]

    assert (lighting.received, lighting.handled) == (2, 2)
    assert lighting.first_within_pct == 100
    assert lighting.resolved_within_pct == 100
    assert lighting.median_first_s == (90.5 * HOUR + 1 * HOUR) / 2
    assert lighting.median_first_working_s == (3 * HOUR + 1 * HOUR) / 2
    assert lighting.median_resolution_s == (116 * HOUR + 48 * HOUR) / 2
    assert lighting.median_resolution_working_s == (12 * HOUR + 15 * HOUR) / 2
    assert (lighting.backlog, lighting.overdue) == (1, 1)  # D, received before the period, never answered

    assert (works.received, works.handled) == (1, 0)
    assert works.first_within_pct == 0
    assert works.resolved_within_pct is None
    assert works.median_first_s == 24 * HOUR
    assert works.median_first_working_s == 7.5 * HOUR
    assert works.median_resolution_s is None
    assert (works.backlog, works.overdue) == (1, 0)

    total = report.total
    assert (total.received, total.handled) == (3, 2)
    assert total.first_within == 2 and total.first_with_term == 3
    assert total.median_first_working_s == 3 * HOUR
    assert (total.backlog, total.overdue) == (2, 1)


def test_report_per_week_counts_each_event_in_the_week_it_happened(history):
    report = reports.handling_report(date(2026, 3, 30), date(2026, 4, 19), "week", now=NOW)
    weeks = {row.key: row for row in report.rows}
    assert list(weeks) == ["2026-03-30", "2026-04-06", "2026-04-13"]
    easter = weeks["2026-03-30"]
    assert (easter.received, easter.handled, easter.first_responses) == (1, 0, 0)
    after_easter = weeks["2026-04-06"]
    assert (after_easter.received, after_easter.handled, after_easter.first_responses) == (0, 1, 1)
    assert after_easter.median_first_working_s == 3 * HOUR
    assert after_easter.median_resolution_working_s == 12 * HOUR
    last = weeks["2026-04-13"]
    assert (last.received, last.handled) == (2, 1)
    assert last.first_within_pct == 50
    assert last.median_first_s == (24 * HOUR + 1 * HOUR) / 2
    assert "week 16 van 2026" in last.label
    assert last.backlog is None and report.total.backlog == 2


def test_report_per_channel_and_kind(history):
    channels = by_label(reports.handling_report(date(2026, 3, 30), date(2026, 4, 19), "channel", now=NOW))
    assert channels["website"].received == 2 and channels["telefoon (1777)"].received == 1
    kinds = by_label(reports.handling_report(date(2026, 3, 30), date(2026, 4, 19), "kind", now=NOW))
    assert kinds["melding"].received == 3


def test_a_case_moved_to_another_department_later_stays_counted_where_it_was(history, agent):
    services.assign(history["a"], department=Department.objects.get(code="groen"), actor=agent)
    rows = by_label(reports.handling_report(date(2026, 3, 30), date(2026, 4, 19), "department", now=NOW))
    assert rows["Openbare verlichting"].received == 2
    assert rows["Openbare verlichting"].handled == 2


def test_events_outside_the_period_are_not_counted(history):
    report = reports.handling_report(date(2026, 4, 13), date(2026, 4, 19), "department", now=NOW)
    lighting = by_label(report)["Openbare verlichting"]
    assert (lighting.received, lighting.handled) == (1, 1)  # only C; A came in and was closed before


# --------------------------------------------------------------------------- pages and CSV


@pytest.fixture
def signed_in_agent(client, agent):
    sign_in(client, agent)
    return client


def test_the_reports_page_shows_charts_and_the_same_figures_in_a_table(signed_in_agent, history):
    response = signed_in_agent.get(reverse("desk_staff:reports"), {**PERIOD, "per": "department"})
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count('<svg role="img"') == 3  # counts, terms, satisfaction
    assert "<title id=\"chart-counts-title\">Ontvangen en afgehandeld per dienst</title>" in page
    assert '<th scope="row">Openbare verlichting</th>' in page
    assert "100 %" in page and "0 %" in page
    assert "3,0 werkuren" in page  # median working hours to a first response, all departments
    assert "style=" not in page and "<script>" not in page
    assert "Els Janssens" not in page and "els@voorbeeld.test" not in page
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_the_reports_page_defaults_to_the_last_eight_weeks(signed_in_agent, history):
    response = signed_in_agent.get(reverse("desk_staff:reports"))
    assert response.status_code == 200
    start, end = reports.default_period()
    assert start.weekday() == 0 and 49 <= (end - start).days < 56
    assert f'value="{start.isoformat()}"' in response.content.decode()


def test_an_impossible_period_is_explained(signed_in_agent, history):
    response = signed_in_agent.get(reverse("desk_staff:reports"), {"van": "2026-04-19", "tot": "2026-03-30"})
    assert response.status_code == 200
    assert "Kies een einddatum die niet voor de begindatum ligt." in response.content.decode()
    csv_response = signed_in_agent.get(reverse("desk_staff:reports_csv"), {"van": "2026-04-19", "tot": "2026-03-30"})
    assert csv_response.status_code == 400


def read_csv(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content[1:]), delimiter=";"))


def test_csv_export_has_a_header_and_one_row_per_group(signed_in_agent, history):
    response = signed_in_agent.get(reverse("desk_staff:reports_csv"), {**PERIOD, "per": "department"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    header = rows[0]
    assert header[:3] == ["dienst", "ontvangen", "afgehandeld"]
    assert "mediaan eerste antwoord (werkuren)" in header
    table = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    lighting = table["Openbare verlichting"]
    assert lighting["ontvangen"] == "2" and lighting["afgehandeld"] == "2"
    assert lighting["eerste antwoord binnen termijn (%)"] == "100,0"
    assert lighting["mediaan eerste antwoord (uren)"] == "45,75"
    assert lighting["mediaan eerste antwoord (werkuren)"] == "2,00"
    assert lighting["mediaan afhandeling (werkuren)"] == "13,50"
    works = table["Openbare werken"]
    assert works["eerste antwoord binnen termijn (%)"] == "0,0"
    assert works["afgehandeld binnen termijn (%)"] == ""
    assert table["Totaal"]["ontvangen"] == "3"


def test_raw_csv_has_one_row_per_case_without_personal_data(signed_in_agent, history):
    response = signed_in_agent.get(reverse("desk_staff:reports_events_csv"), PERIOD)
    assert response.status_code == 200
    rows = read_csv(response)
    header = rows[0]
    cases = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert set(cases) == {history["a"].reference, history["b"].reference, history["c"].reference}
    a = cases[history["a"].reference]
    assert a["ontvangen_op"] == "2026-04-03 16:00:00"
    assert a["eerste_antwoord_op"] == "2026-04-07 10:30:00"
    assert a["eerste_antwoord_s"] == str(int(90.5 * HOUR))
    assert a["eerste_antwoord_werk_s"] == str(3 * HOUR)
    assert a["eerste_antwoord_binnen_termijn"] == "1"
    assert a["afgesloten_op"] == "2026-04-08 12:00:00"
    assert a["afhandeling_werk_s"] == str(12 * HOUR)
    assert (a["dienst"], a["kanaal"], a["categorie"], a["soort"]) == (
        "openbare-verlichting", "web", "straatverlichting", "report")
    b = cases[history["b"].reference]
    # b was answered (late): an answer moves a received case to "in behandeling".
    assert (b["eerste_antwoord_binnen_termijn"], b["afgesloten_op"], b["status_nu"]) == ("0", "", "in_progress")
    body = response.content.decode()
    assert "Els Janssens" not in body and "els@voorbeeld.test" not in body and "Er is iets stuk" not in body


@pytest.mark.parametrize("role", ["desk_agent", "department_staff", "administrator"])
def test_staff_with_the_reports_permission_see_the_reports(client, db, role):
    user = StaffUserFactory(username=f"user-{role}", role=role)
    sign_in(client, user)
    assert client.get(reverse("desk_staff:reports")).status_code == 200
    assert client.get(reverse("desk_staff:reports_csv")).status_code == 200
    assert client.get(reverse("desk_staff:reports_events_csv")).status_code == 200


def test_a_volunteer_is_refused(client, db):
    volunteer = StaffUserFactory(username="vrijwilliger", role="volunteer")
    sign_in(client, volunteer)
    for name in ("reports", "reports_csv", "reports_events_csv"):
        assert client.get(reverse(f"desk_staff:{name}")).status_code == 403


def test_anonymous_visitors_are_sent_to_the_staff_sign_in(client, db):
    response = client.get(reverse("desk_staff:reports"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:login"))


def test_department_staff_see_only_their_departments_figures(history):
    lighting = Department.objects.get(name="Openbare verlichting")
    mine = reports.handling_report(date(2026, 3, 30), date(2026, 4, 19), "department", now=NOW,
                                   departments=[lighting.pk])
    assert [row.label for row in mine.rows] == ["Openbare verlichting"]
    everyone = reports.handling_report(date(2026, 3, 30), date(2026, 4, 19), "department", now=NOW)
    assert mine.total.received == by_label(everyone)["Openbare verlichting"].received < everyone.total.received
    assert mine.total.backlog == by_label(everyone)["Openbare verlichting"].backlog
    nobody = reports.handling_report(date(2026, 3, 30), date(2026, 4, 19), "department", now=NOW, departments=[])
    assert nobody.total.received == 0 and nobody.rows == []
    timelines = list(reports.case_timelines(date(2026, 3, 30), date(2026, 4, 19), departments=[lighting.pk]))
    assert timelines and {row.department for row in timelines} == {lighting.code}
