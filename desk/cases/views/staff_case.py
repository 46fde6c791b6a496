"""A case in the back office: everything about it, its photos, and the actions on it.

Each action is a POST form on the case page: on success it redirects back (PRG) with a message; a form
error or a services.CaseError re-renders the page with the error on that form (status 400), never a 500.
"""
from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from desk.cases import services
from desk.cases.forms.staff import show_case_error
from desk.cases.forms.staff_case import (
    AssignForm,
    ForwardForm,
    MergeForm,
    NoteForm,
    PublishPhotoForm,
    ReplyForm,
    SplitForm,
    StateForm,
)
from desk.cases.models import Attachment, Case
from desk.cases.selectors.inbox import near_due_limit, nearby_open_cases, urgency_of, visible_cases
from desk.cases.views.staff import case_or_404, public_map_url, staff_page
from desk.conversations.models import ConversationMessage
from desk.routing.models import Department
from desk.states import NEEDS_PUBLIC_NOTE, EventKind, staff_state_label

FORM_KEYS = ("assign_form", "note_form", "reply_form", "state_form", "forward_form", "merge_form", "split_form")


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def _assigned_to(event, departments: dict, people: dict) -> str:
    """ "aan Jan Peeters · Openbare verlichting": to whom an assignment went, from the names kept on the row."""
    data = event.data or {}
    parts = []
    if data.get("assignee"):
        parts.append(people.get(data["assignee"], data["assignee"]))
    if data.get("department"):
        parts.append(departments.get(data["department"], data["department"]))
    return _("aan %(whom)s") % {"whom": " · ".join(parts)} if parts else ""


def _history(case: Case) -> list[dict]:
    rows = []
    events = list(case.events.select_related("actor").order_by("at", "pk"))
    assigned = [event.data or {} for event in events if event.kind == EventKind.ASSIGNED]
    departments = {department.code: department.label() for department in
                   Department.objects.filter(code__in={data.get("department") for data in assigned} - {None, ""})}
    people = {user.get_username(): _person(user) for user in get_user_model().objects.filter(
        username__in={data.get("assignee") for data in assigned} - {None, ""})}
    for event in events:
        label = EventKind(event.kind).label if event.kind in EventKind.values else event.kind
        if event.kind == EventKind.ASSIGNED and (whom := _assigned_to(event, departments, people)):
            label = f"{label} {whom}"
        rows.append({
            "event": event,
            "label": label,
            "who": _person(event.actor) if event.actor_id else (event.actor_label or _("systeem")),
            "from_label": staff_state_label(event.from_state) if event.from_state else "",
            "to_label": staff_state_label(event.to_state) if event.to_state else "",
        })
    return rows


# The staff page of a linked request, by the kind in its linked_ref ("certificate-request:<uuid>"). URL names,
# not imports: desk knows nothing of the apps above it. The resident's link (linked_url) is no use to staff.
LINKED_STAFF_PAGES = {"certificate-request": "certificate_staff:detail"}


def linked_staff_url(case: Case) -> str:
    """Where staff open the request behind a linked case, or "" when there is no such page."""
    kind, _sep, identifier = (case.linked_ref or "").partition(":")
    if kind not in LINKED_STAFF_PAGES or not identifier:
        return ""
    try:
        return reverse(LINKED_STAFF_PAGES[kind], args=[identifier])
    except NoReverseMatch:
        return ""


def _conversation(case: Case) -> list[ConversationMessage]:
    if not case.conversation_id:
        return []
    return list(ConversationMessage.objects.filter(conversation_id=case.conversation_id)
                .select_related("author").order_by("created_at", "pk"))


def _reporter(case: Case) -> dict:
    """Staff data: the resident's name (never their national number) or the reporter's contact details."""
    if case.resident_id:
        return {"name": str(case.resident), "is_resident": True, "email": case.reporter_email,
                "phone": case.reporter_phone}
    return {"name": case.reporter_name, "is_resident": False, "email": case.reporter_email,
            "phone": case.reporter_phone}


