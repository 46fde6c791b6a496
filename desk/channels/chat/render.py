"""How chat messages read: who wrote them (in words, never by colour only), as HTML list items for the page,
the polling endpoint and the event stream, as the text the live region announces, and as a transcript."""
from __future__ import annotations

import json
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from desk.conversations.models import Conversation, ConversationMessage
from desk.conversations.services import case_of

RESIDENT = "resident"  # the visitor's own chat page
STAFF = "staff"  # the agent's conversation page

ANNOUNCE_CHARS = 300


def _person(user) -> str:
    return user.get_full_name() or user.get_username()


def sender(message: ConversationMessage, viewer: str) -> str:
    """Who wrote ``message``, as the viewer reads it."""
    if message.direction == ConversationMessage.Direction.IN:
        if viewer == RESIDENT:
            return _("Jij")
        conversation = message.conversation
        if conversation.resident_id:
            return str(conversation.resident)
        return conversation.name or conversation.external_address or _("Inwoner")
    if message.is_automatic:
        return _("Automatisch bericht")
    if message.author_id is None:
        return _("De stad")
    if viewer == RESIDENT:  # a first name is enough for the resident; staff see the full name
        return message.author.first_name or _("Medewerker")
    return _person(message.author)


def is_incoming(message: ConversationMessage, viewer: str) -> bool:
    """Messages from the other side: the ones the live region announces."""
    mine = ConversationMessage.Direction.IN if viewer == RESIDENT else ConversationMessage.Direction.OUT
    return message.direction != mine


def announcement(message: ConversationMessage, viewer: str) -> str:
    """What the live region says about a new incoming message ("Nieuw bericht van de medewerker: …")."""
    if not is_incoming(message, viewer):
        return ""
    text = Truncator(" ".join(message.body.split())).chars(ANNOUNCE_CHARS)
    if viewer == STAFF:
        return _("Nieuw bericht van de inwoner: %(text)s") % {"text": text}
    if message.is_automatic:
        return _("Nieuw automatisch bericht: %(text)s") % {"text": text}
    return _("Nieuw bericht van de medewerker: %(text)s") % {"text": text}


def message_context(message: ConversationMessage, viewer: str) -> dict:
    page_language = (translation.get_language() or "nl")[:2]
    language = (message.language or "")[:2]
    local = timezone.localtime(message.created_at)
    return {
        "message": message,
        "sender": sender(message, viewer),
        "incoming": is_incoming(message, viewer),
        "announce": announcement(message, viewer),
        "lang": language if language and language != page_language else "",
        "local_time": local,
        "same_day": local.date() == timezone.localdate(),
        "viewer": viewer,
        # Photos (WhatsApp) are for staff: they open through the back office, never on a public address.
        "photos": list(message.attachments.all()) if viewer == STAFF else [],
    }


def message_html(message: ConversationMessage, viewer: str) -> str:
    return render_to_string("desk/chat/_message.html", message_context(message, viewer))


def messages_html(messages: Iterable[ConversationMessage], viewer: str) -> str:
    return "".join(message_html(message, viewer) for message in messages)


def sse_event(message: ConversationMessage, viewer: str) -> str:
    """One Server-Sent Event: ``id`` is the message id, so a reconnecting browser resumes after it."""
    payload = json.dumps({"id": message.pk, "html": message_html(message, viewer)})
    return f"id: {message.pk}\nevent: message\ndata: {payload}\n\n"


def transcript_text(conversation: Conversation, messages: Iterable[ConversationMessage], language: str) -> str:
    """The conversation as plain text for the mailbox, an e-mail or a download."""
    with translation.override(language or "nl"):
        started = timezone.localtime(conversation.created_at)
        lines = [_("Verslag van je chatgesprek met de stad"),
                 _("Begonnen op %(date)s.") % {"date": formats.date_format(started, "DATETIME_FORMAT")}, ""]
        for message in messages:
            at = formats.date_format(timezone.localtime(message.created_at), "SHORT_DATETIME_FORMAT")
            lines += [f"{sender(message, RESIDENT)} ({at}):", message.body.strip(), ""]
        case = case_of(conversation)
        if case is not None:
            lines.append(_("Dit gesprek werd dossier %(reference)s.") % {"reference": case.reference})
        lines.append(_("Stuur geen rijksregisternummer, medische of financiële gegevens via de chat."))
        return "\n".join(lines).strip() + "\n"
