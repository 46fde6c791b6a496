"""Public pages to check a certificate (no sign-in, no JavaScript): by code, or by uploading the PDF."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from common import throttle

from . import verification
from .pdf_sandbox import TryLater

RATE_WINDOW_SECONDS = 10 * 60


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Verificatiecode"), max_length=40,
        help_text=_("De code staat op het attest, naast de QR-code, bijvoorbeeld ABCD-EFGH-JKMN."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self):
        code = verification.normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Een verificatiecode bestaat uit 12 letters en cijfers, "
                                          "bijvoorbeeld ABCD-EFGH-JKMN."))
        return code


class DocumentForm(forms.Form):
    document = forms.FileField(
        label=_("PDF-bestand van het attest"),
        help_text=_("Het PDF-bestand zoals je het kreeg (maximaal 10 MB). We bewaren het niet."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


def over_rate_limit(request) -> bool:
    """Count one verification attempt for this address; True when it exceeds VERIFY_RATE_LIMIT per 10 min."""
    rate = f"{settings.VERIFY_RATE_LIMIT}/{RATE_WINDOW_SECONDS // 60}m"
    return throttle.hit(request, scope="verify", rate=rate)


def _too_many(request):
    response = render(request, "certificates/verify/rate_limited.html",
                      {"minutes": RATE_WINDOW_SECONDS // 60}, status=429)
    response["Retry-After"] = str(RATE_WINDOW_SECONDS)
    return response


def _start_page(request, *, code_form=None, document_form=None, status=200):
    return render(request, "certificates/verify/start.html", {
        "code_form": code_form or CodeForm(), "document_form": document_form or DocumentForm(),
    }, status=status)


@require_http_methods(["GET", "POST"])
def start(request):
    """The form: a verification code, or (separately) the PDF file."""
    if request.method == "POST":
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            return redirect("verify:by_code", code=code_form.cleaned_data["code"])
        return _start_page(request, code_form=code_form)
    return _start_page(request)


@never_cache
@require_http_methods(["GET"])
def by_code(request, code):
    """What we know about the certificate with this code: its type, dates and fingerprint; nothing personal."""
    canonical = verification.normalise_code(code)
    if canonical and canonical != code:
        return redirect("verify:by_code", code=canonical)
    if over_rate_limit(request):
        return _too_many(request)
    result = verification.by_code(code)
    return render(request, "certificates/verify/result.html", {"result": result, "checked": "code"})


@never_cache
@csrf_exempt  # only so that the size is checked before the CSRF check parses the body; see csrf_protect below
@require_POST
def by_document(request):
    """Check an uploaded PDF: authentic, altered, not ours, expired or not a PDF."""
    if over_rate_limit(request):
        return _too_many(request)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > verification.MAX_UPLOAD_BYTES + 64 * 1024:
        # Refuse before Django reads the body into a temporary file.
        return render(request, "certificates/verify/result.html",
                      {"result": verification.too_large_result(), "checked": "document"}, status=413)
    return _check_document(request)


@csrf_protect
def _check_document(request):
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _start_page(request, document_form=form, status=400)
    try:
        result = verification.check_uploaded_pdf(form.cleaned_data["document"],
                                                 address=throttle.client_address(request))
    except TryLater as busy:
        response = render(request, "certificates/verify/try_later.html", status=503)
        response["Retry-After"] = str(busy.retry_after)
        return response
    return render(request, "certificates/verify/result.html", {"result": result, "checked": "document"})
