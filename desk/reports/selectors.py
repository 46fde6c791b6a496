"""Handling reports of the contact desk, computed from the case history (CaseEvent).

Each event carries the department, channel, category and kind of its case *at the moment it happened*, and
the metric events carry their durations (wall clock ``duration_s`` and working time ``working_s``) and
whether they were ``within_term``. So a report counts what happened when it happened, and does not change
when a case is moved to another department later. Only the backlog and the overdue count are "now" and
read from the current Case rows.

- received: CREATED events in the period;
- handled: RESOLVED events in the period (every closing: resolved, closed without solution, cancelled,
  merged as duplicate; a case closed, reopened and closed again counts twice);
- first response within term: FIRST_RESPONSE events with within_term True / those with a term at all;
- resolved within term: RESOLVED events with within_term True / those with a term;
- medians of the durations of those events (computed in Python, so it works on SQLite and PostgreSQL);
- open backlog now: cases in an open state; overdue now: open cases past their resolution term, or without
  a first response past the first-response term.

The department of a CREATED event: the CREATED event is written just before the case is routed, so when it
has no department we take the department of the case's first ASSIGNED event (the routing at reception).
"""
from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from desk.cases.models import Case, CaseEvent
from desk.routing.models import Category, Department
from desk.states import OPEN_STATES, Channel, EventKind, Kind

GROUPINGS = {
    "department": gettext_lazy("dienst"),
    "channel": gettext_lazy("kanaal"),
    "category": gettext_lazy("categorie"),
    "kind": gettext_lazy("soort"),
    "week": gettext_lazy("week"),
}
DEFAULT_WEEKS = 8
NONE_KEY = "-"

# The event field that holds each grouping's value, and the Case field for the backlog "now".
_EVENT_FIELD = {"department": "department_id", "channel": "channel", "category": "category_id", "kind": "case_kind"}
_CASE_FIELD = {"department": "department_id", "channel": "channel", "category": "category_id", "kind": "kind"}
_METRIC_KINDS = (EventKind.CREATED, EventKind.FIRST_RESPONSE, EventKind.RESOLVED)


