"""The contact desk's business-time calendar: opening hours, Belgian holidays, closing days and DST."""

import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from city.calendar import (
    BusinessCalendar,
    OpeningHoursError,
    calendar_days_deadline,
    default_calendar,
    parse_opening_hours,
)

BRUSSELS = ZoneInfo("Europe/Brussels")
OFFICE_DAY = ((time(8, 30), time(12, 0)), (time(13, 0), time(17, 0)))  # 7.5 opening hours with a lunch break
OFFICE_WEEK = {weekday: OFFICE_DAY for weekday in range(5)}
DAY_SECONDS = 7.5 * 3600


def at(year, month, day, hour=0, minute=0, second=0):
    """A Brussels wall-clock datetime."""
    return datetime(year, month, day, hour, minute, second, tzinfo=BRUSSELS)


@pytest.fixture
def cal():
    return BusinessCalendar(weekly_hours=OFFICE_WEEK, language="nl")


# ---- holidays ------------------------------------------------------------------------------------------


def test_belgian_public_holidays_2026(cal):
    expected = {
        date(2026, 1, 1),  # Nieuwjaar
        date(2026, 4, 5),  # Pasen (a Sunday)
        date(2026, 4, 6),  # Paasmaandag
        date(2026, 5, 1),  # Dag van de Arbeid
        date(2026, 5, 14),  # O.L.H. Hemelvaart
        date(2026, 5, 24),  # Pinksteren (a Sunday)
        date(2026, 5, 25),  # Pinkstermaandag
        date(2026, 7, 21),  # Nationale feestdag
        date(2026, 8, 15),  # O.L.V. Hemelvaart
        date(2026, 11, 1),  # Allerheiligen (a Sunday in 2026; a replacement day is a closing day)
        date(2026, 11, 11),  # Wapenstilstand
        date(2026, 12, 25),  # Kerstmis
    }
    year = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    found = {day for day in year if cal.is_holiday(day)}
    assert found == expected


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 4, 3),  # Good Friday: a bank holiday, not a public one
        date(2026, 5, 15),  # Friday after Ascension: bank holiday only
        date(2025, 12, 26),  # 26 December is NOT a Belgian public holiday
        date(2026, 7, 11),  # Flemish Community day: a closing day if the city wants it, not a public holiday
        date(2026, 1, 2),  # the city's own closure comes from the database, not from the library
    ],
)
def test_days_that_are_not_belgian_public_holidays(cal, day):
    assert not cal.is_holiday(day)
    assert cal.holiday_name(day) is None


def test_holiday_names_follow_the_language():
    assert BusinessCalendar(OFFICE_WEEK, language="nl").holiday_name(date(2026, 7, 21)) == "Nationale feestdag"
    assert BusinessCalendar(OFFICE_WEEK, language="fr").holiday_name(date(2026, 7, 21)) == "Fête nationale"
    assert BusinessCalendar(OFFICE_WEEK, language="nl").holiday_name(date(2026, 11, 11)) == "Wapenstilstand"


def test_holiday_names_follow_the_active_language_by_default():
    cal = BusinessCalendar(OFFICE_WEEK)
    with translation.override("fr"):
        assert cal.holiday_name(date(2026, 7, 21)) == "Fête nationale"
    with translation.override("nl"):
        assert cal.holiday_name(date(2026, 7, 21)) == "Nationale feestdag"
    with translation.override("en"):
        assert cal.holiday_name(date(2026, 7, 21)) == "National Day"


def test_closing_days_are_holidays_with_a_name():
    cal = BusinessCalendar(
        OFFICE_WEEK,
        closing_days=frozenset({date(2026, 3, 20)}),
        closing_day_names={date(2026, 1, 2): "Sluitingsdag stad"},
        language="nl",
    )
    assert cal.is_holiday(date(2026, 1, 2)) and not cal.is_working_day(date(2026, 1, 2))
    assert cal.holiday_name(date(2026, 1, 2)) == "Sluitingsdag stad"
    assert cal.is_holiday(date(2026, 3, 20))
    assert cal.holiday_name(date(2026, 3, 20))  # a generic, translatable label
    # A public holiday keeps its own name even when it is also listed as a closing day.
    assert (
        BusinessCalendar(OFFICE_WEEK, closing_days=frozenset({date(2026, 1, 1)}), language="nl").holiday_name(
            date(2026, 1, 1)
        )
        == "Nieuwjaar"
    )


