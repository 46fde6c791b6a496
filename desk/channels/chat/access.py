"""Who may read which chat conversation.

* A signed-in resident: their own conversations (``Conversation.resident``). The one they are in is kept in
  the session; from another device they find their newest open conversation.
* Anyone else: the holder of the conversation's access token. The token is random, lives in a signed
  HttpOnly cookie limited to ``/chat/`` (only its hash is stored, in ``access_token_hash``). At a public
  computer it lives in the session instead, so "Klaar — alles wissen" (which ends the session) leaves the
  next person nothing to read.

After "Gesprek beëindigen" the visitor may still read (and download) that conversation for half an hour,
through a second cookie or session key, so the transcript can be printed or saved.
"""
from __future__ import annotations

import secrets

from django.conf import settings
from django.http import Http404

from common.tokens import hash_token
from desk.conversations.models import Conversation
from desk.states import Channel
from identity.assist import public_computer

COOKIE_NAME = "thuisloket_chat"
ENDED_COOKIE_NAME = "thuisloket_chat_ended"
COOKIE_PATH = "/chat/"
COOKIE_SALT = "desk.channels.chat.visitor"
ENDED_AGE = 30 * 60
SESSION_CONVERSATION = "desk_chat_conversation"  # a signed-in resident's current conversation
SESSION_TOKEN = "desk_chat_token"  # the access token at a public computer
SESSION_ENDED = "desk_chat_ended"  # {"pk": ..., "token": ...} of the conversation just ended


def resident_of(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "resident", None)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _cookie_token(request, name: str, max_age: int) -> str:
    return request.get_signed_cookie(name, default="", salt=COOKIE_SALT, max_age=max_age) or ""


def visitor_token(request) -> str:
    """The access token this browser holds (cookie, or session at a public computer); "" when none."""
    if public_computer.is_public(request):
        return request.session.get(SESSION_TOKEN, "")
    return _cookie_token(request, COOKIE_NAME, settings.CHAT_COOKIE_AGE)


def _chats():
    return Conversation.objects.filter(channel=Channel.CHAT)


def _by_token(token: str) -> Conversation | None:
    if not token:
        return None
    return _chats().filter(access_token_hash=hash_token(token)).first()


def _may_read(conversation: Conversation, resident) -> bool:
    """A token conversation of someone signed in is theirs only; an anonymous one is the token holder's."""
    return conversation.resident_id is None or (resident is not None and conversation.resident_id == resident.pk)


def current_conversation(request) -> Conversation | None:
    """The conversation this visitor is in (open, or closed by an agent but not ended by them)."""
    resident = resident_of(request)
    found = _by_token(visitor_token(request))
    if found is not None and _may_read(found, resident):
        return found
    if resident is None:
        return None
    remembered = request.session.get(SESSION_CONVERSATION)
    if remembered:
        found = _chats().filter(pk=remembered, resident=resident).first()
        if found is not None:
            return found
    return (_chats().filter(resident=resident, state=Conversation.State.OPEN)
            .order_by("-last_message_at").first())


def ended_conversation(request) -> Conversation | None:
    """The conversation this visitor ended in the last half hour (for its transcript)."""
    resident = resident_of(request)
    ended = request.session.get(SESSION_ENDED) or {}
    if resident is not None and ended.get("pk"):
        found = _chats().filter(pk=ended["pk"], resident=resident).first()
        if found is not None:
            return found
    token = ended.get("token") or _cookie_token(request, ENDED_COOKIE_NAME, ENDED_AGE)
    found = _by_token(token)
    return found if found is not None and _may_read(found, resident) else None


def conversation_for(request, pk: int) -> Conversation:
    """Conversation ``pk`` if this visitor may read it; else 404 (never "forbidden": ids reveal nothing)."""
    for found in (current_conversation(request), ended_conversation(request)):
        if found is not None and found.pk == pk:
            return found
    resident = resident_of(request)
    if resident is not None:
        found = _chats().filter(pk=pk, resident=resident).first()
        if found is not None:
            return found
    raise Http404("No such conversation")


def remember(request, response, conversation: Conversation, token: str = "") -> None:
    """Let this browser find ``conversation`` again: the token (cookie or session), or the session."""
    if conversation.resident_id is not None and not token:
        request.session[SESSION_CONVERSATION] = conversation.pk
        return
    if not token:
        return
    if public_computer.is_public(request):
        request.session[SESSION_TOKEN] = token
        return
    response.set_signed_cookie(COOKIE_NAME, token, salt=COOKIE_SALT, max_age=settings.CHAT_COOKIE_AGE,
                               path=COOKIE_PATH, secure=settings.SESSION_COOKIE_SECURE, httponly=True,
                               samesite="Lax")


def forget(request, response, conversation: Conversation) -> None:
    """After "Gesprek beëindigen": a next message starts a new conversation; the ended one stays readable
    for half an hour (transcript)."""
    token = visitor_token(request)
    request.session.pop(SESSION_CONVERSATION, None)
    request.session.pop(SESSION_TOKEN, None)
    if public_computer.is_public(request) or conversation.resident_id is not None:
        request.session[SESSION_ENDED] = {"pk": conversation.pk, "token": token}
    elif token:
        response.set_signed_cookie(ENDED_COOKIE_NAME, token, salt=COOKIE_SALT, max_age=ENDED_AGE, path=COOKIE_PATH,
                                   secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax")
    response.delete_cookie(COOKIE_NAME, path=COOKIE_PATH, samesite="Lax")
