"""Resident pages: the catalogue and the request wizard ("Mijn aanvragen" and a request: request_views).

Views stay thin: forms validate, ``services`` create and move requests, ``selectors`` read them.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.core.files.storage import default_storage
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from formtools.wizard.views import NamedUrlSessionWizardView

from common import throttle
from identity.assist.services import registry_access
from identity.decorators import resident_required
from registry import services as registry

from . import eligibility, selectors, services, types, uploads, wording
from .forms import DeliveryForm, ForWhomForm, PurposeForm, ReviewForm
from .models import CertificateRequest
from .types import ActFormat, Family, ForWhom

STEP_FOR_WHOM, STEP_PURPOSE, STEP_DELIVERY, STEP_REVIEW = "voor-wie", "doel", "levering", "controle"
DONE_STEP = "klaar"
STEP_TITLES = {
    STEP_FOR_WHOM: gettext_lazy("Voor wie"),
    STEP_PURPOSE: gettext_lazy("Doel"),
    STEP_DELIVERY: gettext_lazy("Levering"),
    STEP_REVIEW: gettext_lazy("Controle"),
}
WIZARD_FORMS = [
    (STEP_FOR_WHOM, ForWhomForm),
    (STEP_PURPOSE, PurposeForm),
    (STEP_DELIVERY, DeliveryForm),
    (STEP_REVIEW, ReviewForm),
]


def resident_page(view):
    return login_required(resident_required(never_cache(view)))


def _type_name(type_code: str) -> str:
    return types.get(type_code).name if types.exists(type_code) else type_code


# --- catalogue ------------------------------------------------------------------------------------
def _not_for_me(request) -> dict:
    """Per type, why the register says it cannot be about the signed-in resident (the catalogue marks it).

    Reads about oneself are not audited; in an assisted session they would be, sixteen times over, and the
    volunteer would read the reasons: there the marks are left out and the wizard still refuses at submit."""
    if getattr(request, "assisted_session", None) is not None:
        return {}
    access = registry.Access.resident_self(request.user)
    number = request.user.resident.national_number
    marks = {}
    for certificate_type in types.all_types():
        if not certificate_type.allows(ForWhom.SELF):
            continue  # e.g. a death act: never about oneself, nothing to mark
        refusal = eligibility.check(certificate_type, number, access=access)
        if refusal is not None:
            marks[certificate_type.code] = refusal
    return marks


@resident_page
@require_GET
def catalogue(request):
    marks = _not_for_me(request)
    families = []
    for family in Family:
        members = [(t, marks.get(t.code)) for t in types.all_types() if t.family == family]
        if members:
            families.append((family, members))
    drafts = {draft.type_code for draft in selectors.drafts_of(request.user.resident)}
    return render(request, "certificates/catalogue.html", {"families": families, "drafts": drafts})


# --- the wizard ----------------------------------------------------------------------------------
def _needs_for_whom(wizard) -> bool:
    """Only oneself is possible: nothing to choose, so no step."""
    return tuple(wizard.certificate_type.for_whom) != (ForWhom.SELF,)


def _needs_purpose(wizard) -> bool:
    certificate_type = wizard.certificate_type
    return bool(certificate_type.asks_purpose or certificate_type.purposes or certificate_type.formats
                or certificate_type.family == Family.CIVIL_STATUS_ACT)


@method_decorator(never_cache, name="dispatch")
class CertificateWizard(NamedUrlSessionWizardView):
    """One wizard per certificate type; each step has its own URL, so back, forward and reload work."""

    template_name = "certificates/wizard.html"
    draft_action_field = "draft_action"
    # Files replace each other per step, live in the configured storage and are tracked (certificates.uploads).
    storage_name = "certificates.wizard_storage.TrackedSessionStorage"

    @property
    def file_storage(self):
        return default_storage

    def dispatch(self, request, *args, **kwargs):
        type_code = kwargs.get("type_code", "")
        if not types.exists(type_code):
            raise Http404
        self.type_code = type_code
        self.certificate_type = types.get(type_code)
        self.resident = request.user.resident
        self.eligibility_checked = {}  # one HTTP request: revalidation and submit ask the register once
        return super().dispatch(request, *args, **kwargs)

    def get_prefix(self, request, *args, **kwargs):
        return f"certificate_{self.type_code}"

    def get_step_url(self, step):
        return reverse("certificates:wizard_step", kwargs={"type_code": self.type_code, "step": step})

    def get_form_kwargs(self, step=None):
        if step == STEP_FOR_WHOM:
            return {"certificate_type": self.certificate_type, "requester_number": self.resident.national_number,
                    "resident": self.resident, "address": throttle.client_address(self.request),
                    "own_access": registry_access(self.request), "checked": self.eligibility_checked}
        if step in (STEP_PURPOSE, STEP_DELIVERY):
            return {"certificate_type": self.certificate_type}
        return {}

    def get_form_step_data(self, form):
        # Keep only this step's own fields: no CSRF token, no management form (this is also the draft).
        prefix = f"{form.prefix}-"
        return {key: form.data.getlist(key) for key in form.data if key.startswith(prefix)}

    def process_step_files(self, form):
        # Keep the cleaned copies the form made (a re-encoded image, a rasterised PDF), never the upload itself.
        return {f"{form.prefix}-{name}": form.cleaned_data[name] for name in form.files_to_keep()} \
            if hasattr(form, "files_to_keep") else {}

    # GET -------------------------------------------------------------------------------------
    def get(self, request, *args, **kwargs):
        step = kwargs.get("step")
        if step is None:
            draft = selectors.draft_of(self.resident, self.type_code)
            if draft is not None:
                return render(request, "certificates/resume.html", {
                    "certificate_type": self.certificate_type, "draft": draft,
                    "action": reverse("certificates:wizard", kwargs={"type_code": self.type_code}),
                })
            if self.storage.current_step not in self.get_form_list():
                self.storage.reset()
                self.storage.current_step = self.steps.first
            return redirect(self.get_step_url(self.steps.current))
        if step == self.done_step_name:
            # Submitting happens on the review step's POST only, never on a GET.
            return redirect(self.get_step_url(self.storage.current_step or self.steps.first))
        return super().get(request, *args, **kwargs)

    # POST ------------------------------------------------------------------------------------
    def post(self, *args, **kwargs):
        action = self.request.POST.get(self.draft_action_field)
        if kwargs.get("step") is None and action in {"resume", "restart"}:
            return self._resume() if action == "resume" else self._restart()
        # formtools looks the management form's step up in the form list without asking: an unknown one
        # would be a KeyError (500). A step we do not have is a bad request (the 400 page).
        posted_step = self.request.POST.get(f"{self.prefix}-current_step")
        if posted_step is not None and posted_step not in self.get_form_list():
            raise BadRequest("unknown wizard step")
        return super().post(*args, **kwargs)

    def _resume(self):
        draft = selectors.draft_of(self.resident, self.type_code)
        self.storage.reset()
        uploads.forget_wizard(self.resident, self.type_code)  # files of an ended session: out of reach now
        steps = self.get_form_list()
        if draft is not None:
            for step, values in (draft.data or {}).items():
                if step in steps and isinstance(values, dict):
                    self.storage.set_step_data(step, values)
            self.storage.current_step = draft.current_step if draft.current_step in steps else self.steps.first
        else:
            self.storage.current_step = self.steps.first
        return redirect(self.get_step_url(self.storage.current_step))

    def _restart(self):
        services.discard_draft(self.resident, self.type_code)
        self.storage.reset()
        uploads.forget_wizard(self.resident, self.type_code)
        self.storage.current_step = self.steps.first
        return redirect(self.get_step_url(self.steps.first))

    def render_next_step(self, form, **kwargs):
        response = super().render_next_step(form, **kwargs)
        services.save_draft(self.resident, self.type_code, self.storage.data[self.storage.step_data_key],
                            self.storage.current_step)
        return response

    def render_done(self, form, **kwargs):
        """Revalidate every step against the registry again, then submit; stay on the review on refusal.

        Replaces formtools' render_done (which would call done()): submitting here keeps the review form
        at hand to show a refusal on it."""
        final_forms = {}
        for step in self.get_form_list():
            step_form = self.get_form(step=step, data=self.storage.get_step_data(step),
                                      files=self.storage.get_step_files(step))
            if not step_form.is_valid():
                return self.render_revalidation_failure(step, step_form, **kwargs)
            final_forms[step] = step_form
        try:
            certificate_request = self._submit(final_forms)
        except services.RequestRefused as refused:
            self.storage.current_step = STEP_REVIEW
            form.add_error(None, refused.message)
            return self.render(form)
        self.storage.reset()
        services.discard_draft(self.resident, self.type_code)
        uploads.forget_wizard(self.resident, self.type_code)
        messages.success(self.request, _("Je aanvraag is verstuurd. Je referentie is %(reference)s.")
                         % {"reference": certificate_request.reference})
        return redirect("certificates:detail", public_id=certificate_request.public_id)

    def _submit(self, final_forms) -> CertificateRequest:
        who = self._who(final_forms)
        purpose = final_forms[STEP_PURPOSE].cleaned_data if STEP_PURPOSE in final_forms else {}
        purpose_text = purpose.get("purpose", "")
        if purpose_text and self.certificate_type.purposes:
            # Stored as printed on the certificate: the administration's language.
            with translation.override(settings.LANGUAGE_CODE):
                purpose_text = final_forms[STEP_PURPOSE].purpose_label(purpose_text)
        return services.submit_request(
            requester=self.resident, type_code=self.type_code, for_whom=who["for_whom"],
            subject_number=who["subject_number"], subject_name=who["subject_name"],
            acr=self.request.session.get("oidc_acr", ""), purpose=purpose_text,
            recipient=purpose.get("recipient", ""), use_abroad=bool(purpose.get("use_abroad")),
            abroad_country=purpose.get("abroad_country", ""), act_format=purpose.get("act_format", ""),
            delivery=final_forms[STEP_DELIVERY].cleaned_data["delivery"], mandate=who.get("mandate") or None,
            access=registry_access(self.request), checked=self.eligibility_checked,
        )

    def _who(self, final_forms) -> dict:
        if STEP_FOR_WHOM in final_forms:
            return final_forms[STEP_FOR_WHOM].cleaned_data
        number = self.resident.national_number
        # An assisted session (a volunteer at a public computer) is audited as such.
        person = registry.get_person(number, access=registry_access(self.request))
        return {"for_whom": ForWhom.SELF, "subject_number": number,
                "subject_name": person.full_name if person else str(self.resident)}

    # context ---------------------------------------------------------------------------------
    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        steps = list(self.get_form_list())
        current = self.steps.current
        context.update({
            "certificate_type": self.certificate_type,
            "step_list": [{"name": step, "title": self._step_title(step), "current": step == current,
                           "url": self.get_step_url(step)} for step in steps],
            "step_title": self._step_title(current),
            "prev_step": self.steps.prev,
            "is_review": current == STEP_REVIEW,
            "has_files": current == STEP_FOR_WHOM and "mandate" in form.fields,
        })
        if current == STEP_REVIEW:
            context["summary"] = self._summary(steps)
        return context

    def _step_title(self, step):
        # The purpose step of an act asks its form and use abroad, not a purpose: call it that.
        return wording.question(self.certificate_type, "step_purpose") if step == STEP_PURPOSE else STEP_TITLES[step]

    def _summary(self, steps) -> list[dict]:
        """What the resident answered, per step, with a link back to change it."""
        sections = []
        for step in steps:
            if step == STEP_REVIEW:
                continue
            data = self.get_cleaned_data_for_step(step)
            rows = []
            if data is None:
                rows.append((_("Nog niet ingevuld"), ""))
            elif step == STEP_FOR_WHOM:
                rows.append((_("Over wie"), data["subject_name"]))
                rows.append((_("Voor wie"), ForWhom(data["for_whom"]).label))
                if data.get("mandate"):
                    rows.append((_("Volmacht"), data["mandate"].name))
            elif step == STEP_PURPOSE:
                form = self.get_form(step=step, data=self.storage.get_step_data(step))
                if "purpose" in data:
                    rows.append((_("Doel"), form.purpose_label(data["purpose"])))
                if data.get("recipient"):
                    rows.append((_("Bestemmeling"), data["recipient"]))
                if data.get("act_format"):
                    rows.append((_("Vorm"), ActFormat(data["act_format"]).label))
                abroad = data.get("use_abroad")
                rows.append((_("Gebruik in het buitenland"),
                             _("Ja, in %(country)s") % {"country": data["abroad_country"]} if abroad else _("Nee")))
            elif step == STEP_DELIVERY:
                rows.append((_("Levering"), CertificateRequest.Delivery(data["delivery"]).label))
            sections.append({"step": step, "title": self._step_title(step), "rows": rows,
                             "url": self.get_step_url(step)})
        if STEP_FOR_WHOM not in steps:
            sections.insert(0, {"step": "", "title": STEP_TITLES[STEP_FOR_WHOM], "url": "",
                                "rows": [(_("Voor wie"), ForWhom.SELF.label)]})
        return sections


certificate_wizard = login_required(resident_required(CertificateWizard.as_view(
    WIZARD_FORMS, url_name="certificates:wizard_step", done_step_name=DONE_STEP,
    condition_dict={STEP_FOR_WHOM: _needs_for_whom, STEP_PURPOSE: _needs_purpose},
)))