def test_working_days(cal):
    assert cal.is_working_day(date(2026, 1, 9))  # Friday
    assert not cal.is_working_day(date(2026, 1, 10))  # Saturday
    assert not cal.is_working_day(date(2026, 1, 11))  # Sunday
    assert not cal.is_working_day(date(2026, 11, 11))  # Wapenstilstand, a Wednesday in 2026
    assert cal.is_working_day(date(2025, 12, 26))


def test_holidays_load_lazily_for_any_year(cal):
    assert cal.is_holiday(date(2031, 7, 21))
    assert cal.is_holiday(date(2031, 4, 14))  # Easter Monday 2031
    assert not cal.is_holiday(date(2031, 4, 15))


# ---- working hours -------------------------------------------------------------------------------------


def test_friday_afternoon_plus_two_working_hours_is_monday_morning(cal):
    # Friday 16:00-17:00 counts one hour, Monday 08:30-09:30 the second.
    result = cal.add_working_hours(at(2026, 1, 9, 16), 2)
    assert result == at(2026, 1, 12, 9, 30)
    assert result.tzinfo == BRUSSELS


def test_lunch_break_is_counted_out(cal):
    # Friday 16:00-17:00 (1 h) + Monday 08:30-12:00 (3.5 h) + 13:00-13:30 (0.5 h).
    assert cal.add_working_hours(at(2026, 1, 9, 16), 5) == at(2026, 1, 12, 13, 30)
    # A term that uses up the morning exactly ends at the start of the lunch break, not after it.
    assert cal.add_working_hours(at(2026, 1, 9, 16), 4.5) == at(2026, 1, 12, 12)
    assert cal.add_working_hours(at(2026, 1, 12, 11), 2) == at(2026, 1, 12, 14)


def test_a_term_ending_at_closing_time_ends_that_day(cal):
    assert cal.add_working_hours(at(2026, 1, 9, 15), 2) == at(2026, 1, 9, 17)


def test_start_before_opening_counts_from_opening(cal):
    assert cal.add_working_hours(at(2026, 1, 12, 7), 1) == at(2026, 1, 12, 9, 30)
    assert cal.next_opening(at(2026, 1, 12, 7)) == at(2026, 1, 12, 8, 30)


def test_start_during_lunch_counts_from_the_afternoon(cal):
    assert cal.add_working_hours(at(2026, 1, 12, 12, 30), 1) == at(2026, 1, 12, 14)
    assert cal.next_opening(at(2026, 1, 12, 12, 30)) == at(2026, 1, 12, 13)


def test_start_after_closing_counts_from_next_working_day(cal):
    assert cal.add_working_hours(at(2026, 1, 9, 18), 1) == at(2026, 1, 12, 9, 30)
    assert cal.add_working_hours(at(2026, 1, 10, 11), 1) == at(2026, 1, 12, 9, 30)  # Saturday


def test_zero_hours(cal):
    assert cal.add_working_hours(at(2026, 1, 12, 10), 0) == at(2026, 1, 12, 10)
    assert cal.add_working_hours(at(2026, 1, 12, 7), 0) == at(2026, 1, 12, 8, 30)


def test_across_easter_monday_2026(cal):
    # Good Friday 3 April is an ordinary working day; Easter Monday 6 April is skipped.
    assert cal.add_working_hours(at(2026, 4, 3, 16), 2) == at(2026, 4, 7, 9, 30)


