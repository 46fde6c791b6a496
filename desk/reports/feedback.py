"""Satisfaction in the handling reports (/balie/desk/rapporten/): the page section and the CSV columns.

desk.reports.views calls ``page_context`` and ``csv_header``/``csv_cells``; the figures come from
desk.reports.satisfaction.satisfaction_report.
"""
from __future__ import annotations

from django.utils.translation import gettext as _

from desk.reports.formatting import bar_chart, format_number, format_percentage
from desk.reports.satisfaction import SatisfactionReport, SatisfactionStats, satisfaction_report


def report_for(user, start, end, group_by) -> SatisfactionReport:
    return satisfaction_report(start, end, group_by, user=user)


def _row(row: SatisfactionStats) -> dict:
    return {
        "label": row.label, "requests": row.requests, "answers": row.answers,
        "response": format_percentage(row.response_pct), "satisfied": format_percentage(row.satisfied_pct),
        "satisfied_count": row.satisfied, "reopen_requests": row.reopen_requests,
    }


def page_context(user, start, end, group_by) -> dict:
    """Context for templates/desk/feedback/_report.html (under the key ``satisfaction``)."""
    report = report_for(user, start, end, group_by)
    chart = None
    if report.rows:
        chart = bar_chart(
            "chart-satisfaction", _("Tevredenheid en respons per %(group)s (in %%)") % {"group": report.group_label},
            [(_("tevreden"), "first"), (_("respons"), "resolved")],
            [(row.label, [row.satisfied_pct, row.response_pct]) for row in report.rows], maximum=100, unit=" %")
    return {"satisfaction": {
        "report": report, "rows": [_row(row) for row in report.rows], "total": _row(report.total), "chart": chart,
        "reasons": report.reasons,
    }}


def csv_header() -> list[str]:
    return [_("tevredenheidsvragen"), _("antwoorden"), _("respons (%)"), _("tevreden"), _("tevreden (%)"),
            _("vraag om heropenen na feedback")]


def csv_cells(report: SatisfactionReport, key: str) -> list:
    """The satisfaction columns for the handling-report row with this key ("" = the total)."""
    row = report.for_key(key)
    if row is None:
        return ["", "", "", "", "", ""] if report.limited else [0, 0, "", 0, "", 0]
    return [row.requests, row.answers, format_number(row.response_pct), row.satisfied,
            format_number(row.satisfied_pct), row.reopen_requests]
