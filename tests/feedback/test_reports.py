"""Satisfaction in the handling reports: per department, category and channel, in the page and the CSV;
department staff see only their own departments' figures."""
import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from desk.feedback.models import Feedback, FeedbackReason
from desk.feedback.services import record_feedback
from desk.models import Department
from desk.reports.satisfaction import satisfaction_report
from desk.states import Channel, State
from tests.factories.desk import QuietCaseFactory
from tests.factories.identity import StaffUserFactory
from tests.identity.test_staff_helpers import sign_in

from .helpers import close


def reason(code):
    return FeedbackReason.objects.get(code=code)


def answer(case, **kwargs):
    record_feedback(Feedback.objects.get(case=case), **kwargs)


@pytest.fixture
def closings(agent, resident):
    """Street lighting: three questions (one by e-mail), two answers (one happy, one asking to reopen), and a
    phone-only reporter who gets no question. Roads: one question, answered happy."""
    lights = [QuietCaseFactory(resident=resident),
              QuietCaseFactory(reporter_email="els@voorbeeld.test", channel=Channel.EMAIL),
              QuietCaseFactory(reporter_email="piet@voorbeeld.test"),
              QuietCaseFactory(reporter_phone="0470 11 22 33", channel=Channel.PHONE)]
    road = QuietCaseFactory(slug="wegdek", reporter_email="jan@voorbeeld.test")
    for case in [*lights, road]:
        close(case, agent)
    answer(lights[0], satisfied=True, reasons=[reason("snel-opgelost")])
    answer(lights[1], satisfied=False, reasons=[reason("niet-opgelost"), reason("te-lang")])
    answer(road, satisfied=True)
    lights[1].refresh_from_db()
    assert lights[1].state == State.REOPEN_REQUESTED
    return {"lights": lights, "road": road}


def today():
    return timezone.localdate()


def by_label(report):
    return {row.label: row for row in report.rows}


def test_figures_per_department(closings):
    report = satisfaction_report(today(), today(), "department")
    rows = by_label(report)
    lighting, roads = rows["Openbare verlichting"], rows["Openbare werken"]
    assert (lighting.requests, lighting.answers, lighting.satisfied, lighting.reopen_requests) == (3, 2, 1, 1)
    assert lighting.satisfied_pct == 50 and round(lighting.response_pct) == 67
    assert (roads.requests, roads.answers, roads.satisfied, roads.reopen_requests) == (1, 1, 1, 0)
    total = report.total
    assert (total.requests, total.answers, total.satisfied, total.reopen_requests) == (4, 3, 2, 1)
    assert dict((reason.code, count) for reason, count in report.reasons) == {
        "snel-opgelost": 1, "niet-opgelost": 1, "te-lang": 1}


def test_figures_per_category_and_channel(closings):
    categories = by_label(satisfaction_report(today(), today(), "category"))
    assert categories["Straatverlichting defect"].requests == 3
    assert categories["Put of schade in de weg of het fietspad"].satisfied == 1
    channels = by_label(satisfaction_report(today(), today(), "channel"))
    assert (channels["website"].requests, channels["website"].answers) == (3, 2)
    assert (channels["e-mail"].requests, channels["e-mail"].answers, channels["e-mail"].satisfied) == (1, 1, 0)


def test_a_closing_outside_the_period_is_not_counted(closings):
    from datetime import timedelta

    yesterday = today() - timedelta(days=1)
    assert satisfaction_report(yesterday, yesterday, "department").total.requests == 0


def read_csv(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    header = rows[0]
    return {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}


def period(per="department"):
    return {"van": today().isoformat(), "tot": today().isoformat(), "per": per}


def test_page_and_csv_for_a_desk_agent(client, closings, agent):
    sign_in(client, agent)
    page = client.get(reverse("desk_staff:reports"), period())
    body = page.content.decode()
    assert page.status_code == 200
    section = body[body.index('id="satisfaction-title"'):]
    assert "Openbare verlichting" in section and "Openbare werken" in section
    assert "50 %" in section and "67 %" in section and 'id="chart-satisfaction-title"' in section
    assert "Het probleem is niet opgelost" in section

    table = read_csv(client.get(reverse("desk_staff:reports_csv"), period()))
    lighting = table["Openbare verlichting"]
    assert (lighting["tevredenheidsvragen"], lighting["antwoorden"], lighting["tevreden"]) == ("3", "2", "1")
    assert lighting["tevreden (%)"] == "50,0" and lighting["respons (%)"] == "66,7"
    assert lighting["vraag om heropenen na feedback"] == "1"
    assert table["Totaal"]["tevredenheidsvragen"] == "4" and table["Totaal"]["tevreden (%)"] == "66,7"

    by_category = read_csv(client.get(reverse("desk_staff:reports_csv"), period("category")))
    assert by_category["Straatverlichting defect"]["antwoorden"] == "2"


def test_department_staff_see_only_their_departments(client, closings):
    member = StaffUserFactory(username="verlichter", role="department_staff")
    Department.objects.get(code="openbare-verlichting").members.add(member)
    sign_in(client, member)

    body = client.get(reverse("desk_staff:reports"), period()).content.decode()
    section = body[body.index('id="satisfaction-title"'):]
    assert "Openbare verlichting" in section and "Openbare werken" not in section
    assert "van je eigen diensten" in section

    table = read_csv(client.get(reverse("desk_staff:reports_csv"), period()))
    assert table["Openbare verlichting"]["tevredenheidsvragen"] == "3"
    assert "Openbare werken" not in table  # not theirs: the whole report is limited to their departments
    assert table["Totaal"]["tevredenheidsvragen"] == "3"

    report = satisfaction_report(today(), today(), "category", user=member)
    assert report.limited and "Put of schade in de weg of het fietspad" not in by_label(report)