def test_across_christmas_26_december_is_a_working_day(cal):
    # 2025: Christmas on Thursday, 26 December (Friday) is worked.
    assert cal.add_working_hours(at(2025, 12, 24, 16), 2) == at(2025, 12, 26, 9, 30)
    # 2026: Christmas on Friday, so the term continues on Monday 28 December.
    assert cal.add_working_hours(at(2026, 12, 24, 16), 2) == at(2026, 12, 28, 9, 30)


def test_11_november_2026_is_skipped(cal):
    assert cal.add_working_hours(at(2026, 11, 10, 16), 2) == at(2026, 11, 12, 9, 30)
    assert cal.add_working_days(at(2026, 11, 10, 10), 1) == at(2026, 11, 12, 17)


def test_a_closing_day_is_skipped():
    start = at(2025, 12, 31, 16)  # Wednesday; 1 January is a public holiday, 2 January a city closing day
    open_on_2_january = BusinessCalendar(OFFICE_WEEK)
    closed_on_2_january = BusinessCalendar(OFFICE_WEEK, closing_days=frozenset({date(2026, 1, 2)}))
    assert open_on_2_january.add_working_hours(start, 2) == at(2026, 1, 2, 9, 30)
    assert closed_on_2_january.add_working_hours(start, 2) == at(2026, 1, 5, 9, 30)
    assert closed_on_2_january.add_working_days(start, 1) == at(2026, 1, 5, 17)


def test_any_time_zone_in_brussels_out(cal):
    result = cal.add_working_hours(datetime(2026, 1, 9, 15, 0, tzinfo=UTC), 2)  # 16:00 in Brussels
    assert result == at(2026, 1, 12, 9, 30)
    assert result.tzinfo == BRUSSELS
    assert result.utcoffset() == timedelta(hours=1)


def test_naive_datetimes_and_negative_terms_are_refused(cal):
    with pytest.raises(ValueError):
        cal.add_working_hours(datetime(2026, 1, 9, 16), 1)
    with pytest.raises(ValueError):
        cal.add_working_hours(at(2026, 1, 9, 16), -1)
    with pytest.raises(ValueError):
        cal.add_working_days(at(2026, 1, 9, 16), -1)


# ---- working days --------------------------------------------------------------------------------------


def test_add_working_days_over_a_weekend_and_a_holiday(cal):
    # Thursday 2 April; Friday 3 April is day 1, the weekend and Easter Monday are skipped, Tuesday is day 2.
    assert cal.add_working_days(at(2026, 4, 2, 10), 1) == at(2026, 4, 3, 17)
    assert cal.add_working_days(at(2026, 4, 2, 10), 2) == at(2026, 4, 7, 17)
    assert cal.add_working_days(at(2026, 4, 2, 10), 3) == at(2026, 4, 8, 17)


def test_the_start_day_does_not_count(cal):
    # "binnen 5 werkdagen" from Monday 12 January, whatever the hour: Monday 19 January at closing time.
    assert cal.add_working_days(at(2026, 1, 12, 8), 5) == at(2026, 1, 19, 17)
    assert cal.add_working_days(at(2026, 1, 12, 23), 5) == at(2026, 1, 19, 17)
    # From a Saturday, Monday is the first working day.
    assert cal.add_working_days(at(2026, 1, 10, 11), 1) == at(2026, 1, 12, 17)


def test_zero_working_days_is_today_or_the_next_working_day(cal):
    assert cal.add_working_days(at(2026, 1, 12, 10), 0) == at(2026, 1, 12, 17)
    assert cal.add_working_days(at(2026, 1, 12, 7), 0) == at(2026, 1, 12, 17)
    assert cal.add_working_days(at(2026, 1, 10, 10), 0) == at(2026, 1, 12, 17)  # Saturday
    assert cal.add_working_days(at(2026, 4, 6, 10), 0) == at(2026, 4, 7, 17)  # Easter Monday
    # After closing time "today" is over: the deadline never lies before its start.
    assert cal.add_working_days(at(2026, 1, 12, 18), 0) == at(2026, 1, 13, 17)


