"""The inbox of the back office (one list of cases from every channel), saved filters, and logging a call."""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from desk.cases import services
from desk.cases.forms.staff import show_case_error
from desk.cases.forms.staff_inbox import InboxFilterForm, PhoneCallForm, SavedFilterForm
from desk.cases.models import SavedFilter
from desk.cases.selectors.conversations import live_conversations
from desk.cases.selectors.inbox import inbox_cases, near_due_limit, page_of, urgency_of, visible_cases
from desk.cases.views.staff import staff_page

PAGE_PARAM = "pagina"
LIVE_LIMIT = 99


def _filter_query(data: QueryDict) -> str:
    """The query string of the known filter fields only (no page number), as saved and linked."""
    kept = [(name, value) for name in InboxFilterForm.base_fields for value in data.getlist(name) if value]
    return urlencode(kept)


@staff_page
@require_GET
def inbox(request):
    form = InboxFilterForm(request.GET or None, user=request.user)
    filters = form.filters() if form.is_bound else {}
    now = timezone.now()
    page = page_of(inbox_cases(request.user, filters, now=now), request.GET.get(PAGE_PARAM))
    near_limit = near_due_limit(now)
    query = _filter_query(request.GET)
    # Chat and WhatsApp waiting in "Gesprekken" (desk.channels.chat), fetched up to a limit: the inbox never counts.
    live = list(live_conversations(request.user)[:LIVE_LIMIT + 1])
    return render(request, "desk/staff/inbox.html", {
        "live_count": f"{LIVE_LIMIT}+" if len(live) > LIVE_LIMIT else len(live),
        "live_first": live[:3],
        "form": form,
        "page": page,
        "rows": [{"case": case, "urgency": urgency_of(case, now, near_limit)} for case in page],
        "query": query,
        "saved_filters": SavedFilter.objects.filter(user=request.user),
        "save_form": SavedFilterForm(initial={"query": query}),
        "filtered": bool(query),
    })


@staff_page
@require_POST
def filter_save(request):
    form = SavedFilterForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef de filter een naam (maximaal 100 tekens) om hem te bewaren."))
        return redirect("desk_staff:inbox")
    query = _filter_query(QueryDict(form.cleaned_data["query"].lstrip("?")))
    name = form.cleaned_data["name"].strip()
    try:
        with transaction.atomic():
            SavedFilter.objects.update_or_create(user=request.user, name=name, defaults={"query": query})
    except IntegrityError:  # a double click saved it at the same moment
        pass
    messages.success(request, _("De filter ‘%(name)s’ is bewaard.") % {"name": name})
    return redirect(f"{reverse('desk_staff:inbox')}?{query}" if query else reverse("desk_staff:inbox"))


@staff_page
@require_POST
def filter_delete(request, pk):
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    saved.delete()
    messages.success(request, _("De filter ‘%(name)s’ is verwijderd.") % {"name": saved.name})
    return redirect("desk_staff:inbox")


@staff_page
def phone(request):
    """An agent at 1777 logs a call; it becomes a case on the caller's behalf."""
    form = PhoneCallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duration = data.get("duration_minutes")
        try:
            case = services.log_phone_call(
                actor=request.user, summary=data["summary"], kind=data["kind"], category=data.get("category"),
                caller_name=data.get("caller_name", ""), caller_phone=data.get("caller_phone", ""),
                caller_email=data.get("caller_email", ""), duration_s=duration * 60 if duration is not None else None,
                latitude=data.get("latitude"), longitude=data.get("longitude"), address=data.get("address", ""))
        except services.CaseError as error:
            show_case_error(form, error if error.field != "location" else
                            services.CaseError(error.message, field="address"))
        else:
            messages.success(request, _("Het gesprek is geregistreerd als dossier %(reference)s.")
                             % {"reference": case.reference})
            if visible_cases(request.user).filter(pk=case.pk).exists():
                return redirect("desk_staff:case", reference=case.reference)
            return redirect("desk_staff:inbox")
    status = 400 if request.method == "POST" else 200
    return render(request, "desk/staff/phone.html", {"form": form}, status=status)
