"""Reads of the staff inbox: which cases a member of staff may see, filtered and sorted for the inbox.

Visibility is enforced here, not in the forms: department staff only ever get the cases of their own
departments (Department.members); desk agents and administrators get every case.

The inbox is built for a large table (ten million cases on PostgreSQL, bench/desk.py): every filter maps onto an
index of Case.Meta.indexes, nothing counts the whole table, and the page is fetched as page_size + 1 rows
(see ``page_of``) so a "next page" link needs no COUNT(*).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from city import geo
from desk.cases.models import Case
from desk.routing.models import Category, Department
from desk.routing.terms import calendar
from desk.states import CLOSED_STATES, OPEN_STATES, State
from identity.staff.roles import ADMINISTRATOR, DEPARTMENT_STAFF, DESK_AGENT

# Roles (identity/staff/roles.py) that see every case.
SEE_ALL_ROLES = (DESK_AGENT, ADMINISTRATOR)
DEPARTMENT_ROLE = DEPARTMENT_STAFF

STATUS_OPEN = "open"
STATUS_CLOSED = "closed"
STATUS_ALL = "all"
DUE_OVERDUE = "overdue"
DUE_TODAY = "today"
DUE_NEAR = "near"
SORT_DUE = "due"
SORT_NEW = "new"
PAGE_SIZE = 25


def sees_all_cases(user) -> bool:
    """Desk agents and administrators see every case; everyone else only their departments' cases."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, "_desk_sees_all", None)
    if cached is None:
        cached = user.groups.filter(name__in=SEE_ALL_ROLES).exists()
        user._desk_sees_all = cached
    return cached


def department_ids_of(user) -> list[int]:
    cached = getattr(user, "_desk_department_ids", None)
    if cached is None:
        cached = list(Department.objects.filter(members=user).values_list("pk", flat=True))
        user._desk_department_ids = cached
    return cached


def visible_cases(user) -> QuerySet[Case]:
    """Every case this member of staff may open and act on."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    if sees_all_cases(user):
        return Case.objects.all()
    departments = department_ids_of(user)
    if not departments:
        return Case.objects.none()
    return Case.objects.filter(department_id__in=departments)


def visible_departments(user) -> QuerySet[Department]:
    """The departments a member of staff can filter the inbox on."""
    if sees_all_cases(user):
        return Department.objects.filter(is_active=True)
    return Department.objects.filter(pk__in=department_ids_of(user))


def _pk(value: Any) -> Any:
    return getattr(value, "pk", value)


def near_due_limit(now: datetime) -> datetime:
    """The end of the "bijna te laat" window: DESK_NEAR_DUE_HOURS working hours from now."""
    return calendar().add_working_hours(now, float(settings.DESK_NEAR_DUE_HOURS))


def _local_day(now: datetime) -> tuple[datetime, datetime]:
    local = timezone.localtime(now)
    start = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return start, start + timedelta(days=1)


DUE_ORDER = (F("resolution_due").asc(nulls_last=True), "pk")


class InboxQuerySet(QuerySet):
    """The inbox in term order, made fast on a large table.

    Ordering the open cases (seven states) by their resolution term cannot walk one index: the index is
    (state, resolution_due), so PostgreSQL would sort every open case for each page. A slice of this
    queryset (``qs[:26]``, ``qs[25:51]``) therefore first takes, per state, the first ``stop`` rows by
    term from that index (tiny ordered index scans), and then sorts only those. The rows are the same
    as without the shortcut. Filtering or re-ordering the queryset further drops the shortcut (it only
    knows the filters it was built with), so such a queryset is plain and still correct.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._term_window = None

    def _clone(self):
        clone = super()._clone()
        clone._term_window = self._term_window
        return clone

    def _plain(self, method, *args, **kwargs):
        clone = getattr(super(), method)(*args, **kwargs)
        clone._term_window = None
        return clone

    def filter(self, *args, **kwargs):
        return self._plain("filter", *args, **kwargs)

    def exclude(self, *args, **kwargs):
        return self._plain("exclude", *args, **kwargs)

    def order_by(self, *args, **kwargs):
        return self._plain("order_by", *args, **kwargs)

    def annotate(self, *args, **kwargs):
        return self._plain("annotate", *args, **kwargs)

    def distinct(self, *args, **kwargs):
        return self._plain("distinct", *args, **kwargs)

    def reverse(self):
        return self._plain("reverse")

    def __getitem__(self, k):
        window = self._term_window
        if (window is not None and self._result_cache is None and isinstance(k, slice) and k.step is None
                and isinstance(k.stop, int) and k.stop > 0 and (k.start is None or k.start >= 0)
                and connections[self.db].features.supports_slicing_ordering_in_compound):
            return self.filter(pk__in=window(k.stop))[k]
        return super().__getitem__(k)


