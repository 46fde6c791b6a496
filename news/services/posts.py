"""The only door into a post: writing, the review workflow, publishing, the crisis fast lane.

Every function is one transaction that writes a PostEvent. Moves follow news.states.TRANSITIONS. The
two-person rule: nobody approves their own post, and a crisis published at once by its author waits for
a second person's check afterwards. Publishing fans out through news.services.publishing after commit.
"""
from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.text import without_control_characters

from .. import cap, geo
from ..models import Post, PostEvent, PostTranslation
from ..models.posts import SUMMARY_MAX, TITLE_MAX
from ..selectors import forget_banner, news_count_in_week_of
from ..states import (
    EDITABLE,
    RESERVED_SLUGS,
    TRANSITIONS,
    TRANSLATED_LANGUAGES,
    Action,
    AreaShape,
    Channel,
    Kind,
    MsgType,
    Status,
)
from . import publishing

logger = logging.getLogger(__name__)

SYSTEM = "systeem"
CONTENT_FIELDS = ("kind", "title", "summary", "body", "reactions_enabled", "scheduled_at", "expires_at", "event",
                  "instruction", "area_desc", "cap_category", "cap_response_type", "cap_severity", "cap_urgency",
                  "cap_certainty", "area_shape", "circle_lat", "circle_lon", "circle_radius_km", "polygon")
CRISIS_REQUIRED = ("cap_category", "cap_severity", "cap_urgency", "cap_certainty", "event", "area_desc")
TRANSLATION_FIELDS = ("title", "summary", "body", "event", "instruction", "area_desc")