def default_period(today: date | None = None) -> tuple[date, date]:
    """The last DEFAULT_WEEKS weeks: from the Monday seven weeks before this week's Monday up to today."""
    today = today or timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=DEFAULT_WEEKS - 1), today


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the local time zone (both dates included)."""
    zone = timezone.get_current_timezone()
    return (datetime.combine(start, time.min, tzinfo=zone),
            datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone))


def week_of(moment: datetime) -> date:
    """The Monday of the (local) week a moment falls in."""
    day = timezone.localtime(moment).date()
    return day - timedelta(days=day.weekday())


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def percentage(part: int, whole: int) -> float | None:
    return 100.0 * part / whole if whole else None


@dataclass
class GroupStats:
    """The figures of one group (a department, a channel, …, a week), or of the whole period."""

    key: str
    label: str
    received: int = 0
    handled: int = 0
    first_responses: int = 0
    first_with_term: int = 0
    first_within: int = 0
    resolved_with_term: int = 0
    resolved_within: int = 0
    first_wall: list[float] = field(default_factory=list, repr=False)
    first_working: list[float] = field(default_factory=list, repr=False)
    resolution_wall: list[float] = field(default_factory=list, repr=False)
    resolution_working: list[float] = field(default_factory=list, repr=False)
    backlog: int | None = None
    overdue: int | None = None

    @property
    def first_within_pct(self) -> float | None:
        return percentage(self.first_within, self.first_with_term)

    @property
    def resolved_within_pct(self) -> float | None:
        return percentage(self.resolved_within, self.resolved_with_term)

    @property
    def median_first_s(self) -> float | None:
        return _median(self.first_wall)

    @property
    def median_first_working_s(self) -> float | None:
        return _median(self.first_working)

    @property
    def median_resolution_s(self) -> float | None:
        return _median(self.resolution_wall)

    @property
    def median_resolution_working_s(self) -> float | None:
        return _median(self.resolution_working)

    def add(self, kind: str, duration_s: float | None, working_s: float | None, within_term: bool | None) -> None:
        if kind == EventKind.CREATED:
            self.received += 1
        elif kind == EventKind.FIRST_RESPONSE:
            self.first_responses += 1
            if within_term is not None:
                self.first_with_term += 1
                self.first_within += bool(within_term)
            if duration_s is not None:
                self.first_wall.append(duration_s)
            if working_s is not None:
                self.first_working.append(working_s)
        elif kind == EventKind.RESOLVED:
            self.handled += 1
            if within_term is not None:
                self.resolved_with_term += 1
                self.resolved_within += bool(within_term)
            if duration_s is not None:
                self.resolution_wall.append(duration_s)
            if working_s is not None:
                self.resolution_working.append(working_s)


@dataclass
class HandlingReport:
    start: date
    end: date
    group_by: str
    rows: list[GroupStats]
    total: GroupStats
    now: datetime

    @property
    def group_label(self) -> str:
        return str(GROUPINGS[self.group_by])


class Labels:
    """Readable names for group keys (departments and categories are data; one query each)."""

    def __init__(self, group_by: str):
        self.group_by = group_by
        self.names: dict[str, str] = {}
        if group_by == "department":
            self.names = {str(d.pk): d.label() for d in Department.objects.only("name", "name_fr", "name_en")}
        elif group_by == "category":
            self.names = {str(c.pk): c.label() for c in Category.objects.only("name", "name_fr", "name_en")}
        elif group_by == "channel":
            self.names = {str(value): str(label) for value, label in Channel.choices}
        elif group_by == "kind":
            self.names = {str(value): str(label) for value, label in Kind.choices}

    def __call__(self, key: str) -> str:
        if self.group_by == "week":
            monday = date.fromisoformat(key)
            year, week, _day = monday.isocalendar()
            return _("week %(week)s van %(year)s (vanaf %(monday)s)") % {
                "week": week, "year": year, "monday": monday.strftime("%d/%m")}
        if key == NONE_KEY:
            missing = {"department": _("(geen dienst)"), "category": _("(geen categorie)")}
            return missing.get(self.group_by, _("(onbekend)"))
        return self.names.get(key, key)


def group_key(value) -> str:
    if value is None or value == "":
        return NONE_KEY
    return str(value)


def _reception_departments(begin: datetime, end: datetime) -> dict[int, int | None]:
    """{case id: department id of its first ASSIGNED event} for cases received in [begin, end)."""
    received = CaseEvent.objects.filter(kind=EventKind.CREATED, at__gte=begin, at__lt=end,
                                        department__isnull=True).values("case_id")
    found: dict[int, int | None] = {}
    rows = (CaseEvent.objects.filter(kind=EventKind.ASSIGNED, case_id__in=received, department__isnull=False)
            .order_by("case_id", "at", "pk").values_list("case_id", "department_id"))
    for case_id, department_id in rows.iterator():
        found.setdefault(case_id, department_id)
    return found


def _metric_events(begin: datetime, end: datetime):
    return (CaseEvent.objects.filter(kind__in=_METRIC_KINDS, at__gte=begin, at__lt=end)
            .order_by("at", "pk")
            .values_list("case_id", "kind", "at", "department_id", "channel", "category_id", "case_kind",
                         "duration_s", "working_s", "within_term"))


def handling_report(start: date, end: date, group_by: str = "department", *, now: datetime | None = None,
                    departments: list[int] | None = None) -> HandlingReport:
    """The figures of the period [start, end] (local dates, both included), per group and in total.

    ``departments`` limits everything to those departments (department staff see only their own).
    """
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}")
    now = now or timezone.now()
    begin, finish = period_bounds(start, end)
    groups = _Groups(Labels(group_by))
    total = GroupStats(key="", label=_("Totaal"))

    if group_by == "week":  # every week of the period, also the quiet ones
        monday = start - timedelta(days=start.weekday())
        while monday <= end:
            groups.row(monday.isoformat())
            monday += timedelta(weeks=1)

    limited = set(departments) if departments is not None else None
    reception = (_reception_departments(begin, finish) if group_by == "department" or limited is not None
                 else {})
    for (case_id, kind, at, department_id, channel, category_id, case_kind,
         duration_s, working_s, within_term) in _metric_events(begin, finish).iterator():
        # A case's creation without a department counts for the department that received it.
        owner = reception.get(case_id) if kind == EventKind.CREATED and department_id is None else department_id
        if limited is not None and owner not in limited:
            continue
        if group_by == "week":
            key = week_of(at).isoformat()
        else:
            values = {"department_id": owner, "channel": channel, "category_id": category_id, "case_kind": case_kind}
            key = group_key(values[_EVENT_FIELD[group_by]])
        groups.row(key).add(kind, duration_s, working_s, within_term)
        total.add(kind, duration_s, working_s, within_term)

    _add_backlog(groups, total, group_by, now, limited)
    return HandlingReport(start=start, end=end, group_by=group_by, rows=groups.ordered(group_by), total=total,
                          now=now)


class _Groups(dict):
    """The rows of a report by key, each made with its label when first used."""

    def __init__(self, labels: Labels):
        super().__init__()
        self.labels = labels

    def row(self, key: str) -> GroupStats:
        if key not in self:
            self[key] = GroupStats(key=key, label=self.labels(key))
        return self[key]

    def ordered(self, group_by: str) -> list[GroupStats]:
        """Weeks in time order; other groups by label, "none" last."""
        rows = list(self.values())
        if group_by == "week":
            rows.sort(key=lambda row: row.key)
        else:
            rows.sort(key=lambda row: (row.key == NONE_KEY, row.label.casefold()))
        return rows


def _add_backlog(groups: _Groups, total: GroupStats, group_by: str, now: datetime,
                 limited: set[int] | None) -> None:
    """Open and overdue cases now: in total, and per group (not per week: the backlog has no week)."""
    total.backlog, total.overdue = 0, 0
    for key, backlog, overdue in _backlog(group_by, now, limited):
        total.backlog += backlog
        total.overdue += overdue
        if group_by != "week":
            row = groups.row(key)
            row.backlog, row.overdue = backlog, overdue
    if group_by != "week":
        for row in groups.values():
            if row.backlog is None:
                row.backlog, row.overdue = 0, 0


def _overdue_q(now: datetime) -> Q:
    return Q(resolution_due__lt=now) | Q(first_response_at__isnull=True, first_response_due__lt=now)


def _backlog(group_by: str, now: datetime, departments: set[int] | None = None) -> Iterator[tuple[str, int, int]]:
    """(group key, open cases, overdue cases) now; for "week" one total row with key ""."""
    open_cases = Case.objects.filter(state__in=OPEN_STATES)
    if departments is not None:
        open_cases = open_cases.filter(department_id__in=departments)
    counts = {"backlog": Count("pk"), "overdue": Count("pk", filter=_overdue_q(now))}
    if group_by == "week":
        found = open_cases.aggregate(**counts)
        yield "", found["backlog"] or 0, found["overdue"] or 0
        return
    column = _CASE_FIELD[group_by]
    for row in open_cases.order_by().values(column).annotate(**counts):
        yield group_key(row[column]), row["backlog"], row["overdue"]


# --------------------------------------------------------------------------- one row per case


@dataclass
class CaseTimeline:
    """What the raw export says of one case received in the period (no personal data)."""

    reference: str
    kind: str
    channel: str
    category: str
    department: str
    state_now: str
    received_at: datetime
    first_response_at: datetime | None = None
    first_response_s: float | None = None
    first_response_working_s: float | None = None
    first_response_within_term: bool | None = None
    closed_at: datetime | None = None
    closing_state: str = ""
    resolution_s: float | None = None
    resolution_working_s: float | None = None
    resolution_within_term: bool | None = None
    reopened: int = 0


def case_timelines(start: date, end: date, *, departments: list[int] | None = None) -> Iterator[CaseTimeline]:
    """One row per case received in [start, end], oldest first: its first response and its last closing
    (both from the history, whenever they happened), with the department, channel, category and kind it
    had when it came in."""
    begin, finish = period_bounds(start, end)
    created = CaseEvent.objects.filter(kind=EventKind.CREATED, at__gte=begin, at__lt=finish)
    case_ids = created.values("case_id")
    limited = set(departments) if departments is not None else None
    departments = {str(d.pk): d.code for d in Department.objects.only("code")}
    categories = {str(c.pk): c.slug for c in Category.objects.only("slug")}
    reception = _reception_departments(begin, finish)
    first: dict[int, tuple] = {}
    last_closing: dict[int, tuple] = {}
    reopened: dict[int, int] = defaultdict(int)
    later = (CaseEvent.objects.filter(case_id__in=case_ids,
                                      kind__in=[EventKind.FIRST_RESPONSE, EventKind.RESOLVED, EventKind.REOPENED])
             .order_by("at", "pk")
             .values_list("case_id", "kind", "at", "to_state", "duration_s", "working_s", "within_term"))
    for case_id, kind, at, to_state, duration_s, working_s, within_term in later.iterator():
        if kind == EventKind.FIRST_RESPONSE:
            first.setdefault(case_id, (at, duration_s, working_s, within_term))
        elif kind == EventKind.RESOLVED:
            last_closing[case_id] = (at, to_state, duration_s, working_s, within_term)
        else:
            reopened[case_id] += 1
    states = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "state").iterator())
    references = dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "reference").iterator())
    rows = created.order_by("at", "pk").values_list("case_id", "at", "department_id", "channel", "category_id",
                                                    "case_kind")
    for case_id, at, department_id, channel, category_id, case_kind in rows.iterator():
        if department_id is None:
            department_id = reception.get(case_id)
        if limited is not None and department_id not in limited:
            continue
        timeline = CaseTimeline(
            reference=references.get(case_id, ""), kind=case_kind, channel=channel,
            category=categories.get(group_key(category_id), ""),
            department=departments.get(group_key(department_id), ""),
            state_now=states.get(case_id, ""), received_at=at, reopened=reopened.get(case_id, 0))
        if case_id in first:
            (timeline.first_response_at, timeline.first_response_s, timeline.first_response_working_s,
             timeline.first_response_within_term) = first[case_id]
        if case_id in last_closing and states.get(case_id) not in OPEN_STATES:
            (timeline.closed_at, timeline.closing_state, timeline.resolution_s, timeline.resolution_working_s,
             timeline.resolution_within_term) = last_closing[case_id]
        yield timeline