def test_working_days_end_at_the_last_closing_time_of_that_day():
    cal = BusinessCalendar({0: OFFICE_DAY, 1: OFFICE_DAY, 2: ((time(9), time(12)),), 3: OFFICE_DAY, 4: OFFICE_DAY})
    assert cal.add_working_days(at(2026, 1, 13, 10), 1) == at(2026, 1, 14, 12)  # Wednesday mornings only


# ---- working seconds -----------------------------------------------------------------------------------


def test_working_seconds_across_a_weekend_is_the_sum_of_opening_time(cal):
    # Friday 10:00-12:00 and 13:00-17:00 (6 h), nothing on Saturday and Sunday, Monday 08:30-10:00 (1.5 h).
    assert cal.working_seconds_between(at(2026, 1, 9, 10), at(2026, 1, 12, 10)) == (6 + 1.5) * 3600
    # A whole week is five opening days.
    assert cal.working_seconds_between(at(2026, 1, 12), at(2026, 1, 19)) == 5 * DAY_SECONDS
    # During the lunch break nothing is counted.
    assert cal.working_seconds_between(at(2026, 1, 12, 12), at(2026, 1, 12, 13)) == 0


def test_working_seconds_is_zero_when_end_is_not_after_start(cal):
    assert cal.working_seconds_between(at(2026, 1, 12, 10), at(2026, 1, 12, 10)) == 0
    assert cal.working_seconds_between(at(2026, 1, 12, 11), at(2026, 1, 12, 10)) == 0


def test_working_seconds_skips_holidays_and_closing_days():
    cal = BusinessCalendar(OFFICE_WEEK, closing_days=frozenset({date(2026, 1, 2)}))
    # 29 Dec - 4 Jan: Mon, Tue, Wed open; 1 Jan holiday; 2 Jan closing day.
    assert cal.working_seconds_between(at(2025, 12, 29), at(2026, 1, 5)) == 3 * DAY_SECONDS


def test_is_open(cal):
    assert cal.is_open(at(2026, 1, 12, 8, 30))  # opening is inclusive
    assert not cal.is_open(at(2026, 1, 12, 12))  # closing is exclusive
    assert not cal.is_open(at(2026, 1, 12, 12, 30))
    assert cal.is_open(at(2026, 1, 12, 16, 59, 59))
    assert not cal.is_open(at(2026, 1, 10, 10))
    assert not cal.is_open(at(2026, 4, 6, 10))
    assert cal.is_open(datetime(2026, 1, 12, 9, 0, tzinfo=UTC))  # 10:00 in Brussels


def test_next_opening(cal):
    assert cal.next_opening(at(2026, 1, 12, 10)) == at(2026, 1, 12, 10)
    assert cal.next_opening(at(2026, 1, 12, 17)) == at(2026, 1, 13, 8, 30)
    assert cal.next_opening(at(2026, 4, 3, 17, 30)) == at(2026, 4, 7, 8, 30)  # over Easter Monday


# ---- daylight saving time ------------------------------------------------------------------------------


def test_dst_start_weekend_keeps_wall_clock_hours(cal):
    # Summer time starts on Sunday 29 March 2026; Monday's opening is still 08:30 on the wall.
    result = cal.add_working_hours(at(2026, 3, 27, 16), 2)
    assert result == at(2026, 3, 30, 9, 30)
    assert (result.hour, result.minute, result.utcoffset()) == (9, 30, timedelta(hours=2))
    assert cal.working_seconds_between(at(2026, 3, 27, 12), at(2026, 3, 30, 12)) == 7.5 * 3600
    assert cal.add_working_days(at(2026, 3, 27, 10), 1) == at(2026, 3, 30, 17)


def test_dst_end_weekend_keeps_wall_clock_hours(cal):
    # Winter time returns on Sunday 25 October 2026.
    result = cal.add_working_hours(at(2026, 10, 23, 16), 2)
    assert (result.date(), result.hour, result.minute, result.utcoffset()) == (
        date(2026, 10, 26),
        9,
        30,
        timedelta(hours=1),
    )
    assert cal.working_seconds_between(at(2026, 10, 23, 12), at(2026, 10, 26, 12)) == 7.5 * 3600