class PostError(Exception):
    """A change someone asked for cannot be made; ``message`` is translated and safe to show."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else SYSTEM


def _event(post: Post, action: str, *, actor=None, at: datetime | None = None, from_status: str = "",
           to_status: str = "", note: str = "", data: dict | None = None) -> PostEvent:
    return PostEvent.objects.create(post=post, action=action, at=at or timezone.now(), actor=actor,
                                    actor_label="" if actor is not None else SYSTEM, from_status=from_status,
                                    to_status=to_status, note=note, data=data or {})


def _move(post: Post, action: str, *, actor, at: datetime, note: str = "", data: dict | None = None) -> None:
    if not TRANSITIONS.can_do(action, post.status):
        raise PostError(_("Dit kan niet meer: het bericht heeft intussen de status '%(status)s'.")
                        % {"status": post.get_status_display()})
    before = post.status
    post.status = TRANSITIONS.target_of(action)
    _event(post, action, actor=actor, at=at, from_status=before, to_status=post.status, note=note, data=data)


def _locked(post: Post) -> Post:
    """The post, re-read under a row lock: two people clicking at once do not both win."""
    return Post.objects.select_for_update().get(pk=post.pk)


def _unique_slug(title: str, *, exclude: int | None = None) -> str:
    base = slugify(title)[:70].strip("-") or "bericht"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Post.objects.filter(slug=slug).exclude(pk=exclude).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def clean_text(value, limit: int | None = None) -> str:
    """Text as typed, without control characters, cut at ``limit`` characters."""
    value = without_control_characters(str(value or ""))
    return value[:limit] if limit else value


# ------------------------------------------------------------------------------------------------ checks


def _check(post: Post, translations: dict[str, dict]) -> None:
    """The rules a post must meet to be saved (forms check most of them first, with the same wording)."""
    if not post.title:
        raise PostError(_("Geef het bericht een titel."), field="title")
    if not post.summary:
        raise PostError(_("Schrijf een korte samenvatting (voor meldingen en e-mail)."), field="summary")
    if len(post.summary) > SUMMARY_MAX:
        raise PostError(_("De samenvatting is te lang: maximaal %(limit)s tekens.") % {"limit": SUMMARY_MAX},
                        field="summary")
    if not post.body:
        raise PostError(_("Schrijf de tekst van het bericht."), field="body")
    if post.on_cap and not post.is_crisis:
        raise PostError(_("Alleen crisisberichten gaan naar de CAP-feed."), field="channels")
    if post.expires_at and post.scheduled_at and post.expires_at <= post.scheduled_at:
        raise PostError(_("Het bericht moet geldig blijven tot na het geplande tijdstip."), field="expires_at")
    if post.is_crisis:
        labels = {"cap_category": _("Kies een categorie."), "cap_severity": _("Kies hoe ernstig het is."),
                  "cap_urgency": _("Kies hoe dringend het is."), "cap_certainty": _("Kies hoe zeker het is."),
                  "event": _("Geef de soort gebeurtenis (bijvoorbeeld 'Gaslek')."),
                  "area_desc": _("Omschrijf het gebied (bijvoorbeeld 'Stationsbuurt')."), }
        for name in CRISIS_REQUIRED:
            if not getattr(post, name):
                raise PostError(labels[name], field=name)
        if not post.expires_at:
            raise PostError(_("Een crisisbericht heeft een einde: vul 'geldig tot' in."), field="expires_at")
        try:
            if post.area_shape == AreaShape.CIRCLE:
                geo.check_circle(post.circle_lat, post.circle_lon, post.circle_radius_km)
            elif post.area_shape == AreaShape.POLYGON:
                post.polygon = geo.format_polygon(geo.parse_polygon(post.polygon))
        except geo.AreaError as error:
            raise PostError(str(error), field="area_shape") from None
    for language, values in translations.items():
        if not any(values.get(name) for name in TRANSLATION_FIELDS):
            continue
        if not (values.get("title") and values.get("summary") and values.get("body")):
            raise PostError(_("Een vertaling heeft een titel, een samenvatting en een tekst."),
                            field=f"{language}-title")
        if post.is_crisis and post.instruction and not values.get("instruction"):
            raise PostError(_("Vertaal ook 'wat moet je doen': dat is het belangrijkste van een crisisbericht."),
                            field=f"{language}-instruction")


def _apply(post: Post, fields: dict, channels, translations: dict[str, dict]) -> None:
    for name in CONTENT_FIELDS:
        if name in fields:
            value = fields[name]
            if name in ("title", "summary", "body", "event", "instruction", "area_desc", "polygon"):
                value = clean_text(value, {"title": TITLE_MAX, "summary": SUMMARY_MAX}.get(name))
            setattr(post, name, value)
    if fields.get("reactions_enabled") is None:
        post.reactions_enabled = not post.is_crisis  # off by default for crisis (C6)
    if channels is not None:
        post.set_channels(channels)
    if not post.is_crisis:
        post.on_cap = False
        post.msg_type, post.references = MsgType.ALERT, None
    elif post.area_shape == AreaShape.CITY:
        post.circle_lat = post.circle_lon = post.circle_radius_km = None
        post.polygon = ""
    _check(post, translations)


def _save_translations(post: Post, translations: dict[str, dict]) -> None:
    for language in TRANSLATED_LANGUAGES:
        values = {name: clean_text(translations.get(language, {}).get(name),
                                    {"title": TITLE_MAX, "summary": SUMMARY_MAX}.get(name))
                  for name in TRANSLATION_FIELDS}
        if any(values.values()):
            PostTranslation.objects.update_or_create(post=post, language=language, defaults=values)
        else:
            PostTranslation.objects.filter(post=post, language=language).delete()


# ------------------------------------------------------------------------------------------------ writing


@transaction.atomic
def create_post(*, author, fields: dict, channels=None, topics=(), translations: dict | None = None,
                references: Post | None = None, msg_type: str = MsgType.ALERT) -> Post:
    """A new concept. ``fields`` are Post fields (CONTENT_FIELDS); ``translations`` {"fr": {...}, "en": {...}}."""
    translations = translations or {}
    post = Post(author=author, kind=fields.get("kind") or Kind.NEWS)
    if channels is None:
        channels = ([Channel.PAGE, Channel.ATOM, Channel.PUSH, Channel.EMAIL, Channel.CAP] if post.is_crisis
                    else [Channel.PAGE, Channel.ATOM, Channel.PUSH, Channel.EMAIL])
    _apply(post, fields, channels, translations)
    if post.is_crisis:
        post.msg_type, post.references = msg_type, references
    post.slug = _unique_slug(post.title)
    post.save()
    post.topics.set(topics)
    _save_translations(post, translations)
    _event(post, Action.CREATED, actor=author, to_status=post.status)
    return post


@transaction.atomic
def update_post(*, post: Post, editor, fields: dict, channels=None, topics=None,
                translations: dict | None = None) -> Post:
    """Change a post. A change after approval sends it back to review; a published news or service post
    may be corrected (logged, and its <updated> date in the feeds moves); a crisis gets an Update instead."""
    post = _locked(post)
    translations = translations or {}
    now = timezone.now()
    if post.status == Status.PUBLISHED:
        if post.is_crisis:
            raise PostError(_("Een gepubliceerd crisisbericht verander je niet: maak een update."))
        fields = {key: value for key, value in fields.items() if key not in ("kind", "scheduled_at")}
    elif post.status not in EDITABLE:
        raise PostError(_("Een ingetrokken bericht kan je niet meer bewerken."))
    if post.kind != (fields.get("kind") or post.kind) and post.references_id:
        raise PostError(_("Een update of einde van een crisis blijft een crisisbericht."), field="kind")
    _apply(post, fields, channels, translations)
    if post.status in (Status.APPROVED, Status.SCHEDULED):
        _move(post, Action.SENT_BACK, actor=editor, at=now, note=_("Gewijzigd na goedkeuring: opnieuw nakijken."))
        post.approver, post.approved_at = None, None
    if post.status != Status.PUBLISHED:
        post.slug = _unique_slug(post.title, exclude=post.pk)
    else:
        post.corrected_at = now
    post.save()
    if topics is not None:
        post.topics.set(topics)
    _save_translations(post, translations)
    _event(post, Action.CORRECTED if post.status == Status.PUBLISHED else Action.EDITED, actor=editor, at=now)
    if post.status == Status.PUBLISHED:
        transaction.on_commit(forget_banner)
    return post


# ------------------------------------------------------------------------------------------------ workflow


@transaction.atomic
def submit_for_review(*, post: Post, actor) -> Post:
    post = _locked(post)
    _move(post, Action.SUBMITTED, actor=actor, at=timezone.now())
    post.save(update_fields=["status", "updated_at"])
    return post


@transaction.atomic
def send_back(*, post: Post, actor, note: str = "") -> Post:
    post = _locked(post)
    _move(post, Action.SENT_BACK, actor=actor, at=timezone.now(), note=clean_text(note, 1000))
    post.approver, post.approved_at = None, None
    post.save(update_fields=["status", "approver", "approved_at", "updated_at"])
    return post


@transaction.atomic
def approve(*, post: Post, actor) -> Post:
    """A second person approves. Never the author: that is the point of the review."""
    post = _locked(post)
    if not actor.has_perm("news.approve_posts"):
        raise PostError(_("Je mag geen berichten goedkeuren."))
    if actor.pk == post.author_id:
        raise PostError(_("Je kan je eigen bericht niet goedkeuren. Vraag een collega om het na te kijken."))
    _crisis_must_validate(post)
    now = timezone.now()
    _move(post, Action.APPROVED, actor=actor, at=now)
    post.approver, post.approved_at = actor, now
    post.save(update_fields=["status", "approver", "approved_at", "updated_at"])
    return post


def weekly_warning(moment: datetime, *, extra: int = 0) -> str:
    """The calendar's guideline: at most NEWS_WEEKLY_LIMIT news posts per ISO week ("" when within it)."""
    count, year, number = news_count_in_week_of(moment)
    count += extra
    if count <= settings.NEWS_WEEKLY_LIMIT:
        return ""
    return _("Let op: in week %(week)s van %(year)s staan nu %(count)s nieuwsberichten. Onze richtlijn is "
             "hoogstens %(limit)s per week.") % {"week": number, "year": year, "count": count,
                                                  "limit": settings.NEWS_WEEKLY_LIMIT}


