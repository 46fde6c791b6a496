"""New cases from every channel, followers, reopening by the resident, calls logged at 1777."""
from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from city import geo
from common import jobs
from common.tokens import hash_token
from desk.cases.models import Case, Follower
from desk.cases.services.files import discard_files_on_error, save_photos
from desk.cases.services.handling import assign, change_state
from desk.cases.services.history import notify_after_commit, record_event
from desk.cases.services.validation import CaseError, check_location, clean_text
from desk.conversations.models import Conversation, ConversationMessage
from desk.routing.models import Category
from desk.routing.routing import pick_department
from desk.states import CLOSED_STATES, Channel, EventKind, Kind, Priority, State

logger = logging.getLogger(__name__)


def new_reference(at: datetime | None = None) -> str:
    """A case reference, e.g. M-2026-AB12CD (DESK_REFERENCE_PREFIX)."""
    at = at or timezone.now()
    return f"{settings.DESK_REFERENCE_PREFIX}-{at:%Y}-{get_random_string(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}"


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
    with discard_files_on_error():
        save_photos(case, photos)
        created = record_event(case, EventKind.CREATED, at=at, actor=actor, to_state=State.RECEIVED, is_public=True,
                         actor_label="" if actor else _("inwoner"))
        if department is not None:
            assign(case, department=department, reason=_("automatisch gerouteerd"), at=at, terms=found,
                   force_event=True)
    if notify:
        notify_after_commit(created)
        if token:
            jobs.enqueue_after_commit("desk.notifications.tasks.send_tracking_link", case.pk, token,
                                      run_here_if_broker_down=True)
    return case


def can_reopen(case: Case, at: datetime | None = None) -> bool:
    """May the resident reopen this case? Closed (not as a duplicate) within DESK_REOPEN_DAYS."""
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
def follow(case: Case, *, resident=None, email: str = "", at: datetime | None = None) -> bool:
    """Add a follower (a resident, or an e-mail address); False when they already followed."""
    if resident is None and not email:
        raise CaseError(_("Meld je aan of geef je e-mailadres om deze melding te volgen."), field="email")
    if resident is not None and case.resident_id == resident.pk:
        return False
    lookup = {"resident": resident} if resident is not None else {"email": email.lower()}
    _follower, created = Follower.objects.get_or_create(case=case, **lookup)
    if created:
        record_event(case, EventKind.FOLLOWER_ADDED, at=at)
    return created


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
    """The case a private tracking link points to, or None."""
    if not token:
        return None
    return Case.objects.filter(tracking_token_hash=hash_token(token)).first()
