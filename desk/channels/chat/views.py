"""The chat for residents and visitors at /chat/: a plain page first, JavaScript only enhances it.

Without JavaScript: the conversation as a list, a form that posts and redirects back (``#nieuw-bericht``)
and a link that fetches new messages; outside office hours the same address shows the leave-a-message form.
With JavaScript (static/chat/chat.js) the form posts in the background (the answer is the new messages as
HTML list items), agents' replies arrive by Server-Sent Events (``events``), or by polling ``since`` when a
stream cannot be used. Polls and streams do not count as activity for the idle-session limit.
"""
from __future__ import annotations

import logging

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib import messages as flash
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from desk.cases.models import Case
from desk.cases.services import CaseError
from desk.channels.chat import access, hours, limits, selectors, services
from desk.channels.chat import render as chat_render
from desk.channels.chat.forms import EndForm, LeaveMessageForm, MessageForm
from desk.channels.chat.fragments import after_id, fragment, is_fetch, nothing_new
from desk.channels.chat.launcher import launcher_visible
from desk.channels.chat.stream import StreamSpec, event_stream_response, start_id
from desk.conversations import services as conversations
from desk.conversations.models import Conversation
from identity.middleware import ACTIVITY_RESOLUTION_SECONDS

logger = logging.getLogger(__name__)

LEFT_KEY = "desk_chat_left"  # references of messages this browser left outside office hours


def chat_enabled(view):
    """Every chat page answers 404 while CHAT_ENABLED is off."""
    import functools
    from inspect import iscoroutinefunction

    if iscoroutinefunction(view):
        @functools.wraps(view)
        async def async_wrapper(request, *args, **kwargs):
            if not settings.CHAT_ENABLED:
                raise Http404("The chat is switched off")
            return await view(request, *args, **kwargs)
        return async_wrapper

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not settings.CHAT_ENABLED:
            raise Http404("The chat is switched off")
        return view(request, *args, **kwargs)
    return wrapper


def passive(request) -> None:
    """A poll or a stream is no sign of life: undo the activity stamp identity.middleware just set, so an
    open chat page does not keep an idle (public-computer) session alive."""
    idle = getattr(request, "idle_for", None)
    session = getattr(request, "session", None)
    if idle and idle >= ACTIVITY_RESOLUTION_SECONDS and session is not None and "last_activity" in session:
        session["last_activity"] = session["last_activity"] - idle


# --- the page ------------------------------------------------------------------------------------------
def _chat_context(request, *, conversation: Conversation | None, form=None, leave_form=None, end_form=None,
                  panel: bool = False, refused: str = "") -> dict:
    now = timezone.now()
    resident = access.resident_of(request)
    closed = hours.closed_now(now)
    messages = list(selectors.messages_of(conversation)) if conversation is not None else []
    if messages:
        services.mark_seen(conversation.pk, messages, now)
    show_leave = closed is not None and conversation is None
    with_contact = conversation is None and resident is None
    case = conversations.case_of(conversation) if conversation is not None else None
    return {
        "conversation": conversation,
        "case": case,
        "messages_html": chat_render.messages_html(messages, chat_render.RESIDENT),
        "last_id": messages[-1].pk if messages else 0,
        "form": form or MessageForm(with_contact=with_contact),
        "end_form": end_form or EndForm(with_email=resident is None and conversation is not None
                                        and conversation.resident_id is None,
                                        initial={"email": conversation.email if conversation else ""}),
        "leave_form": leave_form or (LeaveMessageForm(signed_in=resident is not None) if show_leave else None),
        "show_leave": show_leave,
        "closed": closed,
        "closed_text": hours.closed_text(closed, now) if closed else "",
        "opening_hours": hours.opening_hours_rows(),
        "signed_in": resident is not None,
        "panel": panel,
        "heading": "h3" if panel else "h2",
        "refused": refused,
        "poll_seconds": settings.CHAT_POLL_SECONDS,
        "max_length": settings.CHAT_MAX_MESSAGE_LENGTH,
        "launcher_shown": launcher_visible(request),
    }


def _page(request, context: dict, *, status: int = 200):
    return render(request, "desk/chat/page.html", context, status=status)


