""""Gesprekken" in the back office (/balie/desk/gesprekken/): the live conversations of every live channel
(web chat and WhatsApp), one conversation with its actions, and the channels' figures.

The same rules as the case pages: the desk's staff decorator (2FA, permission desk.handle_case), every
conversation looked up through desk.cases.selectors.conversations.visible_conversations (department staff get a
404 for other departments), each action a POST that redirects back (PRG) or re-renders with its error.
"""
from __future__ import annotations

from datetime import timedelta

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from desk.cases.models import Attachment
from desk.cases.selectors.conversations import LIVE_CHANNELS
from desk.cases.selectors.inbox import visible_cases
from desk.cases.services import CaseError
from desk.cases.views.staff import staff_page
from desk.channels.chat import render as chat_render
from desk.channels.chat import selectors
from desk.channels.chat.forms import AnswerForm, ConvertForm, DepartmentForm
from desk.channels.chat.fragments import after_id, fragment, is_fetch, nothing_new
from desk.channels.chat.stream import StreamSpec, event_stream_response, start_id
from desk.channels.chat.views import passive
from desk.conversations import services as conversation_services
from desk.conversations.models import Conversation
from desk.states import Channel, Kind

REPORTS_PERMISSION = "desk.view_handling_reports"


def _conversation_or_404(request, pk: int) -> Conversation:
    conversation = selectors.staff_conversation(request.user, pk)
    if conversation is None:
        raise Http404("No such conversation")
    return conversation


def title_of(conversation: Conversation) -> str:
    who = (str(conversation.resident) if conversation.resident_id else
           conversation.name or conversation.external_address or "")
    channel = capfirst(conversation.get_channel_display())
    if who:
        return _("%(channel)s met %(who)s") % {"channel": channel, "who": who}
    return _("%(channel)s, gesprek %(number)s") % {"channel": channel, "number": conversation.pk}


# --- the list --------------------------------------------------------------------------------------------
@staff_page
@require_GET
def conversations(request):
    channel = request.GET.get("kanaal", "")
    channel = channel if channel in LIVE_CHANNELS else ""
    rows = selectors.waiting_rows(request.user, channel=channel)
    labels = dict(Channel.choices)
    return render(request, "desk/chat/staff/list.html", {
        "rows": [{"row": row, "title": title_of(row.conversation)} for row in rows],
        "channel": channel,
        "channel_links": [{"value": "", "label": _("Alle kanalen")},
                          *[{"value": value, "label": labels[value]} for value in LIVE_CHANNELS]],
        "now": timezone.now(),
    })


# --- one conversation ------------------------------------------------------------------------------------
def _render_conversation(request, conversation: Conversation, bound: dict | None = None, *, status: int = 200):
    bound = bound or {}
    now = timezone.now()
    found = list(selectors.messages_of(conversation))
    case = conversation_services.case_of(conversation)
    answer_form = bound.get("answer_form") or AnswerForm(language=conversation.language)
    unanswered = conversation.first_response_at is None and conversation.first_response_due is not None
    late = unanswered and conversation.first_response_due < now
    due_soon = (unanswered and not late and conversation.first_response_due
                <= now + timedelta(minutes=settings.CHAT_NEAR_DUE_MINUTES))
    return render(request, "desk/chat/staff/conversation.html", {
        "conversation": conversation,
        "title": title_of(conversation),
        "case": case,
        "case_visible": case is not None and visible_cases(request.user).filter(pk=case.pk).exists(),
        "messages_html": chat_render.messages_html(found, chat_render.STAFF),
        "last_id": found[-1].pk if found else 0,
        "answer_form": answer_form,
        "department_form": bound.get("department_form") or DepartmentForm(
            initial={"department": conversation.department_id}),
        "convert_form": bound.get("convert_form") or ConvertForm(initial={"kind": Kind.QUESTION,
                                                                          "title": conversation.subject}),
        "canned_texts": {answer.pk: answer.text(conversation.language)
                         for answer in answer_form.fields["canned"].queryset},
        "late": late,
        "due_soon": due_soon,
        "is_open": conversation.state == Conversation.State.OPEN,
        "poll_seconds": settings.CHAT_POLL_SECONDS,
    }, status=status)


@staff_page
@require_GET
def conversation(request, pk: int):
    return _render_conversation(request, _conversation_or_404(request, pk))


