"""OASIS CAP 1.2 messages for crisis posts, built with lxml and validated against the vendored XSD.

One <alert> per post, one <info> per language the post is available in (nl-BE, fr-BE, en). Updates and
cancellations carry <references> to every earlier message of the same crisis (``sender,identifier,sent``).
Times carry a +hh:mm offset (the OASIS pattern has no "Z"). ``problems`` returns the schema's own errors
in readable form: a post whose alert would not validate is not published (news.services.post_rules).
"""
from __future__ import annotations

import functools
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from . import geo
from .states import CAP_LANGUAGES, AreaShape, MsgType

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
SCHEMA_PATH = Path(__file__).resolve().parent / "data" / "CAP-v1.2.xsd"
CONTENT_TYPE = "application/cap+xml; charset=utf-8"


@functools.cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA_PATH)))


def cap_time(value: datetime) -> str:
    """``2026-03-10T14:05:00+01:00``: local time, whole seconds, an explicit offset."""
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def public_url(path: str) -> str:
    return f"{(settings.PUBLIC_BASE_URL or '').rstrip('/')}{path}"


def post_url(post, language: str = "nl") -> str:
    path = reverse("news:detail", args=[post.slug])
    if language != "nl":
        path += "?" + urlencode({"taal": language})
    return public_url(path)


def identifier_for(post) -> str:
    return f"{settings.NEWS_CAP_IDENTIFIER_PREFIX}{post.pk}"


def reference_of(post) -> str:
    return f"{settings.NEWS_CAP_SENDER},{post.cap_identifier},{cap_time(post.cap_sent)}"


def earlier_messages(post) -> list:
    """The messages this one follows up, oldest first (its ancestry through ``references``)."""
    chain, seen, current = [], {post.pk}, post.references
    while current is not None and current.pk not in seen:
        seen.add(current.pk)
        if current.cap_identifier and current.cap_sent:
            chain.append(current)
        current = current.references
    return list(reversed(chain))


def _sub(parent, name: str, text: str | None = None):
    element = etree.SubElement(parent, f"{{{CAP_NS}}}{name}")
    if text is not None:
        element.text = text
    return element


def _area(info, post, area_desc: str) -> None:
    area = _sub(info, "area")
    _sub(area, "areaDesc", area_desc or settings.NEWS_CITY_AREA_DESC or settings.CITY_NAME)
    if post.area_shape == AreaShape.POLYGON and post.polygon:
        _sub(area, "polygon", post.polygon)
    elif post.area_shape == AreaShape.CIRCLE and post.circle_lat is not None:
        _sub(area, "circle", geo.format_circle(post.circle_lat, post.circle_lon, post.circle_radius_km))
    else:
        city = geo.city()
        _sub(area, "circle", geo.format_circle(city.lat, city.lon, city.radius_km))


def build_alert(post, *, sent: datetime | None = None, identifier: str | None = None) -> etree._Element:
    """The <alert> of a crisis post. ``sent``/``identifier`` default to what publishing stored."""
    sent = sent or post.cap_sent or timezone.now()
    alert = etree.Element(f"{{{CAP_NS}}}alert", nsmap={None: CAP_NS})
    _sub(alert, "identifier", identifier or post.cap_identifier or identifier_for(post))
    _sub(alert, "sender", settings.NEWS_CAP_SENDER)
    _sub(alert, "sent", cap_time(sent))
    _sub(alert, "status", settings.NEWS_CAP_STATUS)
    _sub(alert, "msgType", post.msg_type or MsgType.ALERT)
    _sub(alert, "scope", "Public")
    earlier = earlier_messages(post) if post.msg_type in (MsgType.UPDATE, MsgType.CANCEL) else []
    if earlier:
        _sub(alert, "references", " ".join(reference_of(message) for message in earlier))
    for language in post.available_languages():
        content = post.content(language)
        info = _sub(alert, "info")
        _sub(info, "language", CAP_LANGUAGES[language])
        _sub(info, "category", post.cap_category)
        _sub(info, "event", content.event or content.title)
        if post.cap_response_type:
            _sub(info, "responseType", post.cap_response_type)
        _sub(info, "urgency", post.cap_urgency)
        _sub(info, "severity", post.cap_severity)
        _sub(info, "certainty", post.cap_certainty)
        if post.expires_at:
            _sub(info, "expires", cap_time(post.expires_at))
        _sub(info, "senderName", settings.CITY_NAME)
        _sub(info, "headline", content.title)
        _sub(info, "description", content.body)
        if content.instruction:
            _sub(info, "instruction", content.instruction)
        _sub(info, "web", post_url(post, language))
        if settings.NEWS_CAP_CONTACT:
            _sub(info, "contact", settings.NEWS_CAP_CONTACT)
        _area(info, post, content.area_desc)
    return alert


def to_bytes(alert: etree._Element) -> bytes:
    return etree.tostring(alert, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validation_errors(document: bytes | etree._Element) -> list[str]:
    """The XSD's complaints about a CAP document ([] when it is valid)."""
    if isinstance(document, bytes | str):
        parser = etree.XMLParser(resolve_entities=False, no_network=True)
        try:
            document = etree.fromstring(document.encode() if isinstance(document, str) else document, parser)
        except etree.XMLSyntaxError as error:
            return [str(error)]
    validator = schema()
    if validator.validate(document):
        return []
    return [f"{error.line}: {error.message}" for error in validator.error_log]


def problems(post, *, sent: datetime | None = None, identifier: str | None = None) -> list[str]:
    """Build the post's alert and validate it (what staff see before publishing)."""
    return validation_errors(to_bytes(build_alert(post, sent=sent, identifier=identifier)))
