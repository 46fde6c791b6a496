"""Media sent on WhatsApp: photos are downloaded at once through the (fake) Graph API, size-capped and
hash-checked, then cleaned by the same checks as web uploads; everything refused becomes a message that
says why, with a reply to the resident, never a crash."""
import base64
import hashlib
import io
import zipfile

import pytest
from PIL import Image

from desk.channels.whatsapp import tasks
from desk.channels.whatsapp.models import InboundDelivery
from desk.models import Attachment, Conversation, ConversationMessage
from tests.city.test_photos import encode, exif_with_gps, png_header_only, two_halves

from .conftest import ACCESS_TOKEN, API, payload

pytestmark = pytest.mark.django_db
MEDIA_ID = "900000000000001"


def image_payload(content: bytes | None = None, *, webhook_sha256=None, caption="Hier ligt het zwerfvuil"):
    data = payload("image.json")
    image = data["entry"][0]["changes"][0]["value"]["messages"][0]["image"]
    image["caption"] = caption
    if webhook_sha256 is not None:
        image["sha256"] = webhook_sha256
    elif content is not None:
        image["sha256"] = base64.b64encode(hashlib.sha256(content).digest()).decode()  # base64, as Meta sends it
    return data


def conversation_messages():
    conversation = Conversation.objects.get()
    incoming = conversation.messages.filter(direction="in").get()
    replies = list(conversation.messages.filter(direction="out").order_by("created_at", "pk"))
    return incoming, replies


def test_a_photo_is_downloaded_checked_and_stored_without_its_metadata(deliver, graph):
    original = encode(two_halves((800, 600)), exif=exif_with_gps().tobytes(), comment=b"secret camera note")
    graph.add_media(MEDIA_ID, original)

    deliver(image_payload(original))

    message, replies = conversation_messages()
    assert message.body == "Hier ligt het zwerfvuil"
    attachment = Attachment.objects.get(message=message)
    with attachment.file.open("rb") as stored_file:
        stored = stored_file.read()
    assert stored != original and stored.startswith(b"\xff\xd8\xff")
    assert b"Exif" not in stored and b"secret camera note" not in stored
    assert Image.open(io.BytesIO(stored)).size == (800, 600)
    assert attachment.gps_latitude == pytest.approx(51.03, abs=1e-3)  # kept privately, not in the file
    # The media id was looked up, then the short-lived URL downloaded, both with the bearer token.
    media_requests = [r for r in graph.requests if r.method == "GET"]
    assert [str(r.url) for r in media_requests] == [
        f"{API}/{MEDIA_ID}", f"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid={MEDIA_ID}"]
    assert all(r.headers["Authorization"] == f"Bearer {ACCESS_TOKEN}" for r in media_requests)
    assert [r.is_automatic for r in replies] == [True]  # only the standing notice


def test_a_photo_without_caption_is_stored_as_a_photo(deliver, graph):
    original = encode(two_halves())
    graph.add_media(MEDIA_ID, original)

    deliver(image_payload(original, caption=""))

    message, _replies = conversation_messages()
    assert message.body == "(foto)"
    assert message.attachments.count() == 1


def test_a_pdf_document_is_refused_politely(deliver, graph):
    deliver(payload("document.json"))

    message, replies = conversation_messages()
    assert "Mijn formulier" in message.body and "aanvraag.pdf" in message.body
    assert not Attachment.objects.exists()
    assert "alleen tekst, foto's en locaties" in replies[-1].body
    assert not [r for r in graph.requests if r.method == "GET"]  # never downloaded


@pytest.mark.parametrize("kind", ["audio", "video"])
def test_voice_and_video_are_refused_politely(deliver, graph, kind):
    data = payload("document.json")
    message = data["entry"][0]["changes"][0]["value"]["messages"][0]
    message["type"] = kind
    message[kind] = {"mime_type": "audio/ogg" if kind == "audio" else "video/mp4", "sha256": "x", "id": "1"}
    del message["document"]

    deliver(data)

    stored, replies = conversation_messages()
    assert "niet aanvaard" in stored.body
    assert "alleen tekst, foto's en locaties" in replies[-1].body