@staff_page
@require_POST
def answer(request, pk: int):
    conversation = _conversation_or_404(request, pk)
    form = AnswerForm(request.POST, language=conversation.language)
    if "use_canned" in request.POST:
        return _render_conversation(request, conversation, {"answer_form": form.with_canned_text()})
    if form.is_valid():
        try:
            message = conversation_services.answer_conversation(
                conversation, actor=request.user, body=form.cleaned_data["body"], language=conversation.language)
        except CaseError as error:
            form.add_error("body", error.message)
        else:
            if is_fetch(request):
                after = after_id(request)
                found = selectors.messages_since(conversation.pk, message.pk - 1 if after is None
                                                 else min(after, message.pk - 1))
                return fragment(chat_render.messages_html(found, chat_render.STAFF))
            messages.success(request, _("Je antwoord is verstuurd."))
            return redirect(reverse("chat_staff:conversation", args=[conversation.pk]) + "#antwoorden")
    if is_fetch(request):
        errors = [str(error) for errors in form.errors.values() for error in errors]
        return fragment(render(request, "desk/chat/_send_errors.html", {"errors": errors}).content.decode(),
                         status=400)
    return _render_conversation(request, conversation, {"answer_form": form}, status=400)


@staff_page
@require_POST
def take(request, pk: int):
    """"Neem over": I answer this conversation."""
    conversation = _conversation_or_404(request, pk)
    conversation_services.assign_conversation(conversation, assignee=request.user, actor=request.user)
    messages.success(request, _("Je behandelt dit gesprek nu."))
    return redirect("chat_staff:conversation", pk=conversation.pk)


@staff_page
@require_POST
def assign(request, pk: int):
    """Give the conversation to another department (it leaves the list of staff who only see their own)."""
    conversation = _conversation_or_404(request, pk)
    form = DepartmentForm(request.POST)
    if not form.is_valid():
        return _render_conversation(request, conversation, {"department_form": form}, status=400)
    department = form.cleaned_data["department"]
    conversation_services.assign_conversation(conversation, department=department, actor=request.user)
    messages.success(request, _("Het gesprek is nu voor %(department)s.") % {"department": department.label()})
    if selectors.staff_conversation(request.user, conversation.pk) is None:
        return redirect("chat_staff:list")
    return redirect("chat_staff:conversation", pk=conversation.pk)


@staff_page
@require_POST
def close(request, pk: int):
    conversation = _conversation_or_404(request, pk)
    conversation_services.close_conversation(conversation, actor=request.user)
    messages.success(request, _("Het gesprek is afgesloten. Schrijft de inwoner opnieuw, dan gaat het weer open."))
    return redirect("chat_staff:list")


@staff_page
@require_POST
def convert(request, pk: int):
    """"Maak er een zaak van": a case routed and timed by the matrix, with the messages so far."""
    conversation = _conversation_or_404(request, pk)
    form = ConvertForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            case = conversation_services.convert_to_case(conversation, actor=request.user, kind=data["kind"],
                                        category=data.get("category"), title=data.get("title") or "",
                                        description=data.get("description") or "")
        except CaseError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Het gesprek is nu dossier %(reference)s.") % {"reference": case.reference})
            if visible_cases(request.user).filter(pk=case.pk).exists():
                return redirect("desk_staff:case", reference=case.reference)
            return redirect("chat_staff:list")
    return _render_conversation(request, conversation, {"convert_form": form}, status=400)


@staff_page
@require_GET
def photo(request, pk: int, attachment: int):
    """A photo sent in the conversation (WhatsApp), for staff only; never cached."""
    conversation = _conversation_or_404(request, pk)
    found = Attachment.objects.filter(pk=attachment, message__conversation=conversation).first()
    if found is None or not found.file:
        raise Http404("No such photo")
    try:
        handle = found.file.open("rb")
    except OSError:
        raise Http404("Photo file missing") from None
    response = FileResponse(handle, content_type=found.content_type or "application/octet-stream")
    response["Content-Disposition"] = f'inline; filename="gesprek-{conversation.pk}-{found.pk}.jpg"'
    response["Cache-Control"] = "no-store, private"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- new messages for the agent's page -------------------------------------------------------------------
@staff_page
@require_GET
def since(request, pk: int, last_id: int):
    conversation = _conversation_or_404(request, pk)
    passive(request)
    found = selectors.messages_since(conversation.pk, last_id)
    if not found:
        return nothing_new()
    return fragment(chat_render.messages_html(found, chat_render.STAFF))


@staff_page
@require_GET
async def events(request, pk: int):
    user = await request.auser()
    conversation = await sync_to_async(selectors.staff_conversation)(user, pk)
    if conversation is None:
        raise Http404("No such conversation")
    await sync_to_async(passive)(request)
    spec = StreamSpec(conversation_id=conversation.pk, after=start_id(request), viewer=chat_render.STAFF,
                      language=translation.get_language() or settings.LANGUAGE_CODE)
    return event_stream_response(request, spec)


# --- figures -----------------------------------------------------------------------------------------------
