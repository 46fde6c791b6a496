"""Handling reports of the contact desk (/balie/desk/rapporten/): counts, within-term percentages and
medians per department, channel, category, kind or week, as a page (SVG bar charts without JavaScript plus
the same figures in a table) and as CSV.

The figures come from desk.reports.selectors (the case history). No personal data appears: no names,
contact details or texts of cases.

CSV: UTF-8 with a byte order mark and ``;`` as separator, with a decimal comma: that is what Excel with
Belgian (nl-BE / fr-BE) regional settings opens correctly with a double click.
"""
from __future__ import annotations

import csv
from datetime import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from common.parsing import MAX_YEAR, MIN_YEAR, date_in_range
from desk.cases.selectors.inbox import department_ids_of, sees_all_cases
from desk.reports import selectors as reports
from desk.reports.formatting import bar_chart, format_duration, format_number, format_percentage, format_working, hours

VIEW_REPORTS = "desk.view_handling_reports"
MAX_PERIOD_DAYS = 2 * 366
CSV_DELIMITER = ";"


def reports_page(view):
    return never_cache(login_required(permission_required(VIEW_REPORTS, raise_exception=True)(view),
                                      login_url="staff:login"))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ReportFilterForm(forms.Form):
    van = forms.DateField(label=gettext_lazy("Van"), widget=DateInput(), input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                          help_text=gettext_lazy("Bijvoorbeeld 2026-01-31."))
    tot = forms.DateField(label=gettext_lazy("Tot en met"), widget=DateInput(),
                          input_formats=["%Y-%m-%d", "%d/%m/%Y"], help_text=gettext_lazy("Bijvoorbeeld 2026-03-31."))
    per = forms.ChoiceField(label=gettext_lazy("Groeperen per"), choices=list(reports.GROUPINGS.items()))

    def clean(self):
        data = super().clean()
        for name in ("van", "tot"):
            if data.get(name) and not date_in_range(data[name]):
                self.add_error(name, _("Kies een datum tussen %(first)s en %(last)s.")
                               % {"first": MIN_YEAR, "last": MAX_YEAR})
                data[name] = None
        start, end = data.get("van"), data.get("tot")
        if start and end:
            if end < start:
                self.add_error("tot", _("Kies een einddatum die niet voor de begindatum ligt."))
            elif (end - start).days > MAX_PERIOD_DAYS:
                self.add_error("tot", _("Kies een periode van hoogstens twee jaar."))
        return data


def _form(request) -> ReportFilterForm:
    start, end = reports.default_period()
    data = {"van": start.isoformat(), "tot": end.isoformat(), "per": "department"}
    data.update({key: value for key, value in request.GET.items() if key in data and value})
    return ReportFilterForm(data)


def _query(form: ReportFilterForm) -> str:
    data = form.cleaned_data
    return urlencode({"van": data["van"].isoformat(), "tot": data["tot"].isoformat(), "per": data["per"]})




def _charts(report: reports.HandlingReport) -> list[dict]:
    group = report.group_label
    counted = bar_chart(
        "chart-counts", _("Ontvangen en afgehandeld per %(group)s") % {"group": group},
        [(_("ontvangen"), "received"), (_("afgehandeld"), "handled")],
        [(row.label, [row.received, row.handled]) for row in report.rows])
    within = bar_chart(
        "chart-within", _("Binnen de termijn per %(group)s (in %%)") % {"group": group},
        [(_("eerste antwoord"), "first"), (_("afhandeling"), "resolved")],
        [(row.label, [row.first_within_pct, row.resolved_within_pct]) for row in report.rows],
        maximum=100, unit=" %")
    return [counted, within]


def _table_row(row: reports.GroupStats) -> dict:
    return {
        "label": row.label, "received": row.received, "handled": row.handled,
        "first_within": format_percentage(row.first_within_pct),
        "first_counts": (row.first_within, row.first_with_term),
        "resolved_within": format_percentage(row.resolved_within_pct),
        "resolved_counts": (row.resolved_within, row.resolved_with_term),
        "median_first": format_duration(row.median_first_s),
        "median_first_working": format_working(row.median_first_working_s),
        "median_resolution": format_duration(row.median_resolution_s),
        "median_resolution_working": format_working(row.median_resolution_working_s),
        "backlog": "—" if row.backlog is None else row.backlog,
        "overdue": "—" if row.overdue is None else row.overdue,
    }


