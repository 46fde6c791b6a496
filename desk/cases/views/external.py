"""An external party (a contractor, a utility, a partner without an account) answers a forwarded question.

No sign-in: the e-mailed link carries a token (only its hash is stored) that works once and expires after
DESK_FORWARD_LINK_DAYS. The page shows only what is needed to answer: the case's reference, category,
description, address and the question; never the reporter's personal data.
"""
from __future__ import annotations

from functools import wraps

from django import forms
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from common.tokens import hash_token
from desk.cases import services
from desk.cases.models import Forward


class ForwardAnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Je antwoord"), max_length=4000,
                             widget=forms.Textarea(attrs={"rows": 8}),
                             help_text=gettext_lazy("Je kan maar één keer antwoorden. De stad leest je antwoord "
                                                    "bij het dossier."))


def private_page(view):
    """The link is a secret: never cache the page, and never send it on as a referrer."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return wrapper


def _gone(request, forward: Forward | None):
    if forward is None:
        return render(request, "desk/external/link_invalid.html", {"reason": "unknown"}, status=404)
    reason = "answered" if forward.answered_at else "expired"
    return render(request, "desk/external/link_invalid.html", {"reason": reason}, status=410)


def _stored_forward(token: str) -> Forward | None:
    if not token:
        return None
    return Forward.objects.select_related("case", "case__category").filter(token_hash=hash_token(token)).first()


@private_page
@csrf_protect
@require_http_methods(["GET", "POST"])
def forward_answer(request, token):
    forward = services.forward_for_token(token)
    if forward is None:
        return _gone(request, _stored_forward(token))
    form = ForwardAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_forward(token, answer=form.cleaned_data["answer"])
        except services.CaseError as error:
            if error.field == "answer":
                form.add_error("answer", error.message)
            else:  # answered or expired between showing the form and sending it
                return _gone(request, _stored_forward(token))
        else:
            return redirect("desk:forward_thanks")
    case = forward.case
    return render(request, "desk/external/answer.html", {
        "forward": forward,
        "case": case,
        "category": case.category.label() if case.category_id else "",
        "expires_at": forward.expires_at,
        "form": form,
        "now": timezone.now(),
    }, status=400 if form.errors else 200)


@private_page
@require_GET
def forward_thanks(request):
    return render(request, "desk/external/thanks.html", {"title": _("Bedankt voor je antwoord")})