def test_opening_hours_on_the_night_of_a_dst_change_count_real_time():
    night = BusinessCalendar({6: ((time(0), time(6)),)})
    # 29 March: 02:00-03:00 does not exist, so the wall-clock night 00:00-06:00 lasts five real hours.
    assert night.working_seconds_between(at(2026, 3, 29), at(2026, 3, 30)) == 5 * 3600
    assert night.add_working_hours(at(2026, 3, 29), 3) == at(2026, 3, 29, 4)
    # 25 October: 02:00-03:00 happens twice, so the night lasts seven real hours.
    assert night.working_seconds_between(at(2026, 10, 25), at(2026, 10, 26)) == 7 * 3600
    result = night.add_working_hours(at(2026, 10, 25), 3)  # 00:00 CEST + 3 h = 02:00 CET (the second 02:00)
    # PEP 495: an ambiguous wall time never compares equal across zones, so compare the UTC instant.
    assert result.astimezone(UTC) == datetime(2026, 10, 25, 1, tzinfo=UTC)
    assert (result.hour, result.utcoffset()) == (2, timedelta(hours=1))


def test_calendar_days_deadline():
    assert calendar_days_deadline(at(2026, 1, 12, 10), 14) == at(2026, 1, 26, 23, 59, 59)
    assert calendar_days_deadline(at(2026, 1, 12, 10), 0) == at(2026, 1, 12, 23, 59, 59)
    # Across the DST change the deadline is still 23:59:59 on the wall, now in summer time.
    result = calendar_days_deadline(at(2026, 3, 28, 10), 1)
    assert result == at(2026, 3, 29, 23, 59, 59)
    assert result.utcoffset() == timedelta(hours=2)
    # 23:30 UTC on 11 January is already 12 January in Brussels.
    assert calendar_days_deadline(datetime(2026, 1, 11, 23, 30, tzinfo=UTC), 1) == at(2026, 1, 13, 23, 59, 59)


# ---- properties ----------------------------------------------------------------------------------------


def test_round_trip_working_seconds_of_added_hours():
    """working_seconds_between(start, add_working_hours(start, h)) == h hours, for many starts."""
    cal = BusinessCalendar(
        {**OFFICE_WEEK, 5: ((time(9), time(12)),)},  # Saturday mornings too, to vary the shape of the week
        closing_days=frozenset({date(2026, 1, 2), date(2026, 7, 10)}),
    )
    rng = random.Random(20260329)
    first = datetime(2025, 12, 20, tzinfo=UTC)
    for _ in range(400):
        start = first + timedelta(seconds=rng.randrange(400 * 24 * 3600))
        if rng.random() < 0.5:
            start = start.astimezone(BRUSSELS)
        hours = rng.choice([rng.uniform(0, 80), float(rng.randrange(0, 40)), rng.randrange(0, 30) / 4])
        end = cal.add_working_hours(start, hours)
        assert end >= start
        assert end.tzinfo == BRUSSELS
        assert cal.working_seconds_between(start, end) == pytest.approx(hours * 3600, abs=1e-5), (start, hours)
        if hours > 0:
            # The term ends inside opening time or exactly at a closing time.
            assert cal.is_open(end - timedelta(microseconds=1))


def test_round_trip_working_days_end_on_a_working_day():
    cal = BusinessCalendar(OFFICE_WEEK)
    rng = random.Random(11)
    for _ in range(200):
        start = at(2026, 1, 1) + timedelta(minutes=rng.randrange(365 * 24 * 60))
        days = rng.randrange(0, 15)
        deadline = cal.add_working_days(start, days)
        assert deadline > start
        assert cal.is_working_day(deadline.date())
        assert deadline.time() == time(17)
        counted = sum(
            cal.is_working_day(start.date() + timedelta(days=n))
            for n in range(1, (deadline.date() - start.date()).days + 1)
        )
        if days == 0:
            # "Today" if the desk is still to close today, else the first working day after it.
            assert deadline.date() == start.date() or counted == 1
        else:
            assert counted == days