@reports_page
@require_safe
def handling_reports(request):
    form = _form(request)
    context = {"form": form, "report": None}
    if form.is_valid():
        data = form.cleaned_data
        report = reports.handling_report(data["van"], data["tot"], data["per"], departments=_limit(request.user))
        query = _query(form)
        context.update({
            "report": report, "rows": [_table_row(row) for row in report.rows], "total": _table_row(report.total),
            "charts": _charts(report) if report.rows else [], "query": query,
            "now": timezone.localtime(report.now),
        })
        from desk.reports.feedback import page_context  # satisfaction per group (desk.feedback)

        context.update(page_context(request.user, data["van"], data["tot"], data["per"]))
    return render(request, "desk/reports/reports.html", context)


# --------------------------------------------------------------------------- CSV


def _limit(user) -> list[int] | None:
    """Department staff see the figures of their own departments only; desk agents see the whole city."""
    return None if sees_all_cases(user) else department_ids_of(user)


def _cell(value) -> str:
    """A CSV cell; text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        text = "'" + text
    return text


def _csv_response(filename: str) -> tuple[HttpResponse, csv.writer]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # byte order mark: Excel then reads UTF-8 (é, ë, …) correctly
    return response, csv.writer(response, delimiter=CSV_DELIMITER, lineterminator="\r\n")


@reports_page
@require_safe
def handling_reports_csv(request):
    form = _form(request)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Kies een geldige periode en groepering."), content_type="text/plain")
    data = form.cleaned_data
    report = reports.handling_report(data["van"], data["tot"], data["per"], departments=_limit(request.user))
    from desk.reports import feedback as feedback_reports  # satisfaction columns (desk.feedback)

    satisfaction = feedback_reports.report_for(request.user, data["van"], data["tot"], data["per"])
    response, writer = _csv_response(f"rapport-{data['per']}-{data['van']:%Y%m%d}-{data['tot']:%Y%m%d}.csv")
    writer.writerow([
        report.group_label, _("ontvangen"), _("afgehandeld"),
        _("eerste antwoorden"), _("eerste antwoorden met termijn"), _("eerste antwoord binnen termijn"),
        _("eerste antwoord binnen termijn (%)"),
        _("afgehandeld met termijn"), _("afgehandeld binnen termijn"), _("afgehandeld binnen termijn (%)"),
        _("mediaan eerste antwoord (uren)"), _("mediaan eerste antwoord (werkuren)"),
        _("mediaan afhandeling (uren)"), _("mediaan afhandeling (werkuren)"),
        _("open nu"), _("te laat nu"), *feedback_reports.csv_header(),
    ])
    for row in [*report.rows, report.total]:
        writer.writerow([_cell(value) for value in (
            row.label, row.received, row.handled,
            row.first_responses, row.first_with_term, row.first_within, format_number(row.first_within_pct),
            row.resolved_with_term, row.resolved_within, format_number(row.resolved_within_pct),
            format_number(hours(row.median_first_s), 2), format_number(hours(row.median_first_working_s), 2),
            format_number(hours(row.median_resolution_s), 2),
            format_number(hours(row.median_resolution_working_s), 2),
            row.backlog, row.overdue, *feedback_reports.csv_cells(satisfaction, row.key))])
    return response


def _moment(value: datetime | None) -> str:
    return "" if value is None else timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")


def _seconds(value: float | None) -> str:
    return "" if value is None else str(round(value))


def _flag(value: bool | None) -> str:
    return "" if value is None else ("1" if value else "0")


@reports_page
@require_safe
def case_events_csv(request):
    """One row per case received in the period: times, durations (seconds), within-term flags (1/0/empty)
    and the codes of its department, channel, category and kind at reception. No personal data."""
    form = _form(request)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Kies een geldige periode."), content_type="text/plain")
    data = form.cleaned_data
    response, writer = _csv_response(f"dossiers-{data['van']:%Y%m%d}-{data['tot']:%Y%m%d}.csv")
    writer.writerow([
        "referentie", "soort", "kanaal", "categorie", "dienst", "status_nu", "ontvangen_op",
        "eerste_antwoord_op", "eerste_antwoord_s", "eerste_antwoord_werk_s", "eerste_antwoord_binnen_termijn",
        "afgesloten_op", "afgesloten_als", "afhandeling_s", "afhandeling_werk_s", "afhandeling_binnen_termijn",
        "heropend",
    ])
    for case in reports.case_timelines(data["van"], data["tot"], departments=_limit(request.user)):
        writer.writerow([_cell(value) for value in (
            case.reference, case.kind, case.channel, case.category, case.department, case.state_now,
            _moment(case.received_at), _moment(case.first_response_at), _seconds(case.first_response_s),
            _seconds(case.first_response_working_s), _flag(case.first_response_within_term),
            _moment(case.closed_at), case.closing_state, _seconds(case.resolution_s),
            _seconds(case.resolution_working_s), _flag(case.resolution_within_term), case.reopened)])
    return response