@transaction.atomic
def schedule(*, post: Post, actor, at: datetime | None = None) -> tuple[Post, str]:
    """Plan an approved post for ``at`` (or the date it already has). Returns the post and a weekly
    warning ("" when the week stays within the guideline)."""
    post = _locked(post)
    when = at or post.scheduled_at
    now = timezone.now()
    if when is None:
        raise PostError(_("Kies wanneer het bericht verschijnt."), field="scheduled_at")
    if when <= now:
        raise PostError(_("Dat tijdstip is al voorbij. Kies een later tijdstip, of publiceer meteen."),
                        field="scheduled_at")
    if post.expires_at and post.expires_at <= when:
        raise PostError(_("Het bericht moet geldig blijven tot na het geplande tijdstip."), field="scheduled_at")
    _crisis_must_validate(post, sent=when)
    post.scheduled_at = when
    _move(post, Action.SCHEDULED, actor=actor, at=now, data={"scheduled_at": when.isoformat()})
    post.save(update_fields=["status", "scheduled_at", "updated_at"])
    return post, weekly_warning(when) if post.kind == Kind.NEWS else ""


@transaction.atomic
def unschedule(*, post: Post, actor) -> Post:
    post = _locked(post)
    _move(post, Action.UNSCHEDULED, actor=actor, at=timezone.now())
    post.save(update_fields=["status", "updated_at"])
    return post


def _crisis_must_validate(post: Post, *, sent: datetime | None = None) -> None:
    if post.is_crisis and post.on_cap:
        errors = cap.problems(post, sent=sent or timezone.now(), identifier=cap.identifier_for(post))
        if errors:
            raise PostError(_("Het CAP-bericht voor deze crisis is niet geldig, dus we publiceren het niet. "
                              "Controleer de crisisgegevens. Details: %(errors)s")
                            % {"errors": "; ".join(errors[:3])}, field="cap")


