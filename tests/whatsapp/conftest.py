"""The WhatsApp adapter, tested offline: recorded webhook payloads (tests/whatsapp/payloads/, anonymised,
current shapes with business-scoped user ids), signed here with a test app secret and posted to the real
webhook view, and a fake Graph API (an ``httpx.MockTransport`` in pywa's session) that records every
request the adapter makes."""
from __future__ import annotations

import copy
import hashlib
import hmac
import json
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from django.urls import reverse
from django.utils import timezone

PAYLOADS = Path(__file__).parent / "payloads"
APP_SECRET = "test-app-secret"
VERIFY_TOKEN = "test-verify-token"
ACCESS_TOKEN = "test-access-token"
PHONE_ID = "200000000000002"
API = "https://graph.facebook.com/v26.0"
AN_WA_ID = "32470000001"
AN_BSUID = "BE.1000000000000000001"


def payload(name: str, *, now: bool = True) -> dict:
    """A recorded payload; its timestamps moved to now (WhatsApp's 24-hour window counts from them)."""
    data = json.loads((PAYLOADS / name).read_text())
    if now:
        stamp = str(int(time.time()))
        for entry in data["entry"]:
            for change in entry["changes"]:
                for item in change["value"].get("messages", []) + change["value"].get("statuses", []):
                    item["timestamp"] = stamp
    return data


def text_payload(body: str, *, wamid: str, name: str = "text.json") -> dict:
    data = payload(name)
    message = data["entry"][0]["changes"][0]["value"]["messages"][0]
    message["text"]["body"] = body
    message["id"] = wamid
    return data


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def encode(data) -> bytes:
    return data if isinstance(data, bytes) else json.dumps(data).encode()


def post(client, data, *, signature: str | None = "auto"):
    body = encode(data)
    headers = {}
    if signature == "auto":
        headers["HTTP_X_HUB_SIGNATURE_256"] = sign(body)
    elif signature is not None:
        headers["HTTP_X_HUB_SIGNATURE_256"] = signature
    return client.post(reverse("whatsapp:webhook"), data=body, content_type="application/json", **headers)


@pytest.fixture
def whatsapp(settings):
    """WhatsApp switched on with test credentials and an approved template in Dutch and French."""
    settings.WHATSAPP_ENABLED = True
    settings.WHATSAPP_ACCESS_TOKEN = ACCESS_TOKEN
    settings.WHATSAPP_PHONE_NUMBER_ID = PHONE_ID
    settings.WHATSAPP_WABA_ID = "100000000000001"
    settings.WHATSAPP_APP_SECRET = APP_SECRET
    settings.WHATSAPP_VERIFY_TOKEN = VERIFY_TOKEN
    settings.WHATSAPP_API_VERSION = "26.0"
    settings.WHATSAPP_TEMPLATE_NAME = "melding_update"
    settings.WHATSAPP_TEMPLATE_LANGUAGES = ["nl", "fr"]
    settings.WHATSAPP_PORTAL_URL = "https://thuisloket.example.be/"
    return settings


class FakeGraph:
    """The Graph API endpoints the adapter uses: send a message, look up a media id, download media."""

    def __init__(self):
        self.requests: list[httpx.Request] = []
        self.media: dict[str, dict] = {}
        self.send_failures: list[tuple[int, dict]] = []  # answers for the next sends, then success
        self.sent = 0

    def add_media(self, media_id: str, content: bytes, *, mime_type="image/jpeg", sha256=None, file_size=None,
                  url=None):
        self.media[media_id] = {"content": content, "mime_type": mime_type,
                                "sha256": sha256 or hashlib.sha256(content).hexdigest(),
                                "file_size": len(content) if file_size is None else file_size,
                                "url": url or f"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid={media_id}"}

    def fail_sends(self, times: int, *, status=500, code=131000, message="Something went wrong"):
        self.send_failures += [(status, {"error": {"code": code, "message": message, "type": "OAuthException",
                                                   "fbtrace_id": "A1"}})] * times

    @property
    def sends(self) -> list[dict]:
        return [json.loads(r.content) for r in self.requests if r.method == "POST" and r.url.path.endswith("/messages")]

    @property
    def send_requests(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == "POST" and r.url.path.endswith("/messages")]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.headers.get("Authorization") != f"Bearer {ACCESS_TOKEN}":
            return httpx.Response(401, json={"error": {"code": 190, "message": "Invalid OAuth access token"}})
        if request.url.host == "graph.facebook.com":
            if request.method == "POST" and request.url.path == f"/v26.0/{PHONE_ID}/messages":
                if self.send_failures:
                    status, body = self.send_failures.pop(0)
                    return httpx.Response(status, json=body)
                sent = json.loads(request.content)
                self.sent += 1
                to = sent.get("to") or sent.get("recipient")
                contact = {"input": to, "wa_id": to} if sent.get("to") else {"input": to, "user_id": to}
                return httpx.Response(200, json={"messaging_product": "whatsapp", "contacts": [contact],
                                                 "messages": [{"id": f"wamid.OUT{self.sent}"}]})
            media_id = request.url.path.rsplit("/", 1)[-1]
            if request.method == "GET" and media_id in self.media:
                media = self.media[media_id]
                return httpx.Response(200, json={"messaging_product": "whatsapp", "url": media["url"],
                                                 "mime_type": media["mime_type"], "sha256": media["sha256"],
                                                 "file_size": media["file_size"], "id": media_id})
            return httpx.Response(400, json={"error": {"code": 100, "message": "Unsupported get request"}})
        if request.url.host == "lookaside.fbsbx.com":
            media_id = request.url.params.get("mid")
            if media_id in self.media:
                return httpx.Response(200, content=self.media[media_id]["content"],
                                      headers={"Content-Type": self.media[media_id]["mime_type"]})
        return httpx.Response(404)


@pytest.fixture
def graph(whatsapp, monkeypatch):
    from desk.channels.whatsapp import client

    fake = FakeGraph()
    monkeypatch.setattr(client, "transport", httpx.MockTransport(fake))
    return fake


@pytest.fixture
def eager_celery():
    """Run Celery tasks in-process (Celery's own testing switch): .delay() runs the real task function."""
    from portal.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture
def desk_ready(db):
    """The demo desk configuration with the response matrix in force since last year."""
    from desk.demo import load_desk_configuration
    from desk.models import ResponseMatrix

    load_desk_configuration()

    ResponseMatrix.objects.update(published_at=timezone.now() - timedelta(days=365))


@pytest.fixture
def deliver(client, graph, eager_celery, desk_ready, django_capture_on_commit_callbacks):
    """Post a signed delivery to the webhook; the tasks run (eagerly) after the commit, as in production."""

    def run(data, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, copy.deepcopy(data) if isinstance(data, dict) else data, **kwargs)
        assert response.status_code == 200, response.content
        return response

    return run


@pytest.fixture
def agent(db):
    from tests.factories.identity import StaffUserFactory

    return StaffUserFactory(username="balie", role="desk_agent")
