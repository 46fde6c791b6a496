"""Reading a Cloud API webhook delivery into the messages and statuses it carries.

Each message and status is built by pywa (``Message.from_update`` / ``MessageStatus.from_update``: typed,
checked) from a one-item copy of its envelope, so a delivery that batches several items is read whole
(pywa itself only reads ``entry[0].changes[0]`` and the first message). When pywa cannot build it — pywa
4.5 needs ``contacts[].user_id``, which older payloads and status webhooks without ``contacts`` lack —
the JSON is read here instead. A broken item is reported in ``problems`` and does not stop the others.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass

from pywa.types import Message, MessageStatus, RawUpdate

logger = logging.getLogger(__name__)

MEDIA_KINDS = ("image", "document", "audio", "video", "sticker")


class PayloadError(ValueError):
    """The delivery as a whole is not a WhatsApp Business webhook we can read."""


@dataclass(frozen=True)
class Incoming:
    wamid: str
    kind: str  # Meta's message type: text, image, document, audio, video, sticker, location, interactive, ...
    at: dt.datetime
    user_id: str  # the business-scoped user id (BSUID), "" when absent
    wa_id: str  # the phone number, "" when the resident hides it behind a username
    name: str
    text: str = ""  # the text, a media caption, or the title of a chosen button
    media_id: str = ""
    media_sha256: str = ""
    mime_type: str = ""
    filename: str = ""
    latitude: float | None = None
    longitude: float | None = None
    place: str = ""  # the name and address of a shared location
    parsed_by: str = "pywa"


@dataclass(frozen=True)
class StatusUpdate:
    wamid: str
    status: str  # sent, delivered, read, played, failed
    at: dt.datetime
    error: str = ""


@dataclass
class Delivery:
    messages: list[Incoming]
    statuses: list[StatusUpdate]
    problems: list[str]
    ignored: int = 0  # other fields (template updates, ...) or other phone numbers


def _timestamp(value) -> dt.datetime:
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC)


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _contact_for(contacts: list, *, user_id: str, wa_id: str) -> dict | None:
    for contact in contacts:
        if isinstance(contact, dict) and ((user_id and contact.get("user_id") == user_id)
                                          or (wa_id and contact.get("wa_id") == wa_id)):
            return contact
    if len(contacts) == 1 and isinstance(contacts[0], dict):
        return contacts[0]
    return None


def _single(envelope: dict, entry: dict, change: dict, value: dict) -> RawUpdate:
    copy = {"object": envelope.get("object"), "entry": [{"id": entry.get("id"), "changes": [
        {"field": change.get("field"), "value": value}]}]}
    return RawUpdate(json.dumps(copy).encode(), hmac_header=None, update_hash="")


def _error_text(error) -> str:
    if not isinstance(error, dict):
        return ""
    details = error.get("error_data", {})
    details = details.get("details", "") if isinstance(details, dict) else details
    parts = [str(error.get("code", "")), _text(error.get("title")) or _text(error.get("message"))]
    text = " ".join(part for part in parts if part)
    return f"{text}: {details}"[:300] if details else text[:300]


# --- messages ----------------------------------------------------------------------------------------------


def _extras(raw: dict) -> dict:
    """What pywa's Message leaves out or we read the same way on both paths: locations, buttons, lists."""
    kind = raw.get("type")
    body = raw.get(kind) if isinstance(raw.get(kind), dict) else {}
    fields: dict = {}
    if kind == "location":
        fields.update(latitude=float(body["latitude"]), longitude=float(body["longitude"]),
                      place=", ".join(_text(body.get(key)) for key in ("name", "address") if body.get(key)))
    elif kind == "interactive":
        reply = body.get(body.get("type", ""), {}) if isinstance(body.get(body.get("type", "")), dict) else {}
        fields["text"] = _text(reply.get("title")) or _text(reply.get("description"))
    elif kind == "button":
        fields["text"] = _text(body.get("text")) or _text(body.get("payload"))
    return fields


def _message_from_pywa(wa, envelope, entry, change, value, raw: dict, contact: dict) -> Incoming:
    message = Message.from_update(wa, _single(envelope, entry, change, {**value, "messages": [raw],
                                                                        "contacts": [contact]}))
    media = message.media
    fields = _extras(raw)
    text = fields.pop("text", "") or _text(message.text) or _text(message.caption)
    return Incoming(
        wamid=message.id, kind=raw["type"], at=message.timestamp, user_id=message.from_user.bsuid or "",
        wa_id=message.from_user.wa_id or _text(raw.get("from")), name=message.from_user.name or "", text=text,
        media_id=media.id if media else "", media_sha256=media.sha256 if media else "",
        mime_type=media.mime_type if media else "", filename=getattr(media, "filename", None) or "",
        parsed_by="pywa", **fields)


