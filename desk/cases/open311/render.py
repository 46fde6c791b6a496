"""Open311 GeoReport v2 responses in XML and JSON (the "Spark convention" of the spec's examples).

One Python structure renders to both formats: a list root (``services``, ``service_requests``, ``errors``)
becomes a bare JSON array and ``<root><item>…</item></root>`` in XML; objects (``discovery``,
``service_definition``) become a JSON object and ``<root>…</root>``. ``None`` is JSON ``null`` and an
empty XML element; booleans are ``true``/``false``. XML is built with ElementTree (never by string
concatenation), so every text is escaped.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET  # noqa: S405 -- only builds XML from our own data; nothing is parsed
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone

CONTENT_TYPES = {"xml": "text/xml; charset=utf-8", "json": "application/json; charset=utf-8"}
XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'

# The XML tag of one item of a list, by the list's tag.
ITEM_TAGS = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
    "attributes": "attribute",
    "values": "value",
}

# Characters XML 1.0 cannot carry at all (not even escaped): C0 controls except tab and newlines, lone
# surrogates, U+FFFE/U+FFFF. Staff-entered texts could hold them; dropping them keeps the document valid.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def w3c_datetime(value: datetime | None) -> str | None:
    """``2026-11-23T17:05:00+01:00``: whole seconds, local time with its offset (Open311 requires a zone)."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _NOT_XML.sub("", str(value))


def _fill(element: ET.Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _fill(ET.SubElement(element, key), child)
    elif isinstance(value, list | tuple):
        item_tag = ITEM_TAGS[element.tag]
        for item in value:
            _fill(ET.SubElement(element, item_tag), item)
    else:
        element.text = _text(value)


def to_xml(root: str, data) -> str:
    element = ET.Element(root)
    _fill(element, data)
    return XML_DECLARATION + ET.tostring(element, encoding="unicode")


def to_json(data) -> str:
    return json.dumps(data, ensure_ascii=False)


def respond(fmt: str, root: str, data, *, status: int = 200) -> HttpResponse:
    """Render ``data`` under ``root`` in the requested format (``xml`` or ``json``)."""
    body = to_json(data) if fmt == "json" else to_xml(root, data)
    return HttpResponse(body.encode("utf-8"), status=status, content_type=CONTENT_TYPES[fmt])


def errors(fmt: str, status: int, *descriptions: str, headers: dict | None = None) -> HttpResponse:
    """An Open311 error list: ``[{"code": 403, "description": "…"}]`` / ``<errors><error>…``.

    The ``code`` is the HTTP status (the spec allows a more specific code; clients such as FixMyStreet
    only read the status and the description).
    """
    items = [{"code": status, "description": str(description)} for description in descriptions]
    response = respond(fmt, "errors", items, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response
