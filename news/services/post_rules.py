"""The rules of a post's content: what may be saved, how typed text is cleaned, and the translations.

The forms check most of these first, with the same wording; these checks are the ones that count.
"""
from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from common.text import without_control_characters

from .. import cap, geo
from ..models import Post, PostTranslation
from ..models.posts import SUMMARY_MAX, TITLE_MAX
from ..states import RESERVED_SLUGS, TRANSLATED_LANGUAGES, AreaShape, MsgType

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



def unique_slug(title: str, *, exclude: int | None = None) -> str:
    """A slug made from ``title`` that no other post (and no reserved page name) uses."""
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



def check_post(post: Post, translations: dict[str, dict]) -> None:
    """The rules a post must meet to be saved (forms check most of them first, with the same wording)."""
    _check_texts(post)
    if post.on_cap and not post.is_crisis:
        raise PostError(_("Alleen crisisberichten gaan naar de CAP-feed."), field="channels")
    if post.expires_at and post.scheduled_at and post.expires_at <= post.scheduled_at:
        raise PostError(_("Het bericht moet geldig blijven tot na het geplande tijdstip."), field="expires_at")
    if post.is_crisis:
        _check_crisis(post)
    _check_translations(post, translations)


def _check_texts(post: Post) -> None:
    """Title, summary (within its limit) and body are all there."""
    if not post.title:
        raise PostError(_("Geef het bericht een titel."), field="title")
    if not post.summary:
        raise PostError(_("Schrijf een korte samenvatting (voor meldingen en e-mail)."), field="summary")
    if len(post.summary) > SUMMARY_MAX:
        raise PostError(_("De samenvatting is te lang: maximaal %(limit)s tekens.") % {"limit": SUMMARY_MAX},
                        field="summary")
    if not post.body:
        raise PostError(_("Schrijf de tekst van het bericht."), field="body")


def _check_crisis(post: Post) -> None:
    """A crisis has its CAP values, an end and a usable area (a polygon is stored in its tidy form)."""
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


def _check_translations(post: Post, translations: dict[str, dict]) -> None:
    """A translation that was started is whole, and a crisis's instruction is translated too."""
    for language, values in translations.items():
        if not any(values.get(name) for name in TRANSLATION_FIELDS):
            continue
        if not (values.get("title") and values.get("summary") and values.get("body")):
            raise PostError(_("Een vertaling heeft een titel, een samenvatting en een tekst."),
                            field=f"{language}-title")
        if post.is_crisis and post.instruction and not values.get("instruction"):
            raise PostError(_("Vertaal ook 'wat moet je doen': dat is het belangrijkste van een crisisbericht."),
                            field=f"{language}-instruction")


def apply_content(post: Post, fields: dict, channels, translations: dict[str, dict]) -> None:
    """Put the cleaned ``fields`` and ``channels`` on the (unsaved) post and check it (``PostError``)."""
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
    check_post(post, translations)


def save_translations(post: Post, translations: dict[str, dict]) -> None:
    """Store the translations given; a language left empty loses its translation."""
    for language in TRANSLATED_LANGUAGES:
        values = {name: clean_text(translations.get(language, {}).get(name),
                                    {"title": TITLE_MAX, "summary": SUMMARY_MAX}.get(name))
                  for name in TRANSLATION_FIELDS}
        if any(values.values()):
            PostTranslation.objects.update_or_create(post=post, language=language, defaults=values)
        else:
            PostTranslation.objects.filter(post=post, language=language).delete()



def crisis_must_validate(post: Post, *, sent: datetime | None = None) -> None:
    """A crisis that goes to the CAP feed must make a valid CAP alert (``PostError`` with the first problems)."""
    if post.is_crisis and post.on_cap:
        errors = cap.problems(post, sent=sent or timezone.now(), identifier=cap.identifier_for(post))
        if errors:
            raise PostError(_("Het CAP-bericht voor deze crisis is niet geldig, dus we publiceren het niet. "
                              "Controleer de crisisgegevens. Details: %(errors)s")
                            % {"errors": "; ".join(errors[:3])}, field="cap")