def _render_case(request, case: Case, bound: dict | None = None, *, status: int = 200):
    user = request.user
    now = timezone.now()
    bound = bound or {}
    defaults: dict[str, Callable] = {
        "assign_form": lambda: AssignForm(case=case),
        "note_form": NoteForm,
        "reply_form": lambda: ReplyForm(case=case),
        "state_form": lambda: StateForm(case=case),
        "forward_form": lambda: ForwardForm(case=case),
        "merge_form": lambda: MergeForm(case=case, user=user),
        "split_form": lambda: SplitForm(case=case),
    }
    context = {key: bound.get(key) or make() for key, make in defaults.items()}
    replies = context["reply_form"].fields["canned"].queryset
    state_answers = context["state_form"].fields["canned"].queryset
    context.update({
        "case": case,
        "reporter": _reporter(case),
        "urgency": urgency_of(case, now, near_due_limit(now)),
        "history": _history(case),
        "conversation": _conversation(case),
        "followers_count": case.followers.count(),
        "photos": list(case.attachments.all()),
        "forwards": list(case.forwards.select_related("to_department", "created_by").order_by("-created_at")),
        "duplicates": list(case.duplicates.order_by("created_at")),
        "parts": list(case.parts.select_related("category").order_by("created_at")),
        "nearby": nearby_open_cases(case, user, now=now) if not case.is_closed else [],
        "map_url": public_map_url(case),
        "linked_staff_url": linked_staff_url(case),
        "open_action": next(iter(bound), ""),
        "can_change_state": bool(context["state_form"].fields["to_state"].choices),
        "canned_texts": {answer.pk: {"text": answer.text(case.language), "state": answer.proposed_state}
                         for answer in {*replies, *state_answers}},
        "now": now,
    })
    return render(request, "desk/staff/case.html", context, status=status)


def _done(request, case: Case, message: str):
    """PRG after an action: back to the case, or to the inbox when the user no longer sees the case."""
    messages.success(request, message)
    if visible_cases(request.user).filter(pk=case.pk).exists():
        return redirect("desk_staff:case", reference=case.reference)
    return redirect("desk_staff:inbox")


def _act(request, case: Case, key: str, form, action: Callable[[dict], str]):
    """Validate ``form``, run ``action`` (a call into desk.cases.services returning the success message)."""
    if form.is_valid():
        try:
            message = action(form.cleaned_data)
        except services.CaseError as error:
            show_case_error(form, error)
            case.refresh_from_db()  # the failed change was rolled back; show the case as it is
        else:
            return _done(request, case, message)
    return _render_case(request, case, {key: form}, status=400)


@staff_page
@require_GET
def case_detail(request, reference):
    return _render_case(request, case_or_404(request.user, reference))


@staff_page
@require_GET
def photo(request, reference, pk):
    """A photo of the case for staff (all of them, published or not); never cached."""
    case = case_or_404(request.user, reference)
    attachment = Attachment.objects.filter(case=case, pk=pk).first()
    if attachment is None or not attachment.file:
        raise Http404("No such photo")
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Photo file missing") from None
    response = FileResponse(handle, content_type=attachment.content_type or "application/octet-stream")
    response["Content-Disposition"] = f'inline; filename="{case.reference}-{attachment.pk}.jpg"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_page
@require_POST
def assign(request, reference):
    case = case_or_404(request.user, reference)

    def action(data):
        services.assign(case, department=data.get("department"), assignee=data.get("assignee"), actor=request.user)
        return _("Dossier %(reference)s is toegewezen.") % {"reference": case.reference}

    return _act(request, case, "assign_form", AssignForm(request.POST, case=case), action)


@staff_page
@require_POST
def take(request, reference):
    """"Neem zelf": assign the case to me."""
    case = case_or_404(request.user, reference)
    try:
        services.assign(case, assignee=request.user, actor=request.user, reason=_("zelf genomen"))
    except services.CaseError as error:
        messages.error(request, error.message)
        return redirect("desk_staff:case", reference=case.reference)
    return _done(request, case, _("Je behandelt nu dossier %(reference)s.") % {"reference": case.reference})


