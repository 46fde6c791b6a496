"""The only door into a case: every change is one transaction that writes its history row.

Views, the Open311 API, e-mail in and other apps (certificates) call these functions; nothing else
changes a Case. Notifications to the resident go out after the commit (desk.tasks).
"""
from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from city import geo
from common.text import without_control_characters
from common.tokens import hash_token

from ..models import Attachment, Case, CaseEvent, Category, Conversation, ConversationMessage, Department, Follower
from ..models import Forward as ForwardModel
from ..states import CLOSED_STATES, NEEDS_PUBLIC_NOTE, TRANSITIONS, Channel, EventKind, Kind, Priority, State
from . import terms

logger = logging.getLogger(__name__)

MAX_DESCRIPTION = 4000


class CaseError(Exception):
    """A change a person asked for cannot be made; ``message`` is translated and safe to show."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class TransitionNotAllowed(CaseError):
    """The transition table (states.TRANSITIONS) does not allow this move from the current state."""


def new_reference(at: datetime | None = None) -> str:
    at = at or timezone.now()
    return f"{settings.DESK_REFERENCE_PREFIX}-{at:%Y}-{get_random_string(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}"


def _event(case: Case, kind: str, *, at: datetime | None = None, actor=None, actor_label: str = "",
           from_state: str = "", to_state: str = "", is_public: bool = False, text: str = "",
           data: dict | None = None, duration_s: float | None = None, working_s: float | None = None,
           within_term: bool | None = None) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, kind=kind, at=at or timezone.now(), actor=actor, actor_label=actor_label,
        from_state=from_state, to_state=to_state, is_public=is_public, text=text, data=data or {},
        department_id=case.department_id, channel=case.channel, category_id=case.category_id,
        case_kind=case.kind, duration_s=duration_s, working_s=working_s, within_term=within_term,
    )


def _notify(event: CaseEvent) -> None:
    """Tell the resident and the followers about a public event, after the commit."""
    if not event.is_public:
        return

    def send():
        from ..tasks import notify_case_update

        try:
            notify_case_update.delay(event.pk)
        except Exception:  # broker down: deliver in-process rather than lose the update
            logger.exception("could not enqueue the notification of case event %s; sending it now", event.pk)
            notify_case_update(event.pk)

    transaction.on_commit(send)


def clean_text(value: str, *, limit: int = MAX_DESCRIPTION, field: str = "description", required: bool = True) -> str:
    """What a person typed, checked: required (unless not), at most ``limit`` characters; CaseError otherwise."""
    value = without_control_characters(value)
    if required and not value:
        raise CaseError(_("Beschrijf kort wat er aan de hand is."), field=field)
    if len(value) > limit:
        raise CaseError(_("Je tekst is te lang: maximaal %(limit)s tekens.") % {"limit": limit}, field=field)
    return value


def check_location(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise CaseError(_("Geef zowel de breedtegraad als de lengtegraad op."), field="location")
    if latitude is not None and not geo.inside_city(latitude, longitude):
        raise CaseError(_("Deze plaats ligt buiten %(city)s. We kunnen alleen meldingen binnen de stad "
                          "behandelen.") % {"city": settings.CITY_NAME}, field="location")


def _save_photos(case: Case, photos: Iterable, *, message: ConversationMessage | None = None) -> list[Attachment]:
    """Store processed photos (city.photos) on the case. If the transaction then fails, the files are
    removed again (see _discard_files_on_error), so nothing is half-saved."""
    saved = []
    for photo in photos:
        attachment = Attachment(case=case, message=message, content_type=photo.content_type,
                                size=len(photo.content), sha256=photo.sha256, width=photo.width,
                                height=photo.height, gps_latitude=photo.gps[0] if photo.gps else None,
                                gps_longitude=photo.gps[1] if photo.gps else None)
        attachment.file.save(f"{uuid.uuid4().hex}.jpg", ContentFile(photo.content), save=False)
        _stored_files().append(attachment.file.name)
        attachment.save()
        saved.append(attachment)
    return saved


def _stored_files() -> list[str]:
    return transaction.get_connection().__dict__.setdefault("_desk_stored_files", [])


class _discard_files_on_error:
    """Around a service that stores files: on any error, delete the files it stored (Django has no
    on-rollback hook). A rollback of an enclosing transaction after a successful service is not seen."""

    def __enter__(self):
        self.before = len(_stored_files())

    def __exit__(self, exc_type, exc, tb):
        stored = _stored_files()
        mine, stored[self.before:] = stored[self.before:], []
        if exc_type is not None:
            from django.core.files.storage import default_storage

            for name in mine:
                default_storage.delete(name)
        return False


@transaction.atomic
def open_case(*, kind: str, channel: str, description: str, category: Category | None = None, title: str = "",
              resident=None, reporter_name: str = "", reporter_email: str = "", reporter_phone: str = "",
              latitude: float | None = None, longitude: float | None = None, address: str = "",
              photos: Iterable = (), attributes: dict | None = None, priority: str = Priority.NORMAL,
              conversation: Conversation | None = None, api_client=None, actor=None, language: str = "",
              at: datetime | None = None, notify: bool = True) -> Case:
    """Open a case from any channel, route it and copy its terms; returns the case.

    Anonymous reporters with an e-mail address get a private tracking link: the token is on
    ``case.tracking_token`` (only its hash is stored) and is e-mailed after the commit.
    """
    at = at or timezone.now()
    if kind not in Kind.values:
        raise CaseError(_("Kies wat voor soort bericht het is."), field="kind")
    if category is not None and not category.allows(kind):
        raise CaseError(_("Deze categorie past niet bij dit soort bericht."), field="category")
    description = clean_text(description)
    title = clean_text(title, limit=200, field="title", required=False)
    check_location(latitude, longitude)
    if category is not None and category.location_required and latitude is None:
        raise CaseError(_("Duid aan waar het probleem is: klik op de kaart of geef een adres."), field="location")
    token = ""
    if resident is None and reporter_email:
        token = secrets.token_urlsafe(24)
    district = (geo.district_for(latitude, longitude) or "") if latitude is not None else ""
    # Routed before the first history row is written, so "received" already counts for its department.
    department, found = pick_department(category_id=category.pk if category else None, kind=kind, channel=channel,
                                        district=district, priority=priority or Priority.NORMAL, start=at)
    case = Case.objects.create(
        reference=new_reference(at), kind=kind, category=category, title=title, description=description,
        channel=channel, priority=priority or Priority.NORMAL, attributes=attributes or {}, resident=resident,
        reporter_name=reporter_name[:200], reporter_email=reporter_email, reporter_phone=reporter_phone[:40],
        language=(language or getattr(resident, "preferred_language", "") or "nl")[:5],
        tracking_token_hash=hash_token(token) if token else "", conversation=conversation, api_client=api_client,
        latitude=latitude, longitude=longitude, address=address[:300], district=district, department=department,
        is_public=bool(category and category.is_public and kind == Kind.REPORT and latitude is not None),
        created_at=at, updated_at=at,
    )
    case.tracking_token = token
    with _discard_files_on_error():
        _save_photos(case, photos)
        created = _event(case, EventKind.CREATED, at=at, actor=actor, to_state=State.RECEIVED, is_public=True,
                         actor_label="" if actor else _("inwoner"))
        if department is not None:
            assign(case, department=department, reason=_("automatisch gerouteerd"), at=at, terms=found,
                   force_event=True)
    if notify:
        _notify(created)
        if token:
            transaction.on_commit(lambda: _send_tracking_link(case.pk, token))
    return case


def _send_tracking_link(case_id: int, token: str) -> None:
    from ..tasks import send_tracking_link

    try:
        send_tracking_link.delay(case_id, token)
    except Exception:
        logger.exception("could not enqueue the tracking link of case %s; sending it now", case_id)
        send_tracking_link(case_id, token)


def pick_department(*, category_id, kind: str, channel: str, district: str, priority: str,
                    start: datetime) -> tuple[Department | None, terms.Terms]:
    """The routing rules first (lowest rank that matches), else the response matrix, else the default desk."""
    from ..models import RoutingRule

    department = None
    for rule in RoutingRule.objects.filter(is_active=True).select_related("department"):
        if rule.matches(category_id=category_id, kind=kind, channel=channel, district=district):
            department = rule.department
            break
    found = terms.terms_for(category_id=category_id, kind=kind, channel=channel, priority=priority, start=start)
    return department or found.department or terms.default_department(), found


def route(case: Case, *, at: datetime | None = None, actor=None) -> Department | None:
    """Send the case to the department that pick_department() names and copy the terms onto it."""
    department, found = pick_department(category_id=case.category_id, kind=case.kind, channel=case.channel,
                                        district=case.district, priority=case.priority, start=case.created_at)
    if department is not None:
        assign(case, department=department, actor=actor, reason=_("automatisch gerouteerd"), at=at or timezone.now(),
               terms=found, force_event=True)
    return department


@transaction.atomic
def assign(case: Case, *, department: Department | None = None, assignee=None, actor=None, reason: str = "",
           at: datetime | None = None, terms: terms.Terms | None = None, force_event: bool = False) -> Case:
    """Give the case to a department and/or a person. The first assignment copies the terms onto it."""
    at = at or timezone.now()
    locked = Case.objects.select_for_update().get(pk=case.pk)
    changed = []
    if department is not None and locked.department_id != department.pk:
        locked.department = department
        changed.append("department")
    if assignee is not None and locked.assignee_id != assignee.pk:
        locked.assignee = assignee
        changed.append("assignee")
    if locked.resolution_due is None and locked.first_response_due is None:
        found = terms or _terms_for(locked)
        if found.matrix_version is not None:
            locked.matrix_version = found.matrix_version
            locked.first_response_due = found.first_response_due
            locked.resolution_due = found.resolution_due
            changed += ["matrix_version", "first_response_due", "resolution_due"]
    if not changed and not force_event:
        return locked
    locked.updated_at = at
    locked.save(update_fields=[*changed, "updated_at"])
    _event(locked, EventKind.ASSIGNED, at=at, actor=actor, text=reason,
           data={"department": locked.department.code if locked.department_id else "",
                 "assignee": locked.assignee.get_username() if locked.assignee_id else ""})
    _copy(locked, case)
    return locked


def _terms_for(case: Case) -> terms.Terms:
    return terms.terms_for(category_id=case.category_id, kind=case.kind, channel=case.channel,
                           priority=case.priority, start=case.created_at)


def _copy(source: Case, target: Case) -> None:
    for field in ("state", "department_id", "assignee_id", "public_note", "first_response_due", "resolution_due",
                  "first_response_at", "closed_at", "matrix_version", "duplicate_of_id", "reopened_count",
                  "updated_at", "linked_status"):
        setattr(target, field, getattr(source, field))
    for cached in ("department", "assignee"):
        target._state.fields_cache.pop(cached, None)


def _durations(case: Case, at: datetime) -> tuple[float, float]:
    wall = (at - case.created_at).total_seconds()
    working = terms.calendar().working_seconds_between(case.created_at, at)
    return wall, working


def _record_first_response(case: Case, at: datetime, actor=None) -> None:
    if case.first_response_at is not None:
        return
    wall, working = _durations(case, at)
    within = None if case.first_response_due is None else at <= case.first_response_due
    case.first_response_at = at
    case.save(update_fields=["first_response_at"])
    _event(case, EventKind.FIRST_RESPONSE, at=at, actor=actor, duration_s=wall, working_s=working,
           within_term=within)


@transaction.atomic
def change_state(case: Case, to_state: str, *, actor=None, public_note: str = "", internal_note: str = "",
                 at: datetime | None = None, actor_label: str = "", notify: bool = True,
                 duplicate_of: Case | None = None) -> Case:
    """Move a case to ``to_state`` if the transition table allows it; closing needs a public reason."""
    at = at or timezone.now()
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not TRANSITIONS.can_move(locked.state, to_state):
        raise TransitionNotAllowed(_("Deze statuswijziging kan niet: van '%(from)s' naar '%(to)s'.")
                                   % {"from": State(locked.state).label, "to": State(to_state).label})
    public_note = clean_text(public_note, field="public_note", required=False)
    if to_state in NEEDS_PUBLIC_NOTE and not public_note:
        raise CaseError(_("Schrijf voor de inwoner waarom de status verandert."), field="public_note")
    from_state = locked.state
    locked.state = to_state
    locked.public_note = public_note or locked.public_note
    locked.updated_at = at
    fields = ["state", "public_note", "updated_at"]
    if duplicate_of is not None:
        locked.duplicate_of = duplicate_of
        fields.append("duplicate_of")
    if to_state in CLOSED_STATES:
        locked.closed_at = at
        fields.append("closed_at")
    elif from_state in CLOSED_STATES:
        locked.closed_at = None
        locked.reopened_count += 1
        fields += ["closed_at", "reopened_count"]
    locked.save(update_fields=fields)
    event = _event(locked, EventKind.STATE_CHANGED, at=at, actor=actor, actor_label=actor_label,
                   from_state=from_state, to_state=to_state, is_public=True, text=public_note)
    if internal_note:
        _event(locked, EventKind.NOTE, at=at, actor=actor, text=clean_text(internal_note, required=False))
    if actor is not None and public_note:
        _record_first_response(locked, at, actor)
    if to_state in CLOSED_STATES and from_state not in CLOSED_STATES:
        wall, working = _durations(locked, at)
        within = None if locked.resolution_due is None else at <= locked.resolution_due
        _event(locked, EventKind.RESOLVED, at=at, actor=actor, to_state=to_state, duration_s=wall,
               working_s=working, within_term=within)
    if to_state == State.REOPENED:
        _event(locked, EventKind.REOPENED, at=at, actor=actor, actor_label=actor_label)
    if notify:
        from ..feedback.services import offer_feedback

        offer_feedback(locked, event)  # a closing asks for satisfaction feedback (its link goes with the message)
        _notify(event)
    _copy(locked, case)
    return locked


@transaction.atomic
def add_note(case: Case, *, actor, text: str) -> CaseEvent:
    """An internal note: staff only, never shown to the resident."""
    return _event(case, EventKind.NOTE, actor=actor, text=clean_text(text, field="text"))


def _conversation_for(case: Case, at: datetime) -> Conversation:
    if case.conversation_id:
        return case.conversation
    conversation = Conversation.objects.create(
        channel=case.channel, subject=case.display_title()[:300], resident=case.resident,
        name=case.reporter_name, email=case.reporter_email, phone=case.reporter_phone, created_at=at,
        last_message_at=at)
    Case.objects.filter(pk=case.pk).update(conversation=conversation)
    case.conversation = conversation
    return conversation


@transaction.atomic
def reply(case: Case, *, actor, body: str, at: datetime | None = None) -> ConversationMessage:
    """Answer the resident (mailbox, or e-mail for reporters without an account). Counts as first response."""
    at = at or timezone.now()
    body = clean_text(body, field="body")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    conversation = _conversation_for(locked, at)
    message = ConversationMessage.objects.create(
        conversation=conversation, direction=ConversationMessage.Direction.OUT, channel=conversation.channel,
        body=body, author=actor, created_at=at)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=at)
    Case.objects.filter(pk=locked.pk).update(updated_at=at)
    event = _event(locked, EventKind.MESSAGE_OUT, at=at, actor=actor, is_public=True, text=body,
                   data={"message": message.pk})
    _record_first_response(locked, at, actor)
    _notify(event)
    from .conversations import dispatch

    dispatch(message)  # live channels (WhatsApp) deliver the answer themselves
    _copy(locked, case)
    return message


@transaction.atomic
def react(case: Case, *, text: str, resident=None, actor_label: str = "", channel: str = "",
          external_id: str = "", in_reply_to: str = "", photos: Iterable = (),
          at: datetime | None = None) -> ConversationMessage:
    """A message from the resident on their case; a case waiting for them goes back to work."""
    at = at or timezone.now()
    text = clean_text(text, field="text")
    locked = Case.objects.select_for_update().get(pk=case.pk)
    conversation = _conversation_for(locked, at)
    message = ConversationMessage.objects.create(
        conversation=conversation, direction=ConversationMessage.Direction.IN, channel=channel or conversation.channel,
        body=text, external_id=external_id, in_reply_to=in_reply_to, created_at=at)
    Conversation.objects.filter(pk=conversation.pk).update(last_message_at=at)
    with _discard_files_on_error():
        _save_photos(locked, photos, message=message)
    _event(locked, EventKind.MESSAGE_IN, at=at, is_public=True, text=text,
           actor_label=actor_label or (str(resident) if resident else _("inwoner")), data={"message": message.pk})
    if locked.state == State.WAITING_RESIDENT:
        change_state(locked, State.IN_PROGRESS, at=at, actor_label=_("inwoner"), notify=False)
    else:
        Case.objects.filter(pk=locked.pk).update(updated_at=at)
    _copy(Case.objects.get(pk=locked.pk), case)
    return message


def can_reopen(case: Case, at: datetime | None = None) -> bool:
    at = at or timezone.now()
    return (case.state in CLOSED_STATES and case.state != State.DUPLICATE and case.closed_at is not None
            and at - case.closed_at <= timedelta(days=settings.DESK_REOPEN_DAYS))


@transaction.atomic
def reopen_by_resident(case: Case, *, reason: str, at: datetime | None = None) -> Case:
    """A resident reopens their closed case within DESK_REOPEN_DAYS, saying why."""
    at = at or timezone.now()
    if not can_reopen(case, at):
        raise CaseError(_("Dit dossier kan je niet meer heropenen. Neem contact op via 1777 of maak een nieuwe "
                          "melding."))
    reason = clean_text(reason, field="reason")
    return change_state(case, State.REOPENED, public_note=reason, actor_label=_("inwoner"), at=at)


@transaction.atomic
def forward(case: Case, *, actor, question: str, to_department: Department | None = None, to_email: str = "",
            at: datetime | None = None) -> ForwardModel:
    """Hand the case to another department, or ask an external party through an expiring link.

    For an external party the plain token is on ``forward.token`` (only its hash is stored) and is
    e-mailed after the commit.
    """
    at = at or timezone.now()
    question = clean_text(question, field="question")
    if (to_department is None) == (not to_email):
        raise CaseError(_("Kies een dienst of geef een e-mailadres van een externe partner."), field="to")
    token = secrets.token_urlsafe(24) if to_email else ""
    forwarded = ForwardModel.objects.create(
        case=case, to_department=to_department, to_email=to_email, question=question, created_by=actor,
        token_hash=hash_token(token) if token else "",
        expires_at=at + timedelta(days=settings.DESK_FORWARD_LINK_DAYS) if token else None)
    forwarded.token = token
    if to_department is not None:
        assign(case, department=to_department, actor=actor, reason=question, at=at)
        Case.objects.filter(pk=case.pk).update(assignee=None)
        case.assignee = None
        _event(case, EventKind.FORWARDED, at=at, actor=actor, text=question,
               data={"department": to_department.code})
    else:
        _event(case, EventKind.FORWARDED, at=at, actor=actor, text=question, data={"email": to_email})
        if case.state != State.FORWARDED:
            change_state(case, State.FORWARDED, actor=actor, at=at, notify=True)
        transaction.on_commit(lambda: _send_forward(forwarded.pk, token))
    return forwarded


def _send_forward(forward_id: int, token: str) -> None:
    from ..tasks import send_forward_link

    try:
        send_forward_link.delay(forward_id, token)
    except Exception:
        logger.exception("could not enqueue forward %s; sending it now", forward_id)
        send_forward_link(forward_id, token)


def forward_for_token(token: str, at: datetime | None = None) -> ForwardModel | None:
    """The open forward a link points to, or None when unknown, answered or expired."""
    at = at or timezone.now()
    if not token:
        return None
    found = ForwardModel.objects.select_related("case").filter(token_hash=hash_token(token)).first()
    if found is None or found.answered_at is not None or (found.expires_at and found.expires_at < at):
        return None
    return found


@transaction.atomic
def answer_forward(token: str, *, answer: str, at: datetime | None = None) -> ForwardModel:
    at = at or timezone.now()
    found = forward_for_token(token, at)
    if found is None:
        raise CaseError(_("Deze link is verlopen of al gebruikt."))
    answer = clean_text(answer, field="answer")
    ForwardModel.objects.filter(pk=found.pk).update(answer=answer, answered_at=at)
    case = found.case
    _event(case, EventKind.FORWARD_ANSWERED, at=at, actor_label=found.to_email, text=answer,
           data={"forward": found.pk})
    if case.state == State.FORWARDED:
        change_state(case, State.IN_PROGRESS, at=at, actor_label=found.to_email, notify=False)
    found.refresh_from_db()
    return found


@transaction.atomic
def follow(case: Case, *, resident=None, email: str = "", at: datetime | None = None) -> bool:
    """Add a follower (a resident, or an e-mail address); False when they already followed."""
    if resident is None and not email:
        raise CaseError(_("Meld je aan of geef je e-mailadres om deze melding te volgen."), field="email")
    if resident is not None and case.resident_id == resident.pk:
        return False
    lookup = {"resident": resident} if resident is not None else {"email": email.lower()}
    _follower, created = Follower.objects.get_or_create(case=case, **lookup)
    if created:
        _event(case, EventKind.FOLLOWER_ADDED, at=at)
    return created


@transaction.atomic
def merge(duplicate: Case, *, into: Case, actor, public_note: str = "") -> Case:
    """Close ``duplicate`` as a duplicate of ``into``; its reporter and followers follow ``into``."""
    if duplicate.pk == into.pk:
        raise CaseError(_("Een dossier kan je niet met zichzelf samenvoegen."))
    if into.state in CLOSED_STATES and into.state != State.RESOLVED:
        raise CaseError(_("Voeg samen met een dossier dat nog open is of opgelost werd."))
    note = public_note or _("Dit werd al gemeld. We behandelen het onder %(reference)s; je krijgt daar de "
                            "updates over.") % {"reference": into.reference}
    change_state(duplicate, State.DUPLICATE, actor=actor, public_note=note, duplicate_of=into)
    if duplicate.resident_id:
        follow(into, resident=duplicate.resident)
    elif duplicate.reporter_email:
        follow(into, email=duplicate.reporter_email)
    for follower in duplicate.followers.all():
        follow(into, resident=follower.resident, email=follower.email)
    _event(into, EventKind.MERGED, actor=actor, is_public=False, data={"merged": duplicate.reference},
           text=duplicate.reference)
    return into


@transaction.atomic
def split(case: Case, *, actor, parts: list[dict]) -> list[Case]:
    """Make new cases from parts of one (e.g. a call about two problems); each keeps the reporter."""
    if not parts:
        raise CaseError(_("Geef minstens één deel op."))
    created = []
    for part in parts:
        new = open_case(kind=part.get("kind") or case.kind, channel=case.channel, description=part["description"],
                        category=part.get("category") or case.category, resident=case.resident,
                        reporter_name=case.reporter_name, reporter_email=case.reporter_email,
                        reporter_phone=case.reporter_phone, latitude=case.latitude, longitude=case.longitude,
                        address=case.address, conversation=case.conversation, actor=actor, language=case.language,
                        notify=False)
        Case.objects.filter(pk=new.pk).update(parent=case)
        new.parent = case
        created.append(new)
    _event(case, EventKind.SPLIT, actor=actor, data={"parts": [new.reference for new in created]},
           text=", ".join(new.reference for new in created))
    return created


@transaction.atomic
def publish_photo(attachment: Attachment, *, actor, public: bool = True) -> Attachment:
    """Staff decide which photos the public map shows (never automatic)."""
    Attachment.objects.filter(pk=attachment.pk).update(is_public=public)
    attachment.is_public = public
    _event(attachment.case, EventKind.PHOTO_PUBLISHED, actor=actor, data={"attachment": attachment.pk,
                                                                          "public": public})
    return attachment


@transaction.atomic
def log_phone_call(*, actor, summary: str, kind: str, category: Category | None = None, caller_name: str = "",
                   caller_phone: str = "", caller_email: str = "", resident=None, duration_s: int | None = None,
                   latitude: float | None = None, longitude: float | None = None, address: str = "",
                   at: datetime | None = None) -> Case:
    """An agent at 1777 logs a call and opens the case on the caller's behalf."""
    at = at or timezone.now()
    summary = clean_text(summary, field="summary")
    conversation = Conversation.objects.create(channel=Channel.PHONE, subject=summary[:300], resident=resident,
                                               name=caller_name, phone=caller_phone, email=caller_email,
                                               created_at=at, last_message_at=at)
    ConversationMessage.objects.create(conversation=conversation, direction=ConversationMessage.Direction.IN,
                                       channel=Channel.PHONE, body=summary, author=actor,
                                       call_duration_s=duration_s, created_at=at)
    return open_case(kind=kind, channel=Channel.PHONE, description=summary, category=category, resident=resident,
                     reporter_name=caller_name, reporter_phone=caller_phone, reporter_email=caller_email,
                     latitude=latitude, longitude=longitude, address=address, conversation=conversation,
                     actor=actor, at=at)


def case_for_tracking_token(token: str) -> Case | None:
    if not token:
        return None
    return Case.objects.filter(tracking_token_hash=hash_token(token)).first()