def _publish(post: Post, *, actor, action: str, now: datetime) -> str:
    """Published now: stamp it, end what it replaces, fan out after commit. Returns a weekly warning."""
    if post.is_crisis:
        if post.expires_at and post.expires_at <= now:
            raise PostError(_("De geldigheid van dit crisisbericht is al voorbij. Pas 'geldig tot' aan."),
                            field="expires_at")
        _crisis_must_validate(post, sent=now)
        post.cap_identifier, post.cap_sent = cap.identifier_for(post), now
    _move(post, action, actor=actor, at=now)
    post.published_at = now
    post.save()
    warning = weekly_warning(now) if post.kind == Kind.NEWS else ""
    if post.is_crisis and post.msg_type in (MsgType.UPDATE, MsgType.CANCEL):
        for earlier in cap.earlier_messages(post):
            if earlier.ended_at is None:
                Post.objects.filter(pk=earlier.pk).update(ended_at=now)
                _event(earlier, Action.ENDED, actor=actor, at=now, data={"by": post.pk, "msg_type": post.msg_type})
    publishing.fan_out(post)
    return warning


@transaction.atomic
def publish_now(*, post: Post, actor) -> tuple[Post, str]:
    """Publish an approved (or scheduled) post at once."""
    post = _locked(post)
    if not TRANSITIONS.can_do(Action.PUBLISHED, post.status):
        raise PostError(_("Alleen een goedgekeurd bericht kan je publiceren. Laat het eerst nakijken."))
    warning = _publish(post, actor=actor, action=Action.PUBLISHED, now=timezone.now())
    return post, warning


@transaction.atomic
def publish_crisis_now(*, post: Post, actor) -> Post:
    """The crisis fast lane: the author publishes at once; another person checks it afterwards."""
    post = _locked(post)
    if not post.is_crisis:
        raise PostError(_("Alleen een crisisbericht mag zonder nakijken meteen naar buiten."))
    if not actor.has_perm("news.publish_crisis"):
        raise PostError(_("Je mag geen crisisberichten meteen publiceren."))
    if not TRANSITIONS.can_do(Action.FAST_LANE, post.status):
        raise PostError(_("Dit kan niet meer: het bericht heeft intussen de status '%(status)s'.")
                        % {"status": post.get_status_display()})
    post.fast_lane = post.approver_id is None
    _publish(post, actor=actor, action=Action.FAST_LANE, now=timezone.now())
    return post


@transaction.atomic
def confirm_second_check(*, post: Post, actor, note: str = "") -> Post:
    """Another person read the crisis message that went out through the fast lane."""
    post = _locked(post)
    if not post.second_check_pending:
        raise PostError(_("Dit bericht wacht niet op een tweede controle."))
    if actor.pk == post.author_id:
        raise PostError(_("De tweede controle doet iemand anders dan wie het bericht schreef."))
    if not actor.has_perm("news.approve_posts"):
        raise PostError(_("Je mag geen berichten goedkeuren."))
    now = timezone.now()
    post.second_check_by, post.second_check_at = actor, now
    post.save(update_fields=["second_check_by", "second_check_at", "updated_at"])
    _event(post, Action.SECOND_CHECK, actor=actor, at=now, note=clean_text(note, 1000))
    return post


@transaction.atomic
def withdraw(*, post: Post, actor, note: str = "") -> Post:
    """Take a post back (a published one stays reachable as 'withdrawn', out of lists and feeds)."""
    post = _locked(post)
    now = timezone.now()
    was_published = post.status == Status.PUBLISHED
    _move(post, Action.WITHDRAWN, actor=actor, at=now, note=clean_text(note, 1000))
    post.withdrawn_at = now
    if post.is_crisis and post.ended_at is None and was_published:
        post.ended_at = now
    post.save()
    if was_published:
        transaction.on_commit(forget_banner)
    return post


@transaction.atomic
def mark_whatsapp_done(*, post: Post, actor) -> Post:
    post = _locked(post)
    if not (post.status == Status.PUBLISHED and post.on_whatsapp):
        raise PostError(_("Dit bericht staat niet op de lijst voor het WhatsApp-kanaal."))
    if post.whatsapp_done_at is None:
        post.whatsapp_done_at, post.whatsapp_done_by = timezone.now(), actor
        post.save(update_fields=["whatsapp_done_at", "whatsapp_done_by", "updated_at"])
        publishing.mark_delivery(post, Channel.WHATSAPP, done=True, detail=person(actor))
        _event(post, Action.WHATSAPP_DONE, actor=actor)
    return post