# ---- settings ------------------------------------------------------------------------------------------


def test_parse_string_format():
    parsed = parse_opening_hours("mon-fri 08:30-12:00,13:00-17:00; sat 09:00-12:00")
    assert parsed == {**OFFICE_WEEK, 5: ((time(9), time(12)),)}
    assert parse_opening_hours("ma, wo - vr 8u30-12u00, 13.00-17h00\nza gesloten") == {
        0: OFFICE_DAY,
        2: OFFICE_DAY,
        3: OFFICE_DAY,
        4: OFFICE_DAY,
    }
    assert parse_opening_hours("sat-mon 10:00-11:00") == {d: ((time(10), time(11)),) for d in (5, 6, 0)}


def test_parse_mapping_format():
    parsed = parse_opening_hours(
        {"mon-thu": "08:30-12:00,13:00-17:00", 4: [("08:30", "12:00")], "sat": [(time(9), time(12))]}
    )
    assert parsed == {
        0: OFFICE_DAY,
        1: OFFICE_DAY,
        2: OFFICE_DAY,
        3: OFFICE_DAY,
        4: ((time(8, 30), time(12)),),
        5: ((time(9), time(12)),),
    }


def test_intervals_are_sorted():
    assert parse_opening_hours("mon 13:00-17:00,08:30-12:00") == {0: OFFICE_DAY}


def test_default_calendar_from_settings(settings):
    settings.DESK_OPENING_HOURS = "mon-thu 08:30-12:00,13:00-17:00; fri 08:30-12:00"
    cal = default_calendar(closing_days=[date(2026, 1, 2)])
    assert cal.tz == settings.TIME_ZONE
    assert cal.weekly_hours[4] == ((time(8, 30), time(12)),)
    assert not cal.is_working_day(date(2026, 1, 2))
    # Thursday 16:00 + 2 h: 1 h on Thursday, then Friday morning.
    assert cal.add_working_hours(at(2026, 1, 8, 16), 2) == at(2026, 1, 9, 9, 30)
    named = default_calendar({date(2026, 1, 2): "Sluitingsdag stad"})
    assert named.holiday_name(date(2026, 1, 2)) == "Sluitingsdag stad"


def test_default_calendar_without_setting(settings):
    if hasattr(settings, "DESK_OPENING_HOURS"):
        del settings.DESK_OPENING_HOURS
    assert dict(default_calendar().weekly_hours) == OFFICE_WEEK


@pytest.mark.parametrize(
    "value",
    [
        "",
        "mon-fri",
        "mon-fri 17:00-08:30",  # ends before it starts
        "mon-fri 08:30-08:30",
        "mon-fri 08:30-12:00,11:00-17:00",  # overlap
        "mon-fry 08:30-12:00",  # unknown day
        "mon-fri 25:00-26:00",
        "mon-fri 08:30-12:60",
        "mon-fri 08:30 12:00",
        "mon 08:30-12:00; mon 13:00-17:00",  # a day twice
        "sat-sun closed",  # never open
        42,
        None,
        ["mon-fri 08:30-17:00"],
        {},
        {7: "08:00-12:00"},
        {"mon": "nope"},
        {"mon": ["08:00-12:00"]},
        {"mon": 8},
        {1.5: "08:00-12:00"},
    ],
)
def test_misconfigured_opening_hours_raise_improperly_configured(settings, value):
    settings.DESK_OPENING_HOURS = value
    with pytest.raises(ImproperlyConfigured, match="DESK_OPENING_HOURS"):
        default_calendar()


def test_bad_calendar_arguments_raise_too():
    with pytest.raises(ImproperlyConfigured):
        BusinessCalendar({0: ((time(12), time(8)),)})
    with pytest.raises(ValueError):  # the same error is a ValueError for code validating user input
        BusinessCalendar({})
    with pytest.raises(OpeningHoursError):
        BusinessCalendar(OFFICE_WEEK, tz="Europe/Nowhere")
