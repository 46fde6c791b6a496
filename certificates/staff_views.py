"""Staff pages under /balie/attesten/: the approval queue, a request's review, decisions, failed jobs.

identity.middleware already demands a verified second factor under /balie/; these views add the
permission ``certificates.decide_certificate_request``. Register reads go through registry.services
with a staff Access, so every look at a person's data is audited there.
"""
from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from identity import nrn
from registry import services as registry

from . import selectors, services, staff_labels, types
from .forms import AskInformationForm, QueueFilterForm, RefuseForm, sniff_mandate
from .models import CertificateRequest
from .states import Status

DECIDE = "certificates.decide_certificate_request"
PAGE_SIZE = 25
# FAILED too: a request the register rules out fails at once in the worker, and staff refuse it with the reason.
UNDECIDED = {Status.AWAITING_APPROVAL, Status.INFO_REQUESTED, Status.FAILED}


def staff_page(view):
    return never_cache(login_required(permission_required(DECIDE, raise_exception=True)(view), login_url="staff:login"))


def _type_name(type_code: str) -> str:
    return types.get(type_code).name if types.exists(type_code) else type_code


@staff_page
@require_GET
def queue(request):
    tab = request.GET.get("tab", "wachtend")
    if tab not in selectors.QUEUE_TABS:
        tab = "wachtend"
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.approval_queue(status=selectors.QUEUE_TABS[tab], type_code=filters.get("type") or "",
                                        for_whom=filters.get("for_whom") or "",
                                        older_than_days=filters.get("older_than"))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("pagina"))
    kept = {key: value for key, value in request.GET.items() if key != "pagina" and value}
    return render(request, "certificates/staff/queue.html", {
        "form": form, "tab": tab, "page": page,
        "rows": [{"request": item, "type_name": _type_name(item.type_code)} for item in page],
        "query": urlencode(kept),
        "tab_links": _tab_links({k: v for k, v in kept.items() if k != "tab"}),
    })


def _tab_links(filters: dict) -> list[tuple[str, str]]:
    """The queue's tabs (keeping the filters) and the failed jobs as a last tab."""
    queue_url = reverse("certificate_staff:queue")
    links = [(key, f"{queue_url}?{urlencode({**filters, 'tab': key})}") for key in selectors.QUEUE_TABS]
    return [*links, ("mislukt", reverse("certificate_staff:failed"))]


def _register_data(request, item: CertificateRequest) -> dict:
    """What staff need to decide: subject and requester as the register knows them, and their relation."""
    access = registry.Access.staff(request.user, purpose=f"beoordeling aanvraag {item.reference}")
    requester_number = item.requester.national_number
    subject = registry.get_person(item.subject_number, access=access)
    requester = subject if requester_number == item.subject_number \
        else registry.get_person(requester_number, access=access)
    relation = registry.may_act_for(requester_number, item.subject_number)
    return {
        "subject": subject,
        "subject_number": nrn.formatted(item.subject_number),
        "requester_person": requester,
        "requester_number": nrn.formatted(requester_number),
        "relation": staff_labels.relation_label(relation.kind) if relation else None,
    }


@staff_page
@require_GET
def detail(request, public_id):
    item = get_object_or_404(CertificateRequest.objects.select_related("requester"), public_id=public_id)
    return _render_detail(request, item)


def _render_detail(request, item, *, refuse_form=None, ask_form=None, status=200):
    context = {
        "item": item,
        "type_name": _type_name(item.type_code),
        "history": selectors.history_of(item),
        "undecided": item.status in UNDECIDED,
        "can_ask": item.status == Status.AWAITING_APPROVAL,
        "refuse_form": refuse_form or RefuseForm(),
        "ask_form": ask_form or AskInformationForm(),
    }
    if item.status in UNDECIDED:  # register data only while there is something to decide
        context.update(_register_data(request, item))
    return render(request, "certificates/staff/detail.html", context, status=status)


def _already_handled(request, item):
    messages.error(request, _("Deze aanvraag is intussen al behandeld. Bekijk de huidige status."))
    return redirect("certificate_staff:detail", public_id=item.public_id)


@staff_page
@require_POST
def approve(request, public_id):
    item = get_object_or_404(CertificateRequest, public_id=public_id)
    try:
        services.approve(item, actor=request.user)
    except services.TransitionNotAllowed:
        return _already_handled(request, item)
    messages.success(request, _("Aanvraag %(reference)s is goedgekeurd. Het attest wordt aangemaakt.")
                     % {"reference": item.reference})
    return redirect("certificate_staff:queue")


@staff_page
@require_POST
def refuse(request, public_id):
    item = get_object_or_404(CertificateRequest.objects.select_related("requester"), public_id=public_id)
    form = RefuseForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, item, refuse_form=form, status=400)
    try:
        services.refuse(item, actor=request.user, reason=form.cleaned_data["reason"])
    except services.TransitionNotAllowed:
        return _already_handled(request, item)
    messages.success(request, _("Aanvraag %(reference)s is geweigerd. De inwoner krijgt een bericht.")
                     % {"reference": item.reference})
    return redirect("certificate_staff:queue")


@staff_page
@require_POST
def ask_information(request, public_id):
    item = get_object_or_404(CertificateRequest.objects.select_related("requester"), public_id=public_id)
    form = AskInformationForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, item, ask_form=form, status=400)
    try:
        services.ask_for_information(item, actor=request.user, question=form.cleaned_data["question"])
    except services.TransitionNotAllowed:
        return _already_handled(request, item)
    messages.success(request, _("Je vraag bij aanvraag %(reference)s is naar de inwoner gestuurd.")
                     % {"reference": item.reference})
    return redirect("certificate_staff:queue")


def _staff_file(field_file, *, filename: str):
    """A resident's cleaned upload for staff: always downloaded (never rendered inline), never cached."""
    handle = field_file.open("rb")
    content_type = sniff_mandate(handle) or "application/octet-stream"
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(content_type, "bin")
    response = FileResponse(handle, as_attachment=True, filename=f"{filename}.{extension}", content_type=content_type)
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_page
@require_GET
def answer_attachment(request, public_id):
    """The document the resident sent with their answer; like the mandate, not register data (no audit row)."""
    item = get_object_or_404(CertificateRequest, public_id=public_id)
    if not item.info_attachment:
        raise Http404
    return _staff_file(item.info_attachment, filename=f"antwoord-{item.reference}")


@staff_page
@require_GET
def mandate(request, public_id):
    """The uploaded proxy, for staff only; never cached, always downloaded (never rendered inline)."""
    item = get_object_or_404(CertificateRequest, public_id=public_id)
    if not item.mandate:
        raise Http404
    return _staff_file(item.mandate, filename=f"volmacht-{item.reference}")


@staff_page
@require_GET
def failed(request):
    page = Paginator(selectors.failed_requests(), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "certificates/staff/failed.html", {
        "page": page, "tab": "mislukt", "tab_links": _tab_links({}),
        "rows": [{"request": item, "type_name": _type_name(item.type_code)} for item in page],
    })


@staff_page
@require_POST
def retry(request, public_id):
    item = get_object_or_404(CertificateRequest, public_id=public_id)
    try:
        services.retry_failed(item, actor=request.user)
    except services.TransitionNotAllowed:
        messages.error(request, _("Deze aanvraag staat niet meer op mislukt."))
    else:
        messages.success(request, _("Aanvraag %(reference)s wordt opnieuw aangemaakt.") % {"reference": item.reference})
    return redirect("certificate_staff:failed")