@staff_page
@require_POST
def note(request, reference):
    case = case_or_404(request.user, reference)

    def action(data):
        services.add_note(case, actor=request.user, text=data["text"])
        return _("De interne notitie is bewaard.")

    return _act(request, case, "note_form", NoteForm(request.POST), action)


@staff_page
@require_POST
def reply(request, reference):
    case = case_or_404(request.user, reference)
    form = ReplyForm(request.POST, case=case)
    if "use_canned" in request.POST:
        return _render_case(request, case, {"reply_form": form.with_canned_text()})

    def action(data):
        to_state = data.get("to_state") or ""
        if to_state in NEEDS_PUBLIC_NOTE:
            # Closing (or reopening) with this answer: it becomes the public reason, sent once with the change.
            services.change_state(case, to_state, actor=request.user, public_note=data["body"])
        else:
            services.reply(case, actor=request.user, body=data["body"], then_state=to_state)
        return _("Je antwoord is naar de inwoner gestuurd. De status is nu ‘%(state)s’.") % {
            "state": staff_state_label(case.state)}

    return _act(request, case, "reply_form", form, action)


@staff_page
@require_POST
def change_state(request, reference):
    case = case_or_404(request.user, reference)
    form = StateForm(request.POST, case=case)
    if "use_canned" in request.POST:
        return _render_case(request, case, {"state_form": form.with_canned_text()})

    def action(data):
        services.change_state(case, data["to_state"], actor=request.user, public_note=data.get("public_note", ""),
                              internal_note=data.get("internal_note", ""))
        return _("De status is nu ‘%(state)s’.") % {"state": staff_state_label(data["to_state"])}

    return _act(request, case, "state_form", form, action)


@staff_page
@require_POST
def forward(request, reference):
    case = case_or_404(request.user, reference)

    def action(data):
        department = data.get("to_department")
        services.forward(case, actor=request.user, question=data["question"], to_department=department,
                         to_email=data.get("to_email") or "")
        if department is not None:
            return _("Dossier %(reference)s is doorgestuurd naar %(department)s.") % {
                "reference": case.reference, "department": department.label()}
        return _("De vraag is per e-mail naar %(email)s gestuurd. Het antwoord komt in de geschiedenis van het "
                 "dossier.") % {"email": data["to_email"]}

    return _act(request, case, "forward_form", ForwardForm(request.POST, case=case), action)


@staff_page
@require_POST
def merge(request, reference):
    case = case_or_404(request.user, reference)

    def action(data):
        into = data["into"]
        services.merge(case, into=into, actor=request.user, public_note=data.get("public_note", ""))
        return _("Dossier %(reference)s is samengevoegd met %(into)s.") % {"reference": case.reference,
                                                                          "into": into.reference}

    return _act(request, case, "merge_form", MergeForm(request.POST, case=case, user=request.user), action)


@staff_page
@require_POST
def split(request, reference):
    case = case_or_404(request.user, reference)
    form = SplitForm(request.POST, case=case)

    def action(data):
        created = services.split(case, actor=request.user, parts=form.parts())
        return _("Dossier %(reference)s is gesplitst in %(parts)s.") % {
            "reference": case.reference, "parts": ", ".join(part.reference for part in created)}

    return _act(request, case, "split_form", form, action)


@staff_page
@require_POST
def photo_publish(request, reference, pk):
    case = case_or_404(request.user, reference)
    attachment = Attachment.objects.filter(case=case, pk=pk).first()
    if attachment is None:
        raise Http404("No such photo")
    form = PublishPhotoForm(request.POST)
    public = form.is_valid() and form.cleaned_data["public"]
    services.publish_photo(attachment, actor=request.user, public=public)
    if public:
        return _done(request, case, _("De foto staat nu op de openbare kaart (als de melding openbaar is)."))
    return _done(request, case, _("De foto is niet meer openbaar."))
