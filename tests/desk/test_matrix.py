"""The response matrix: which department answers and by when, counted in the city's working time
(mon–fri 08:30–12:00 and 13:00–17:00, Belgian public holidays and the city's closing days skipped)."""
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from desk.models import ClosingDay, ResponseMatrix, ResponseTerm
from desk.routing import terms
from desk.states import Channel, Kind, Priority
from tests.factories.desk import CaseFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def local(*args):
    return datetime(*args, tzinfo=BRUSSELS)


# Good Friday 2026 is 3 April (a working day: not a public holiday); Easter Monday is 6 April.
GOOD_FRIDAY_1600 = local(2026, 4, 3, 16, 0)


@pytest.fixture
def matrix_v1(desk_config):
    """Matrix v1, published well before the moments these tests open cases at."""
    ResponseMatrix.objects.filter(version=1).update(published_at=local(2025, 1, 1))
    return ResponseMatrix.objects.get(version=1)


def test_a_streetlight_report_before_easter_monday_skips_the_weekend_and_the_holiday(matrix_v1):
    case = CaseFactory(notify=False, at=GOOD_FRIDAY_1600)

    # 8 working hours: Fri 16:00–17:00 (1 h), Sat, Sun, Easter Monday closed,
    # Tue 7 April 08:30–12:00 (3.5 h) and 13:00–16:30 (3.5 h).
    assert case.first_response_due == local(2026, 4, 7, 16, 30)
    # 10 working days, the start day not counted: Tue 7 … Fri 10, Mon 13 … Fri 17, Mon 20 April; end of day.
    assert case.resolution_due == local(2026, 4, 20, 17, 0)
    assert case.matrix_version == 1
    assert case.department.code == "openbare-verlichting"


def test_an_ordinary_weekend_is_skipped(matrix_v1):
    case = CaseFactory(notify=False, at=local(2026, 3, 13, 16, 0))
    assert case.first_response_due == local(2026, 3, 16, 16, 30)
    assert case.resolution_due == local(2026, 3, 27, 17, 0)


def test_a_report_outside_opening_hours_starts_counting_at_the_next_opening(matrix_v1):
    case = CaseFactory(notify=False, at=local(2026, 3, 14, 11, 0))  # Saturday
    # Counting starts Monday 08:30: Monday gives 3.5 h + 4 h = 7.5 h, the last half hour is Tuesday's.
    assert case.first_response_due == local(2026, 3, 17, 9, 0)


def test_a_closing_day_of_the_city_is_skipped(matrix_v1):
    ClosingDay.objects.create(date=date(2026, 4, 7), name="Personeelsdag")

    case = CaseFactory(notify=False, at=GOOD_FRIDAY_1600)

    assert case.first_response_due == local(2026, 4, 8, 16, 30)
    assert case.resolution_due == local(2026, 4, 21, 17, 0)


def test_a_complaint_gets_thirty_calendar_days(matrix_v1):
    case = CaseFactory(slug="andere", notify=False, kind=Kind.COMPLAINT, at=GOOD_FRIDAY_1600)

    assert case.department.code == "klachtendienst"
    # First response 16 working hours: Fri 1 h, (Easter Monday closed), Tue 7.5 h, Wed 7.5 h.
    assert case.first_response_due == local(2026, 4, 8, 17, 0)
    # 30 calendar days, weekends and holidays included, until the end of that day.
    assert case.resolution_due == local(2026, 5, 3, 23, 59, 59)


def test_the_most_specific_term_wins(matrix_v1):
    monday_0900 = local(2026, 3, 9, 9, 0)
    ordinary = CaseFactory(slug="wegdek", notify=False, at=monday_0900)
    urgent = CaseFactory(slug="wegdek", notify=False, priority=Priority.URGENT, at=monday_0900)

    assert ordinary.first_response_due == local(2026, 3, 9, 14, 0)  # 4 h: 09:00–12:00, 13:00–14:00
    assert urgent.first_response_due == local(2026, 3, 9, 10, 0)  # the urgent row: 1 h
    assert urgent.resolution_due == local(2026, 3, 11, 17, 0)  # and 2 working days


def test_a_question_without_category_gets_the_question_row(matrix_v1):
    case = CaseFactory(question=True, channel=Channel.EMAIL, at=local(2026, 3, 9, 9, 0), notify=False)
    assert case.department.code == "contactcenter"
    assert case.resolution_due == local(2026, 3, 16, 17, 0)  # 5 working days


def test_terms_come_from_the_matrix_published_when_the_case_came_in(matrix_v1):
    v2 = ResponseMatrix.objects.create(version=2, published_at=local(2026, 6, 1))
    ResponseTerm.objects.create(matrix=v2, department=matrix_v1.terms.first().department,
                                first_response_hours=Decimal("2"), resolution_days=1)

    before = CaseFactory(notify=False, at=local(2026, 3, 9, 9, 0))
    after = CaseFactory(notify=False, at=local(2026, 6, 8, 9, 0))

    assert before.matrix_version == 1
    assert after.matrix_version == 2
    assert after.first_response_due == local(2026, 6, 8, 11, 0)
    assert after.resolution_due == local(2026, 6, 9, 17, 0)


def test_an_unpublished_version_is_not_used(matrix_v1):
    draft = ResponseMatrix.objects.create(version=2)  # no published_at
    ResponseTerm.objects.create(matrix=draft, department=matrix_v1.terms.first().department,
                                first_response_hours=Decimal("1"), resolution_days=1)
    assert terms.active_matrix() == matrix_v1
    assert CaseFactory(notify=False, at=local(2026, 3, 9, 9, 0)).matrix_version == 1


def test_without_a_published_matrix_a_case_has_no_terms(desk_config):
    ResponseMatrix.objects.update(published_at=None)
    case = CaseFactory(notify=False, at=local(2026, 3, 9, 9, 0))
    assert case.matrix_version is None
    assert case.first_response_due is None and case.resolution_due is None


def test_the_terms_are_copied_onto_the_case_and_do_not_follow_later_edits(matrix_v1):
    case = CaseFactory(notify=False, at=local(2026, 3, 9, 9, 0))
    ResponseTerm.objects.filter(matrix=matrix_v1).update(resolution_days=1)
    case.refresh_from_db()
    assert case.resolution_due == local(2026, 3, 23, 17, 0)


def test_the_check_warns_when_no_matrix_is_published(desk_config):
    from desk.checks import check_published_matrix

    assert check_published_matrix(None) == []
    ResponseMatrix.objects.update(published_at=None)
    assert [warning.id for warning in check_published_matrix(None)] == ["desk.W003"]
