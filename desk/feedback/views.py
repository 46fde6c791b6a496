"""The satisfaction page behind the one-time link. No sign-in: the link is the key.

GET only shows the form (mail link scanners such as Safe Links fetch links: they cast no vote); POST
records the answer once. Used or expired: 410 with a friendly page and the contact options; unknown: 404.
"""
from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from desk.cases.services import CaseError
from desk.cases.views.external import private_page
from desk.feedback import services
from desk.feedback.forms import NO, YES, FeedbackForm


def _gone(request, feedback, reason: str | None = None):
    if feedback is None:
        return render(request, "desk/feedback/gone.html", {"reason": "unknown"}, status=404)
    reason = reason or ("answered" if feedback.is_answered else "expired")
    return render(request, "desk/feedback/gone.html", {"reason": reason, "case": feedback.case}, status=410)


@private_page
@csrf_protect
@require_http_methods(["GET", "POST"])
def answer(request, token):
    feedback = services.feedback_for_token(token)
    if feedback is None:
        return _gone(request, None)
    try:
        services.check_open(feedback)
    except services.FeedbackGone as gone:
        return _gone(request, feedback, gone.reason)
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            answer = form.answer()
            try:
                services.record_feedback(feedback, **answer)
            except services.FeedbackGone as gone:  # answered in another tab, or expired meanwhile
                return _gone(request, feedback, gone.reason)
            except CaseError as error:
                reasons = "reasons_yes" if answer["satisfied"] else "reasons_no"
                field = reasons if error.field == "reasons" else error.field
                form.add_error(field if field in form.fields else None, error.message)
            else:
                return redirect("feedback:thanks", token=token)
    else:
        preset = request.GET.get("tevreden")
        form = FeedbackForm(initial={"satisfied": preset} if preset in (YES, NO) else None)
    return render(request, "desk/feedback/answer.html", {
        "form": form, "feedback": feedback, "case": feedback.case,
    }, status=400 if form.errors else 200)


@private_page
@require_GET
def thanks(request, token):
    feedback = services.feedback_for_token(token)
    if feedback is None:
        return _gone(request, None)
    if not feedback.is_answered:
        return redirect("feedback:answer", token=token)
    return render(request, "desk/feedback/thanks.html", {"feedback": feedback, "case": feedback.case})
