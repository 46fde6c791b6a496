"""A case's own pages: the private tracking link and "Mijn meldingen en vragen" (history, reacting,
reopening, the reporter's photos)."""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from desk.cases import selectors, services
from desk.cases.forms.resident import ReactForm, ReopenForm
from desk.cases.models import Case
from desk.cases.services import CaseError
from desk.states import EventKind, State
from identity.decorators import resident_required


def resident_page(view):
    return login_required(resident_required(never_cache(view)))


def _private(response):
    """For pages whose URL holds a secret (the tracking token): never stored, never sent on as a referrer."""
    response["Cache-Control"] = "no-store, private"
    response["Referrer-Policy"] = "no-referrer"
    return response


def history(case: Case, *, full: bool) -> list[dict]:
    """The public history as the resident reads it. Staff names never appear: the city speaks as "de stad".

    ``full`` (the reporter) includes the messages; followers see the status changes only.
    """
    kinds = [EventKind.CREATED, EventKind.STATE_CHANGED]
    if full:
        kinds += [EventKind.MESSAGE_IN, EventKind.MESSAGE_OUT]
    rows = []
    for event in case.events.filter(is_public=True, kind__in=kinds).order_by("at", "pk"):
        if event.kind == EventKind.CREATED:
            title, text = _("Ontvangen"), ""
        elif event.kind == EventKind.STATE_CHANGED:
            title, text = _("Nieuwe status: %(state)s") % {"state": State(event.to_state).label}, event.text
        elif event.kind == EventKind.MESSAGE_OUT:
            title, text = _("Bericht van de stad"), event.text
        else:
            title, text = _("Jouw bericht"), event.text
        rows.append({"at": event.at, "title": title, "text": text, "kind": event.kind})
    return rows


def _can_react(case: Case) -> bool:
    return not case.is_closed and not case.linked_ref


def _case_actions(request, case: Case, *, resident=None):
    """Handle a POSTed reaction or reopening. Returns (done, react_form, reopen_form)."""
    action = request.POST.get("action") if request.method == "POST" else None
    react_form = ReactForm(request.POST if action == "react" else None)
    reopen_form = ReopenForm(request.POST if action == "reopen" else None)
    if action == "react":
        if not _can_react(case):
            react_form.add_error(None, _("Dit dossier is afgesloten. Je kan het heropenen, of bel gratis 1777."))
        elif react_form.is_valid():
            try:
                services.react(case, text=react_form.cleaned_data["text"], resident=resident)
            except CaseError as error:
                react_form.add_error("text" if error.field == "text" else None, error.message)
            else:
                messages.success(request, _("Je reactie is verstuurd. Je ziet ze hieronder bij het verloop."))
                return True, react_form, reopen_form
    elif action == "reopen" and not case.linked_ref and reopen_form.is_valid():
        try:
            services.reopen_by_resident(case, reason=reopen_form.cleaned_data["reason"])
        except CaseError as error:
            reopen_form.add_error("reason" if error.field == "reason" else None, error.message)
        else:
            messages.success(request, _("Je dossier is heropend. We bekijken het opnieuw."))
            return True, react_form, reopen_form
    return False, react_form, reopen_form


def _case_context(case: Case, react_form, reopen_form, *, full: bool = True) -> dict:
    return {
        "case": case, "state": State(case.state).label, "history": history(case, full=full),
        "react_form": react_form if (full and _can_react(case)) or react_form.errors else None,
        "reopen_form": reopen_form if full and not case.linked_ref and (services.can_reopen(case)
                                                                      or reopen_form.errors) else None,
        "reopen_days": settings.DESK_REOPEN_DAYS,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def track(request, token: str):
    case = services.case_for_tracking_token(token)
    if case is None:
        return _private(render(request, "desk/resident/track_not_found.html", status=404))
    done, react_form, reopen_form = _case_actions(request, case)
    if done:
        return _private(redirect(request.path))
    return _private(render(request, "desk/resident/track.html", _case_context(case, react_form, reopen_form)))


def _linked_url(case: Case) -> str:
    # Set by our own apps (certificates) to a path on this site; anything else is not shown.
    return case.linked_url if case.linked_url.startswith("/") and not case.linked_url.startswith("//") else ""


@resident_page
@require_GET
def my_cases(request):
    resident = request.user.resident
    rows = [{
        "case": case, "own": case.resident_id == resident.pk, "linked_url": _linked_url(case),
        "state": case.linked_status if case.linked_ref and case.linked_status else State(case.state).label,
    } for case in selectors.cases_of_resident(resident)]
    return render(request, "desk/resident/my_cases.html", {"rows": rows})


def _visible_case(request, reference: str) -> Case:
    case = selectors.case_visible_to_resident(request.user.resident, reference)
    if case is None:
        raise Http404
    return case


@resident_page
@require_http_methods(["GET", "POST"])
def my_case(request, reference: str):
    resident = request.user.resident
    case = _visible_case(request, reference)
    own = case.resident_id == resident.pk
    if request.method == "POST" and not own:
        raise Http404  # followers read along; only the reporter reacts or reopens
    done, react_form, reopen_form = _case_actions(request, case, resident=resident)
    if done:
        return redirect("desk:my_case", reference=case.reference)
    context = _case_context(case, react_form, reopen_form, full=own)
    context.update(own=own, linked_url=_linked_url(case),
                   photos=list(case.attachments.filter(message__isnull=True)) if own else [],
                   status_label=case.linked_status if case.linked_ref and case.linked_status else context["state"])
    return render(request, "desk/resident/my_case.html", context)


@resident_page
@require_GET
def my_photo(request, reference: str, pk: int):
    case = _visible_case(request, reference)
    if case.resident_id != request.user.resident.pk:
        raise Http404  # a follower does not see the reporter's photos
    attachment = case.attachments.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = "inline"
    response["Cache-Control"] = "no-store, private"
    return response