@chat_enabled
@never_cache
@require_http_methods(["GET", "POST"])
def page(request):
    if request.method == "POST":
        return _send(request)
    return _page(request, _chat_context(request, conversation=access.current_conversation(request)))


@chat_enabled
@never_cache
@require_GET
def panel(request):
    """The chat as a fragment for the panel the chat button opens (chat.js): the page's own markup."""
    context = _chat_context(request, conversation=access.current_conversation(request), panel=True)
    return fragment(render(request, "desk/chat/_chat.html", context).content.decode())


@chat_enabled
@require_GET
def refresh(request):
    """"Nieuwe berichten ophalen" without JavaScript: always a real request, whatever the page's address."""
    return redirect(reverse("chat:page") + "#nieuw-bericht")


def _refused_text(seconds: int) -> str:
    return _("Je stuurt veel berichten kort na elkaar. Wacht %(seconds)s seconden en verstuur je bericht dan "
             "opnieuw. Je bericht staat nog in het tekstvak.") % {"seconds": seconds}


def _send(request):
    conversation = access.current_conversation(request)
    resident = access.resident_of(request)
    is_new = conversation is None
    form = MessageForm(request.POST, with_contact=is_new and resident is None)
    panel_mode = request.POST.get("panel") == "1"
    wait = limits.start_refused(request) if is_new else 0
    wait = wait or limits.message_refused(request, None if is_new else conversation.pk)
    if wait:
        form.is_valid()  # keeps what was typed; the refusal is the only error shown
        form.errors.clear()
        form.add_error(None, _refused_text(wait))
        return _send_failed(request, conversation, form, status=429, retry_after=wait, panel=panel_mode)
    if form.is_valid():
        data = form.cleaned_data
        token = access.new_token() if is_new and resident is None else ""
        try:
            conversation, message = services.post_visitor_message(
                conversation=conversation, body=data["body"], resident=resident, name=data.get("name") or "",
                email=data.get("email") or "", language=translation.get_language() or settings.LANGUAGE_CODE,
                access_token=token)
        except CaseError as error:
            form.add_error("body", error.message)
        else:
            response = _sent(request, conversation, message, is_new=is_new, panel=panel_mode)
            if is_new:
                limits.count_first_message(conversation.pk)
                access.remember(request, response, conversation, token)
            return response
    return _send_failed(request, conversation, form, status=400, panel=panel_mode)


def _sent(request, conversation, message, *, is_new: bool, panel: bool):
    if not is_fetch(request):
        return redirect(reverse("chat:page") + "#nieuw-bericht")
    if is_new:  # the page had no conversation yet: give chat.js the whole chat to put in its place
        context = _chat_context(request, conversation=conversation, panel=panel)
        return fragment(render(request, "desk/chat/_chat.html", context).content.decode(), X_Chat_Replace="1")
    after = after_id(request)
    found = selectors.messages_since(conversation.pk, message.pk - 1 if after is None else min(after, message.pk - 1))
    services.mark_seen(conversation.pk, found)
    return fragment(chat_render.messages_html(found, chat_render.RESIDENT))


