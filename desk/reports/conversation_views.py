"""The weekly figures of the live conversations ("Gesprekken" → "Cijfers"), per channel."""
from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from desk.cases.views.staff import staff_page
from desk.reports import conversations as reports
from desk.reports.views import VIEW_REPORTS


class ReportForm(forms.Form):
    weeks = forms.TypedChoiceField(label=_("Periode"), coerce=int, initial=8, required=False,
                                   choices=[(4, _("de laatste 4 weken")), (8, _("de laatste 8 weken")),
                                            (13, _("de laatste 13 weken")), (26, _("de laatste 26 weken"))])


@staff_page
@permission_required(VIEW_REPORTS, raise_exception=True)
@require_GET
def conversation_report(request):
    """Weekly figures per live channel (chat, WhatsApp): started, answered in time, first answer, became a case."""
    form = ReportForm(request.GET or None)
    weeks = (form.cleaned_data.get("weeks") or 8) if form.is_bound and form.is_valid() else 8
    rows, totals = reports.weekly(request.user, weeks=weeks)
    return render(request, "desk/chat/staff/report.html", {"form": form, "rows": rows, "totals": totals,
                                                            "weeks": weeks})