def _message_from_json(raw: dict, contact: dict | None) -> Incoming:
    kind = raw["type"]
    if not isinstance(kind, str) or not raw["id"]:
        raise ValueError("a message without a type or id")
    body = raw.get(kind) if isinstance(raw.get(kind), dict) else {}
    contact = contact or {}
    profile = contact.get("profile") if isinstance(contact.get("profile"), dict) else {}
    user_id = _text(raw.get("from_user_id")) or _text(contact.get("user_id"))
    wa_id = _text(raw.get("from")) or _text(contact.get("wa_id"))
    if not user_id and not wa_id:
        raise ValueError("a message without a sender")
    fields = _extras(raw)
    text = fields.pop("text", "") or (_text(body.get("body")) if kind == "text" else _text(body.get("caption")))
    media = kind in MEDIA_KINDS
    return Incoming(
        wamid=str(raw["id"]), kind=kind, at=_timestamp(raw["timestamp"]), user_id=user_id, wa_id=wa_id,
        name=_text(profile.get("name")), text=text,
        media_id=str(body.get("id", "")) if media else "", media_sha256=_text(body.get("sha256")) if media else "",
        mime_type=_text(body.get("mime_type")) if media else "", filename=_text(body.get("filename")),
        parsed_by="json", **fields)


# --- statuses ----------------------------------------------------------------------------------------------


def _status_from_pywa(wa, envelope, entry, change, value, raw: dict, contact: dict) -> StatusUpdate:
    status = MessageStatus.from_update(wa, _single(envelope, entry, change, {**value, "statuses": [raw],
                                                                            "contacts": [contact]}))
    error = ""
    if status.error is not None:
        error = _error_text((raw.get("errors") or [None])[0]) or f"{status.error.code} {status.error.message}"
    return StatusUpdate(wamid=status.id, status=str(raw["status"]).lower(), at=status.timestamp, error=error[:300])


def _status_from_json(raw: dict) -> StatusUpdate:
    if not raw["id"] or not isinstance(raw["status"], str):
        raise ValueError("a status without an id")
    errors = raw.get("errors") if isinstance(raw.get("errors"), list) else []
    return StatusUpdate(wamid=str(raw["id"]), status=raw["status"].lower(), at=_timestamp(raw["timestamp"]),
                        error=_error_text(errors[0]) if errors else "")


# --- the delivery ------------------------------------------------------------------------------------------


def read_delivery(payload, *, wa, phone_number_id: str = "") -> Delivery:
    """Every message and status in a webhook delivery (``payload`` is the parsed JSON)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise PayloadError("not a webhook delivery: no 'entry' list")
    if payload.get("object") != "whatsapp_business_account":
        raise PayloadError(f"not a WhatsApp Business delivery: object={str(payload.get('object'))[:40]!r}")
    delivery = Delivery(messages=[], statuses=[], problems=[])
    for entry in payload["entry"]:
        changes = entry.get("changes") if isinstance(entry, dict) else None
        if not isinstance(changes, list):
            delivery.problems.append("an entry without changes")
            continue
        for change in changes:
            value = change.get("value") if isinstance(change, dict) else None
            if not isinstance(value, dict):
                delivery.problems.append("a change without a value")
                continue
            if change.get("field") != "messages":
                delivery.ignored += 1
                continue
            metadata = value.get("metadata") if isinstance(value.get("metadata"), dict) else {}
            if phone_number_id and str(metadata.get("phone_number_id", "")) != phone_number_id:
                delivery.ignored += 1
                continue
            _read_value(delivery, wa, payload, entry, change, value)
    return delivery


def _read_value(delivery: Delivery, wa, envelope, entry, change, value) -> None:
    contacts = value.get("contacts") if isinstance(value.get("contacts"), list) else []
    for index, raw in enumerate(value.get("messages") or []):
        try:
            if not isinstance(raw, dict):
                raise ValueError("a message that is not an object")
            contact = _contact_for(contacts, user_id=_text(raw.get("from_user_id")), wa_id=_text(raw.get("from")))
            try:
                delivery.messages.append(_message_from_pywa(wa, envelope, entry, change, value, raw, contact))
            except Exception as exc:  # pywa could not build it: read the JSON ourselves
                logger.debug("pywa could not read message %s (%s); reading the JSON", index, type(exc).__name__)
                delivery.messages.append(_message_from_json(raw, contact))
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            delivery.problems.append(f"message {index}: {type(exc).__name__}: {str(exc)[:120]}")
    for index, raw in enumerate(value.get("statuses") or []):
        try:
            if not isinstance(raw, dict):
                raise ValueError("a status that is not an object")
            contact = _contact_for(contacts, user_id=_text(raw.get("recipient_user_id")),
                                   wa_id=_text(raw.get("recipient_id")))
            try:
                delivery.statuses.append(_status_from_pywa(wa, envelope, entry, change, value, raw, contact))
            except Exception as exc:
                logger.debug("pywa could not read status %s (%s); reading the JSON", index, type(exc).__name__)
                delivery.statuses.append(_status_from_json(raw))
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            delivery.problems.append(f"status {index}: {type(exc).__name__}: {str(exc)[:120]}")