def _term_window(base: QuerySet, states: list[str]):
    """For InboxQuerySet: the primary keys of the first ``limit`` cases by term of each state."""

    def window(limit: int):
        legs = [base.filter(state=state).order_by(*DUE_ORDER).values("pk")[:limit] for state in states]
        return legs[0].union(*legs[1:], all=True) if len(legs) > 1 else legs[0]

    return window


def _states(status: str, due: str | None) -> list[str] | None:
    """The states a status filter means (None: every state); a term only runs while a case is open."""
    if due or status == STATUS_OPEN:
        chosen = set(OPEN_STATES)
        if status not in (STATUS_OPEN, STATUS_ALL):
            chosen &= CLOSED_STATES if status == STATUS_CLOSED else {status}
        return sorted(chosen)
    if status == STATUS_CLOSED:
        return sorted(CLOSED_STATES)
    if status == STATUS_ALL:
        return None
    return [status]


def inbox_cases(user, filters: dict | None = None, *, now: datetime | None = None) -> QuerySet[Case]:
    """The inbox: cases from every channel that ``user`` may see, filtered and sorted.

    ``filters`` (all optional; model instances or primary keys where a model is meant):
    department, channel, category, kind, status ("open" (default), "closed", "all" or one State value),
    due ("overdue", "today", "near"), mine (bool: assigned to ``user``), unassigned (bool),
    q (reference or words of the title), sort ("due" (default): overdue first, then by resolution
    term; "new": newest first). Slice the result for a page (see InboxQuerySet and page_of).
    """
    filters = filters or {}
    now = now or timezone.now()
    cases = visible_cases(user)
    states = _states(filters.get("status") or STATUS_OPEN, filters.get("due"))
    if states == [] or (not sees_all_cases(user) and not department_ids_of(user)):
        return Case.objects.none()

    cases = _filter_by_fields(cases, filters)
    cases = _filter_by_due(cases, filters.get("due"), now)
    cases = _filter_by_assignee(cases, filters, user)
    cases = _filter_by_text(cases, (filters.get("q") or "").strip())

    base = cases
    if states is not None:
        cases = cases.filter(state__in=states) if len(states) > 1 else cases.filter(state=states[0])
    related = ("category", "department", "assignee")
    if filters.get("sort") == SORT_NEW:
        return cases.order_by("-created_at", "-pk").select_related(*related)
    ordered = cases.order_by(*DUE_ORDER).select_related(*related)
    if states is not None and len(states) == 1:
        return ordered  # one state: the (state, resolution_due) index gives the order directly
    fast = InboxQuerySet(model=Case, query=ordered.query.chain(), using=ordered.db)
    fast._term_window = _term_window(base, states if states is not None else list(State.values))
    return fast


def _filter_by_fields(cases: QuerySet[Case], filters: dict) -> QuerySet[Case]:
    """Department, channel, category and kind, each when the filter names one."""
    if filters.get("department"):
        cases = cases.filter(department_id=_pk(filters["department"]))
    if filters.get("channel"):
        cases = cases.filter(channel=filters["channel"])
    if filters.get("category"):
        cases = cases.filter(category_id=_pk(filters["category"]))
    if filters.get("kind"):
        cases = cases.filter(kind=filters["kind"])
    return cases


