"""The webhook: off by default, Meta's verification handshake, the signature over the raw body, the size
limit, and a delivery stored and answered at once (processing happens in the task)."""
import json

import pytest
from django.test import override_settings
from django.urls import reverse

from desk.channels.whatsapp.models import InboundDelivery
from desk.models import ConversationMessage

from .conftest import APP_SECRET, VERIFY_TOKEN, encode, payload, post, sign

pytestmark = pytest.mark.django_db
URL = "/whatsapp/webhook/"


def handshake(client, **params):
    query = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
    query.update(params)
    return client.get(URL, {key: value for key, value in query.items() if value is not None})


def test_the_webhook_lives_at_whatsapp_webhook():
    assert reverse("whatsapp:webhook") == URL


def test_the_webhook_is_off_by_default(client, settings):
    assert settings.WHATSAPP_ENABLED is False
    assert handshake(client).status_code == 404
    body = encode(payload("text.json"))
    with override_settings(WHATSAPP_APP_SECRET=APP_SECRET):
        response = post(client, body)
    assert response.status_code == 404
    assert not InboundDelivery.objects.exists()


# --- the verification handshake -----------------------------------------------------------------------------


def test_the_handshake_answers_the_raw_challenge_as_plain_text(client, whatsapp):
    response = handshake(client)
    assert response.status_code == 200
    assert response.content == b"1158201444"
    assert response["Content-Type"].startswith("text/plain")


@pytest.mark.parametrize("params", [
    {"hub.verify_token": "wrong-token"},
    {"hub.verify_token": None},
    {"hub.verify_token": VERIFY_TOKEN[:-1]},
    {"hub.verify_token": "tëst-verify-token"},  # not ASCII: compared as bytes, still refused
    {"hub.mode": "unsubscribe"},
    {"hub.challenge": None},
])
def test_the_handshake_is_refused_without_the_right_token_or_mode(client, whatsapp, params):
    response = handshake(client, **params)
    assert response.status_code == 403
    assert b"1158201444" not in response.content


def test_without_a_configured_verify_token_no_handshake_succeeds(client, whatsapp):
    whatsapp.WHATSAPP_VERIFY_TOKEN = ""
    assert handshake(client, **{"hub.verify_token": ""}).status_code == 403


# --- the signature ------------------------------------------------------------------------------------------


def test_a_correctly_signed_delivery_is_stored_raw_and_answered_at_once(client, whatsapp,
                                                                       django_capture_on_commit_callbacks):
    body = encode(payload("text.json"))
    with django_capture_on_commit_callbacks() as callbacks:  # queued for after the commit, not run here
        response = post(client, body)
    assert response.status_code == 200
    delivery = InboundDelivery.objects.get()
    assert delivery.body.encode() == body  # exactly the bytes that were signed
    assert delivery.processed_at is None and delivery.received_at is not None
    assert len(callbacks) == 1  # the processing task, enqueued on commit
    assert not ConversationMessage.objects.exists()  # nothing is processed in the request


def test_a_delivery_without_a_signature_is_refused_with_401(client, whatsapp):
    response = post(client, payload("text.json"), signature=None)
    assert response.status_code == 401
    assert not InboundDelivery.objects.exists()


@pytest.mark.parametrize("signature", [
    "sha256=" + "0" * 64,
    sign(b"something else"),
    sign(encode({"object": "whatsapp_business_account"}), secret="another-secret"),
    "sha1=abcdef",
    "sha256=",
    "sha256=é",  # not ASCII
])
def test_a_delivery_with_a_wrong_signature_is_refused_with_403(client, whatsapp, signature):
    response = post(client, payload("text.json"), signature=signature)
    assert response.status_code == 403
    assert not InboundDelivery.objects.exists()


def test_a_body_altered_by_one_byte_after_signing_is_refused(client, whatsapp):
    body = encode(payload("text.json"))
    signature = sign(body)
    altered = body.replace(b"Kerkstraat", b"Kerkstraaf")
    assert len(altered) == len(body) and altered != body
    assert post(client, altered, signature=signature).status_code == 403
    assert post(client, body, signature=signature).status_code == 200


def test_the_signature_covers_the_raw_bytes_not_the_parsed_json(client, whatsapp):
    """Re-serialised JSON (other spacing) is other bytes: signed over the original, it is refused."""
    data = payload("text.json")
    signature = sign(json.dumps(data).encode())
    assert post(client, json.dumps(data, indent=1).encode(), signature=signature).status_code == 403


def test_without_an_app_secret_every_delivery_is_refused(client, whatsapp):
    whatsapp.WHATSAPP_APP_SECRET = ""
    assert post(client, payload("text.json"), signature=sign(encode(payload("text.json")), secret="")).status_code \
        == 403


# --- size, methods, replays ---------------------------------------------------------------------------------


def test_an_oversized_delivery_is_refused_before_the_signature_is_checked(client, whatsapp):
    whatsapp.WHATSAPP_MAX_BODY_BYTES = 2000
    data = payload("text.json")
    data["entry"][0]["changes"][0]["value"]["messages"][0]["text"]["body"] = "x" * 3000
    response = post(client, data)
    assert response.status_code == 413
    assert not InboundDelivery.objects.exists()


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_only_get_and_post_are_allowed(client, whatsapp, method):
    assert getattr(client, method)(URL).status_code == 405


def test_no_csrf_token_is_needed(whatsapp):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert post(strict, payload("text.json")).status_code == 200


def test_a_replayed_delivery_is_stored_once(client, whatsapp):
    body = encode(payload("text.json"))
    assert post(client, body).status_code == 200
    assert post(client, body).status_code == 200
    assert InboundDelivery.objects.count() == 1
