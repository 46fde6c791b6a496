"""Resident pages: "Mijn aanvragen", one request with its status, the answer to a question, the document.

Views stay thin: forms validate, ``services`` move requests, ``selectors`` read them.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from common import throttle
from identity.decorators import resident_required

from . import selectors, services, types
from .forms import AnswerForm
from .models import CertificateRequest
from .states import FINAL_STATES, Status

# Statuses whose history row carries a note the resident should read (the refusal, the question).
NOTE_STATUSES = {Status.REFUSED, Status.INFO_REQUESTED}


def resident_page(view):
    return login_required(resident_required(never_cache(view)))


def _type_name(type_code: str) -> str:
    return types.get(type_code).name if types.exists(type_code) else type_code


# --- "Mijn aanvragen" -----------------------------------------------------------------------------
@resident_page
@require_GET
def my_requests(request):
    resident = request.user.resident
    rows = [{"request": item, "type_name": _type_name(item.type_code)} for item in selectors.requests_of(resident)]
    drafts = [{"draft": draft, "type_name": _type_name(draft.type_code)}
              for draft in selectors.drafts_of(resident) if types.exists(draft.type_code)]
    return render(request, "certificates/my_requests.html", {"rows": rows, "drafts": drafts})


def _own_request_or_404(request, public_id) -> CertificateRequest:
    found = selectors.request_of(request.user.resident, public_id)
    if found is None:
        raise Http404
    return found


def _history_rows(certificate_request) -> list[dict]:
    return [{
        "at": change.at,
        "at_display": formats.date_format(timezone.localtime(change.at), "DATETIME_FORMAT"),
        "status": change.to_status,
        "label": str(Status(change.to_status).label),
        "note": change.public_note if change.to_status in NOTE_STATUSES else "",
    } for change in selectors.history_of(certificate_request)]


@resident_page
@require_http_methods(["GET", "POST"])
def detail(request, public_id):
    certificate_request = _own_request_or_404(request, public_id)
    answer_form = None
    if certificate_request.status == Status.INFO_REQUESTED:
        answer_form = AnswerForm(request.POST or None, request.FILES or None,
                                 address=throttle.client_address(request))
        if request.method == "POST" and answer_form.is_valid():
            try:
                services.answer_information(certificate_request, answer=answer_form.cleaned_data["answer"] or "",
                                            attachment=answer_form.cleaned_data.get("attachment") or None)
            except services.TransitionNotAllowed:
                messages.error(request, _("Deze aanvraag wacht niet meer op je antwoord."))
            else:
                messages.success(request, _("Bedankt, je antwoord is verstuurd. Een medewerker bekijkt je aanvraag."))
            return redirect("certificates:detail", public_id=certificate_request.public_id)
    elif request.method == "POST":
        return redirect("certificates:detail", public_id=certificate_request.public_id)
    document = selectors.delivered_document(certificate_request) if certificate_request.status == Status.READY \
        else None
    return render(request, "certificates/detail.html", {
        "item": certificate_request,
        "document": document,
        "expected_by": selectors.expected_decision(certificate_request),
        "type_name": _type_name(certificate_request.type_code),
        "history": _history_rows(certificate_request),
        "is_final": certificate_request.status in FINAL_STATES,
        "answer_form": answer_form,
    })


@resident_page
@require_GET
def status(request, public_id):
    """The current status and its history, for requests.js (progressive enhancement of the detail page)."""
    certificate_request = _own_request_or_404(request, public_id)
    history = _history_rows(certificate_request)
    for row in history:
        row["at"] = row["at"].isoformat()
    document = selectors.delivered_document(certificate_request) if certificate_request.status == Status.READY \
        else None
    return JsonResponse({
        "document_url": reverse("mailbox:download", kwargs={"public_id": document.message.public_id,
                                                            "document_id": document.public_id}) if document else "",
        "document_label": _("Download %(name)s (PDF)") % {"name": _type_name(certificate_request.type_code)},
        "status": certificate_request.status,
        "label": str(Status(certificate_request.status).label),
        "final": certificate_request.status in FINAL_STATES,
        "history": history,
    })