def test_a_pdf_sent_as_an_image_is_refused_with_the_reason(deliver, graph):
    pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    graph.add_media(MEDIA_ID, pdf, mime_type="image/jpeg")

    deliver(image_payload(pdf))

    message, replies = conversation_messages()
    assert "foto niet aanvaard" in message.body and "JPG-, PNG- of HEIC-foto" in message.body
    assert not Attachment.objects.exists()
    assert replies[-1].body.startswith("We konden je foto niet gebruiken.")
    assert InboundDelivery.objects.get().error == ""


def test_a_zip_bomb_sent_as_an_image_is_refused(deliver, graph):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.bin", b"\0" * 20_000_000)  # 20 MB that compress to some kB
    bomb = buffer.getvalue()
    assert len(bomb) < 100_000
    graph.add_media(MEDIA_ID, bomb)

    deliver(image_payload(bomb))

    message, replies = conversation_messages()
    assert "foto niet aanvaard" in message.body
    assert replies[-1].body.startswith("We konden je foto niet gebruiken.")


def test_a_decompression_bomb_png_is_refused_before_decoding(deliver, graph):
    bomb = png_header_only(100_000, 100_000)
    graph.add_media(MEDIA_ID, bomb, mime_type="image/png")

    deliver(image_payload(bomb))

    message, replies = conversation_messages()
    assert "te veel pixels" in message.body
    assert not Attachment.objects.exists()


def test_an_oversized_photo_is_refused_without_downloading_it(deliver, graph, settings):
    settings.DESK_PHOTO_MAX_BYTES = 50_000
    graph.add_media(MEDIA_ID, b"\xff\xd8\xff" + b"0" * 10, file_size=80_000_000)

    deliver(image_payload(b"irrelevant"))

    message, replies = conversation_messages()
    assert "groter dan" in message.body
    assert [str(r.url) for r in graph.requests if r.method == "GET"] == [f"{API}/{MEDIA_ID}"]  # no download
    assert "groter dan" in replies[-1].body


def test_a_download_larger_than_announced_is_cut_off(deliver, graph, settings):
    settings.DESK_PHOTO_MAX_BYTES = 50_000
    big = encode(Image.effect_noise((1500, 1500), 100).convert("RGB"), quality=100)
    assert len(big) > 50_000
    graph.add_media(MEDIA_ID, big, file_size=1000)  # Graph says 1 kB; the bytes say otherwise

    deliver(image_payload(big))

    message, _replies = conversation_messages()
    assert "groter dan" in message.body
    assert not Attachment.objects.exists()


def test_a_download_that_does_not_match_its_hash_is_retried_then_given_up(deliver, graph):
    photo = encode(two_halves())
    graph.add_media(MEDIA_ID, photo, sha256=hashlib.sha256(b"something else").hexdigest())

    deliver(image_payload(photo))

    message, replies = conversation_messages()
    assert "foto kon niet worden opgehaald" in message.body
    assert "nog eens sturen" in replies[-1].body
    downloads = [r for r in graph.requests if r.url.host == "lookaside.fbsbx.com"]
    assert len(downloads) == tasks.MAX_RETRIES + 1
    assert InboundDelivery.objects.get().processed_at is not None


def test_a_media_url_on_a_foreign_host_is_not_fetched_with_our_token(deliver, graph):
    photo = encode(two_halves())
    graph.add_media(MEDIA_ID, photo, url="https://attacker.example/steal")

    deliver(image_payload(photo))

    assert not [r for r in graph.requests if r.url.host == "attacker.example"]
    message, _replies = conversation_messages()
    assert "foto niet aanvaard" in message.body


def test_a_photo_whose_media_id_is_unknown_is_noted_not_lost(deliver, graph):
    deliver(image_payload(b"whatever"))  # the fake Graph answers 400 for an unknown media id

    message, _replies = conversation_messages()
    assert message.body.startswith("Hier ligt het zwerfvuil")  # the caption is kept
    assert "foto kon niet worden opgehaald" in message.body
    assert ConversationMessage.objects.filter(direction="in").count() == 1
