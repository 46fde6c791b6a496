"""The satisfaction figures for the handling reports.

The report counts the questions sent with the closings in the period (a cohort): how many were answered
(whenever), how many of those were satisfied, and how many asked to reopen the case. Each question is
grouped by the department, category, channel and kind its closing event recorded: what they were when the
case was closed, like the handling reports count what happened when it happened. Department staff see only
their own departments' figures (desk.cases.selectors.inbox decides who sees all).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from desk.cases.selectors.inbox import department_ids_of, sees_all_cases
from desk.feedback.models import Feedback, FeedbackReason
from desk.reports.selectors import GROUPINGS, NONE_KEY, Labels, group_key, percentage, period_bounds, week_of


@dataclass
class SatisfactionStats:
    key: str
    label: str
    requests: int = 0
    answers: int = 0
    satisfied: int = 0
    reopen_requests: int = 0

    @property
    def unsatisfied(self) -> int:
        return self.answers - self.satisfied

    @property
    def satisfied_pct(self) -> float | None:
        return percentage(self.satisfied, self.answers)

    @property
    def response_pct(self) -> float | None:
        return percentage(self.answers, self.requests)

    def add(self, answered: bool, satisfied: bool | None, reopen_requested: bool) -> None:
        self.requests += 1
        if answered:
            self.answers += 1
            self.satisfied += bool(satisfied)
            self.reopen_requests += bool(reopen_requested)


@dataclass
class SatisfactionReport:
    start: date
    end: date
    group_by: str
    rows: list[SatisfactionStats]
    total: SatisfactionStats
    reasons: list[tuple[FeedbackReason, int]] = field(default_factory=list)
    limited: bool = False  # department staff: only their departments

    @property
    def group_label(self) -> str:
        return str(GROUPINGS[self.group_by])

    def for_key(self, key: str) -> SatisfactionStats | None:
        """The row of a handling-report group key ("" = the total)."""
        if key == "":
            return self.total
        return next((row for row in self.rows if row.key == key), None)


def _scope(user) -> tuple[list[int] | None, bool]:
    """(department ids the user may see, or None for all; whether that is a limit)."""
    if sees_all_cases(user):
        return None, False
    return department_ids_of(user), True


def satisfaction_report(start: date, end: date, group_by: str = "department", *, user=None,
                        department_ids: list[int] | None = None) -> SatisfactionReport:
    """The satisfaction figures of the closings in [start, end] (local dates, both included).

    ``user``: limit to what they may see (department staff: their departments). ``department_ids``: an
    explicit limit (None = every department).
    """
    if group_by not in GROUPINGS:
        raise ValueError(f"unknown grouping {group_by!r}")
    limited = department_ids is not None
    if user is not None:
        department_ids, limited = _scope(user)
    begin, finish = period_bounds(start, end)
    found = Feedback.objects.filter(created_at__gte=begin, created_at__lt=finish)
    if department_ids is not None:
        found = found.filter(closing_event__department_id__in=department_ids)
    labels = Labels(group_by)
    groups: dict[str, SatisfactionStats] = {}
    total = SatisfactionStats(key="", label=_("Totaal"))
    column = {"department": "closing_event__department_id", "category": "closing_event__category_id",
              "channel": "closing_event__channel", "kind": "closing_event__case_kind", "week": "created_at"}[group_by]
    rows = found.order_by().values_list(column, "answered_at", "satisfied", "reopen_requested")
    for value, answered_at, satisfied, reopen_requested in rows.iterator():
        key = week_of(value).isoformat() if group_by == "week" else group_key(value)
        if key not in groups:
            groups[key] = SatisfactionStats(key=key, label=labels(key))
        groups[key].add(answered_at is not None, satisfied, reopen_requested)
        total.add(answered_at is not None, satisfied, reopen_requested)
    ordered = list(groups.values())
    if group_by == "week":
        ordered.sort(key=lambda row: row.key)
    else:
        ordered.sort(key=lambda row: (row.key == NONE_KEY, row.label.casefold()))
    counts = Counter(FeedbackReasonLink.objects.filter(feedback__in=found.filter(answered_at__isnull=False))
                     .values_list("feedbackreason_id", flat=True))
    reasons = [(reason, counts[reason.pk]) for reason in FeedbackReason.objects.filter(pk__in=counts)
               .order_by("-for_satisfied", "order", "pk")]
    return SatisfactionReport(start=start, end=end, group_by=group_by, rows=ordered, total=total, reasons=reasons,
                              limited=limited)


FeedbackReasonLink = Feedback.reasons.through
