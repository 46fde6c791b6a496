"""What a case can be, where it came from, and where it may go next.

The allowed status transitions are data (TRANSITIONS) that people can read, checked by
``desk.cases.services.change_state`` — the only door through which a case's state changes.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.statemachine import StateMachine


class Kind(models.TextChoices):
    REPORT = "report", _("melding")
    QUESTION = "question", _("vraag")
    SUGGESTION = "suggestion", _("suggestie")
    COMPLAINT = "complaint", _("klacht")
    # A request handled by another app (e.g. a certificate request): it opens and updates its case
    # through desk.cases.services.open_linked_case / update_linked_case.
    REQUEST = "request", _("aanvraag")


class Channel(models.TextChoices):
    WEB = "web", _("website")
    PHONE = "phone", _("telefoon (1777)")
    EMAIL = "email", _("e-mail")
    APP = "app", _("app (Open311)")
    COUNTER = "counter", _("loket")
    LETTER = "letter", _("brief")
    CHAT = "chat", _("chat")
    WHATSAPP = "whatsapp", _("WhatsApp")
    PORTAL = "portal", _("Thuisloket (aanvraag)")


class State(models.TextChoices):
    RECEIVED = "received", _("ontvangen")
    IN_PROGRESS = "in_progress", _("in behandeling")
    WAITING_RESIDENT = "waiting_resident", _("we wachten op je antwoord")
    FORWARDED = "forwarded", _("doorgestuurd")
    SCHEDULED = "scheduled", _("ingepland")
    RESOLVED = "resolved", _("afgehandeld: opgelost")
    CLOSED_UNRESOLVED = "closed_unresolved", _("afgesloten zonder oplossing")
    DUPLICATE = "duplicate", _("samengevoegd met een andere melding")
    CANCELLED = "cancelled", _("geannuleerd")
    REOPENED = "reopened", _("heropend")
    REOPEN_REQUESTED = "reopen_requested", _("vraag om te heropenen")


# The labels above are the resident's ("we wachten op je antwoord"); staff read about the reporter in the
# third person. States missing here read the same for both.
STAFF_STATE_LABELS = {
    State.WAITING_RESIDENT: _("wacht op antwoord van de melder"),
    State.DUPLICATE: _("samengevoegd met een ander dossier"),
    State.REOPEN_REQUESTED: _("melder vraagt om te heropenen"),
}


def staff_state_label(state: str) -> str:
    """A case state as staff read it (third person); an unknown value shows as it is."""
    if state in STAFF_STATE_LABELS:
        return str(STAFF_STATE_LABELS[state])
    try:
        return str(State(state).label)
    except ValueError:
        return state


def staff_state_choices() -> list[tuple[str, str]]:
    """Every state as (value, staff label), for the back office's selects."""
    return [(state.value, STAFF_STATE_LABELS.get(state, state.label)) for state in State]


OPEN_STATES = frozenset({
    State.RECEIVED, State.IN_PROGRESS, State.WAITING_RESIDENT, State.FORWARDED, State.SCHEDULED,
    State.REOPENED, State.REOPEN_REQUESTED,
})
CLOSED_STATES = frozenset({State.RESOLVED, State.CLOSED_UNRESOLVED, State.DUPLICATE, State.CANCELLED})
# Closing says publicly why: these states need a public note the resident (and the map) can read.
NEEDS_PUBLIC_NOTE = frozenset({State.RESOLVED, State.CLOSED_UNRESOLVED, State.CANCELLED, State.REOPENED})

_WORKING = {State.IN_PROGRESS, State.WAITING_RESIDENT, State.FORWARDED, State.SCHEDULED}
_CLOSING = {State.RESOLVED, State.CLOSED_UNRESOLVED, State.CANCELLED}

TRANSITIONS = StateMachine({
    State.RECEIVED: frozenset(_WORKING | _CLOSING | {State.DUPLICATE}),
    State.IN_PROGRESS: frozenset((_WORKING - {State.IN_PROGRESS}) | _CLOSING | {State.DUPLICATE}),
    State.WAITING_RESIDENT: frozenset((_WORKING - {State.WAITING_RESIDENT}) | _CLOSING),
    State.FORWARDED: frozenset(_WORKING | _CLOSING),  # forwarded again to a third party stays forwarded
    State.SCHEDULED: frozenset((_WORKING - {State.SCHEDULED}) | _CLOSING),
    State.REOPENED: frozenset(_WORKING | _CLOSING | {State.DUPLICATE}),
    State.REOPEN_REQUESTED: frozenset({State.REOPENED, State.RESOLVED, State.CLOSED_UNRESOLVED}),
    State.RESOLVED: frozenset({State.REOPENED, State.REOPEN_REQUESTED}),
    State.CLOSED_UNRESOLVED: frozenset({State.REOPENED, State.REOPEN_REQUESTED}),
    State.DUPLICATE: frozenset({State.REOPENED}),
    State.CANCELLED: frozenset({State.REOPENED}),
})



def is_closed(state: str) -> bool:
    return state in CLOSED_STATES


def open311_status(state: str) -> str:
    """Open311 knows only open and closed; status_notes carries the public reason."""
    return "closed" if state in CLOSED_STATES else "open"


# Channels that talk back and forth: their conversations wait in "Gesprekken" and hear of their cases there.
LIVE_CHANNELS = (Channel.CHAT, Channel.WHATSAPP)


class ConversationState(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("afgesloten")


# A live conversation waits in "Gesprekken" while open; closing it, or raising a case from it, closes it,
# and a new message from the resident opens it again.
CONVERSATION_TRANSITIONS = StateMachine({
    ConversationState.OPEN: {ConversationState.CLOSED},
    ConversationState.CLOSED: {ConversationState.OPEN},
})


class Priority(models.TextChoices):
    LOW = "low", _("laag")
    NORMAL = "normal", _("normaal")
    HIGH = "high", _("hoog")
    URGENT = "urgent", _("dringend")


class EventKind(models.TextChoices):
    CREATED = "created", _("ontvangen")
    STATE_CHANGED = "state_changed", _("status gewijzigd")
    ASSIGNED = "assigned", _("toegewezen")
    FORWARDED = "forwarded", _("doorgestuurd")
    FORWARD_ANSWERED = "forward_answered", _("antwoord op doorsturen")
    NOTE = "note", _("interne notitie")
    MESSAGE_IN = "message_in", _("bericht van de inwoner")
    MESSAGE_OUT = "message_out", _("antwoord aan de inwoner")
    FIRST_RESPONSE = "first_response", _("eerste antwoord")
    RESOLVED = "resolved", _("afgehandeld")
    REOPENED = "reopened", _("heropend")
    MERGED = "merged", _("samengevoegd")
    SPLIT = "split", _("gesplitst")
    FOLLOWER_ADDED = "follower_added", _("volger toegevoegd")
    PHOTO_PUBLISHED = "photo_published", _("foto openbaar gemaakt")
    NEAR_DUE = "near_due", _("termijn bijna verstreken")
    OVERDUE = "overdue", _("termijn verstreken")
    LINKED_UPDATE = "linked_update", _("aanvraag bijgewerkt")