def _filter_by_due(cases: QuerySet[Case], due: str | None, now: datetime) -> QuerySet[Case]:
    """Overdue, due today (local day) or nearly due, by the resolution term."""
    if due == DUE_OVERDUE:
        cases = cases.filter(resolution_due__lt=now)
    elif due == DUE_TODAY:
        start, end = _local_day(now)
        cases = cases.filter(resolution_due__gte=start, resolution_due__lt=end)
    elif due == DUE_NEAR:
        cases = cases.filter(resolution_due__gte=now, resolution_due__lte=near_due_limit(now))
    return cases


def _filter_by_assignee(cases: QuerySet[Case], filters: dict, user) -> QuerySet[Case]:
    """Only the user's own cases ("mine"), or only the cases nobody handles yet ("unassigned")."""
    if filters.get("mine"):
        cases = cases.filter(assignee_id=user.pk)
    elif filters.get("unassigned"):
        cases = cases.filter(assignee__isnull=True)
    return cases


def _filter_by_text(cases: QuerySet[Case], query: str) -> QuerySet[Case]:
    """A reference (or its beginning) or words of the title."""
    if query:
        reference = query.upper()
        if reference.startswith(f"{settings.DESK_REFERENCE_PREFIX}-") and " " not in reference:
            cases = cases.filter(reference__startswith=reference)
        else:
            cases = cases.filter(Q(reference=reference) | Q(title__icontains=query))
    return cases


@dataclass
class InboxPage:
    """One page of the inbox without counting the table: ``has_next`` comes from fetching one row more."""

    rows: list
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * PAGE_SIZE + len(self.rows)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


MAX_PAGE = 400  # 10 000 rows deep: beyond that a filter finds it faster than paging


def page_of(cases: QuerySet, number: Any = 1, *, page_size: int = PAGE_SIZE) -> InboxPage:
    try:
        number = max(1, min(int(number), MAX_PAGE))
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * page_size
    rows = list(cases[offset:offset + page_size + 1])
    return InboxPage(rows=rows[:page_size], number=number, has_next=len(rows) > page_size)


@dataclass(frozen=True)
class Urgency:
    """How a case stands against its terms, as words (never by colour alone)."""

    overdue: bool = False
    near_due: bool = False
    first_response_overdue: bool = False


def urgency_of(case: Case, now: datetime, near_limit: datetime | None) -> Urgency:
    if case.is_closed:
        return Urgency()
    overdue = case.resolution_due is not None and case.resolution_due < now
    near = (not overdue and case.resolution_due is not None and near_limit is not None
            and case.resolution_due <= near_limit)
    first = (case.first_response_at is None and case.first_response_due is not None
             and case.first_response_due < now)
    return Urgency(overdue=overdue, near_due=near, first_response_overdue=first)


def nearby_open_cases(case: Case, user, *, now: datetime | None = None, limit: int = 10) -> list[Case]:
    """Open cases of the same category near this one (within the category's radius and days): likely
    duplicates. The same rule residents get when they report."""
    if not case.has_location or case.category_id is None:
        return []
    now = now or timezone.now()
    category: Category = case.category
    south, west, north, east = geo.bbox_around(case.latitude, case.longitude, category.duplicate_radius_m)
    candidates = (visible_cases(user)
                  .filter(category_id=case.category_id, state__in=sorted(OPEN_STATES),
                          created_at__gte=now - timedelta(days=category.duplicate_days),
                          latitude__range=(south, north), longitude__range=(west, east))
                  .exclude(pk=case.pk).select_related("category").order_by("-created_at")[:limit * 5])
    found = []
    for other in candidates:
        distance = geo.distance_m(case.latitude, case.longitude, other.latitude, other.longitude)
        if distance <= category.duplicate_radius_m:
            other.distance_m = round(distance)
            found.append(other)
    return found[:limit]
