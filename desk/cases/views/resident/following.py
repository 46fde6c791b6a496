"""Following someone else's open report: signed in, or with an e-mail address for the updates."""
from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from common import throttle
from desk.cases import selectors, services
from desk.cases.forms.resident import FollowForm
from desk.cases.models import Case
from desk.cases.services import CaseError
from desk.cases.views.resident.session import rate_limited, remember, signed_in_resident
from desk.states import OPEN_STATES, State

FOLLOWED_KEY = "desk_followed"  # session key: {reference: "new" | "already" | "own"}


def _followable(reference: str) -> Case:
    case = selectors.public_cases().filter(reference=reference, state__in=OPEN_STATES).first()
    if case is None:
        raise Http404
    return case


@never_cache
@require_http_methods(["GET", "POST"])
def follow(request, reference: str):
    case = _followable(reference)
    resident = signed_in_resident(request)
    form = None if resident else FollowForm(request.POST or None)
    if request.method == "POST":
        if throttle.hit(request, scope="desk-follow", rate=settings.DESK_SUBMIT_RATE):
            return rate_limited(request)
        if resident is not None and case.resident_id == resident.pk:
            outcome = "own"
        elif form is None or form.is_valid():
            try:
                created = services.follow(case, resident=resident, email=form.cleaned_data["email"] if form else "")
            except CaseError as error:
                if form is None:
                    raise
                outcome = None
                form.add_error("email", error.message)
            else:
                outcome = "new" if created else "already"
        else:
            outcome = None
        if outcome:
            remember(request, FOLLOWED_KEY, case.reference, outcome)
            return redirect("desk:followed", reference=case.reference)
    return render(request, "desk/resident/follow.html", {
        "case": case, "form": form, "state": State(case.state).label, "signed_in": resident is not None})


@never_cache
@require_GET
def followed(request, reference: str):
    outcome = request.session.get(FOLLOWED_KEY, {}).get(reference)
    case = Case.objects.select_related("category").filter(reference=reference).first()
    if outcome is None or case is None:
        raise Http404
    return render(request, "desk/resident/followed.html", {
        "case": case, "outcome": outcome, "signed_in": signed_in_resident(request) is not None})