def _send_failed(request, conversation, form, *, status: int, retry_after: int = 0, panel: bool = False):
    if is_fetch(request):
        errors = [str(error) for errors in form.errors.values() for error in errors]
        response = fragment(render(request, "desk/chat/_send_errors.html", {"errors": errors}).content.decode(),
                             status=status)
    else:
        response = _page(request, _chat_context(request, conversation=conversation, form=form, panel=panel),
                         status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


# --- new messages: polling and the event stream --------------------------------------------------------
@chat_enabled
@never_cache
@require_GET
def since(request, pk: int, last_id: int):
    """The messages after ``last_id`` as HTML list items, or 204 when there are none (chat.js polls this)."""
    conversation = access.conversation_for(request, pk)
    passive(request)
    found = selectors.messages_since(conversation.pk, last_id)
    if not found:
        return nothing_new()
    services.mark_seen(conversation.pk, found)
    return fragment(chat_render.messages_html(found, chat_render.RESIDENT))


@chat_enabled
@never_cache
@require_GET
async def events(request, pk: int):
    """Server-Sent Events with every new message of the visitor's conversation (see stream.py)."""
    conversation = await sync_to_async(access.conversation_for)(request, pk)
    await sync_to_async(passive)(request)
    spec = StreamSpec(conversation_id=conversation.pk, after=start_id(request), viewer=chat_render.RESIDENT,
                      language=translation.get_language() or settings.LANGUAGE_CODE)
    return event_stream_response(request, spec)


# --- leaving a message outside office hours ------------------------------------------------------------
@chat_enabled
@never_cache
@require_http_methods(["GET", "POST"])
def leave(request):
    if request.method != "POST":  # the form lives on the chat page
        return redirect("chat:page")
    resident = access.resident_of(request)
    form = LeaveMessageForm(request.POST, signed_in=resident is not None)
    if limits.start_refused(request):
        form.is_valid()
        form.errors.clear()
        form.add_error(None, _("Vanaf jouw internetverbinding kwamen kort na elkaar veel berichten binnen. Probeer "
                               "het over een uur opnieuw, of bel gratis 1777. Je bericht is niet verstuurd."))
        return _page(request, _chat_context(request, conversation=None, leave_form=form), status=429)
    if form.is_valid():
        data = form.cleaned_data
        try:
            case, _reply = services.leave_message(
                subject=data["subject"], body=data["body"], resident=resident, name=data.get("name") or "",
                email=data.get("email") or "", language=translation.get_language() or settings.LANGUAGE_CODE)
        except CaseError as error:
            form.add_error("body" if error.field in (None, "body", "description") else None, error.message)
        else:
            left = [*request.session.get(LEFT_KEY, []), case.reference][-10:]
            request.session[LEFT_KEY] = left
            return redirect("chat:left", reference=case.reference)
    return _page(request, _chat_context(request, conversation=None, leave_form=form), status=400)


@chat_enabled
@never_cache
@require_GET
def left(request, reference: str):
    if reference not in request.session.get(LEFT_KEY, []):
        raise Http404
    case = Case.objects.select_related("conversation").filter(reference=reference).first()
    if case is None:
        raise Http404
    reply = (case.conversation.messages.filter(is_automatic=True).order_by("pk").first()
             if case.conversation_id else None)
    return render(request, "desk/chat/left.html", {"case": case, "reply": reply,
                                                   "signed_in": case.resident_id is not None})


# --- ending a chat and its transcript ------------------------------------------------------------------
@chat_enabled
@never_cache
@require_POST
def end(request, pk: int):
    conversation = access.conversation_for(request, pk)
    resident = access.resident_of(request)
    form = EndForm(request.POST, with_email=resident is None and conversation.resident_id is None)
    if not form.is_valid():
        return _page(request, _chat_context(request, conversation=conversation, end_form=form), status=400)
    services.end_chat(conversation, email=form.cleaned_data.get("email") or "")
    response = redirect("chat:ended")
    access.forget(request, response, conversation)
    return response


@chat_enabled
@never_cache
@require_GET
def ended(request):
    conversation = access.ended_conversation(request)
    if conversation is None:
        flash.info(request, _("Je hebt geen gesprek dat net beëindigd werd."))
        return redirect("chat:page")
    messages = list(selectors.messages_of(conversation))
    return render(request, "desk/chat/ended.html", {
        "conversation": conversation,
        "case": conversations.case_of(conversation),
        "messages_html": chat_render.messages_html(messages, chat_render.RESIDENT),
        "to_mailbox": conversation.resident_id is not None,
        "to_email": conversation.email if conversation.resident_id is None else "",
    })


@chat_enabled
@never_cache
@require_GET
def transcript(request, pk: int):
    """The conversation as a text file to keep (no-store: it may be a shared computer's download folder's
    only copy, but never a cache's)."""
    conversation = access.conversation_for(request, pk)
    messages = list(selectors.messages_of(conversation))
    language = translation.get_language() or settings.LANGUAGE_CODE
    response = HttpResponse(chat_render.transcript_text(conversation, messages, language),
                            content_type="text/plain; charset=utf-8")
    stamp = timezone.localtime(conversation.created_at).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="chatgesprek-{stamp}.txt"'
    response["Cache-Control"] = "no-store, private"
    return response
