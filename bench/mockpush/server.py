"""A local mock push service (RFC 8030 receiving side): a small HTTP/1.1 server on plain asyncio.

For every ``POST /push/<id>`` it
- checks the VAPID header (RFC 8292): ``vapid t=<JWT>,k=<key>``, ES256 signature against ``k``, ``aud`` = its
  own origin, ``exp`` in the future and at most 24 h away, a ``sub``; and, like real push services, that ``k``
  is the applicationServerKey the subscription was made with (401 bad token, 403 other key);
- checks the request (TTL header, ``Content-Encoding: aes128gcm``, a body of at most 4096 bytes);
- decrypts the aes128gcm body (RFC 8291) with the subscriber's private key, for every subscription registered
  through ``subscribe()`` and for every ``decrypt_every``-th message of the derived (bench) subscriptions;
- records the arrival time, and answers 201 - or 410 for ids marked gone, or 500 for ids told to fail.

Subscriptions come in two kinds:
- registered: ``subscribe(application_server_key)`` returns a browser-like ``PushSubscription.toJSON()``;
- derived: ``/push/d<n>`` with keys derived from a seed (``derived_keys``), so a benchmark can create 100 000
  subscriptions without telling the mock about each one.

Control over HTTP (for a mock in another process): ``GET /_stats``, ``POST /_control`` with
``{"gone": [ids], "fail": {id: times}, "reset": true}``, ``GET /_messages/<id>``.
"""
from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import os
import socket
import threading
import time
from collections import Counter, defaultdict

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551
MAX_BODY = 4096


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64url(value: str | bytes) -> bytes:
    if isinstance(value, str):
        value = value.encode("ascii")
    return base64.urlsafe_b64decode(value + b"=" * (-len(value) % 4))


def public_raw(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def derived_keys(seed: str, number: int) -> tuple[ec.EllipticCurvePrivateKey, bytes]:
    """The private key and auth secret of derived subscription ``d<number>``: real P-256 keys, reproducible."""
    scalar = int.from_bytes(hashlib.sha256(f"{seed}:{number}:key".encode()).digest(), "big") % (P256_ORDER - 1) + 1
    auth = hashlib.sha256(f"{seed}:{number}:auth".encode()).digest()[:16]
    return ec.derive_private_key(scalar, ec.SECP256R1()), auth


def derived_subscription(seed: str, number: int, origin: str) -> dict:
    key, auth = derived_keys(seed, number)
    return {"endpoint": f"{origin}/push/d{number}", "keys": {"p256dh": b64url(public_raw(key)), "auth": b64url(auth)}}


class VapidError(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


class MockPushState:
    """Everything the service knows and recorded; shared by the handlers (one event loop, no locks needed
    for the handlers; the test thread only reads or sets simple containers)."""

    def __init__(self, *, seed: str = "", decrypt_every: int = 1, vapid_key: str = "", verbose: bool = False,
                 latency: float = 0.0):
        self.origin = ""
        self.latency = latency  # seconds before a push is answered: a real push service is a round trip away
        self.seed = seed
        self.decrypt_every = max(1, decrypt_every)
        self.vapid_key = vapid_key  # expected k for derived subscriptions ("" = any valid key)
        self.verbose = verbose
        self.registered: dict[str, dict] = {}  # id -> {"key", "auth", "server_key"}
        self.gone: set[str] = set()
        self.fail: dict[str, int] = {}  # id -> how many more times to answer 500
        self.reset()

    def reset(self) -> None:
        self.statuses: Counter = Counter()
        self.delivered = 0
        self.delivered_ids: set[str] = set()
        self.duplicates = 0
        self.first_at: float | None = None
        self.last_at: float | None = None
        self.decrypted = 0
        self.decrypt_errors = 0
        self.vapid_rejections: Counter = Counter()
        self.messages: dict[str, list[dict]] = defaultdict(list)
        self.samples: list[dict] = []  # decrypted messages of derived subscriptions (the bench compares them)
        self._verified: dict[str, tuple[str, int]] = {}  # Authorization header -> (k, exp): verified once

    # --- subscriptions -------------------------------------------------------------------------------------
    def subscribe(self, application_server_key: str) -> dict:
        """Like a browser's ``pushManager.subscribe()``: a new subscription bound to that VAPID public key."""
        key = ec.generate_private_key(ec.SECP256R1())
        auth = os.urandom(16)
        ident = base64.urlsafe_b64encode(os.urandom(12)).decode().rstrip("=")
        self.registered[ident] = {"key": key, "auth": auth, "server_key": application_server_key}
        return {"endpoint": f"{self.origin}/push/{ident}",
                "keys": {"p256dh": b64url(public_raw(key)), "auth": b64url(auth)}}

    def expected_key(self, ident: str) -> str:
        entry = self.registered.get(ident)
        return entry["server_key"] if entry else self.vapid_key

    def private_keys(self, ident: str) -> tuple[ec.EllipticCurvePrivateKey, bytes]:
        entry = self.registered.get(ident)
        if entry:
            return entry["key"], entry["auth"]
        return derived_keys(self.seed, int(ident[1:]))  # only when decrypting: a derivation costs ~75 µs

    def known(self, ident: str) -> bool:
        return ident in self.registered or (ident.startswith("d") and ident[1:].isdigit() and bool(self.seed))

    def stats(self) -> dict:
        return {"delivered": self.delivered, "unique": len(self.delivered_ids), "duplicates": self.duplicates,
                "first_at": self.first_at, "last_at": self.last_at, "statuses": dict(self.statuses),
                "decrypted": self.decrypted, "decrypt_errors": self.decrypt_errors,
                "vapid_rejections": dict(self.vapid_rejections), "samples": self.samples[-20:]}

    # --- VAPID ---------------------------------------------------------------------------------------------
    def check_vapid(self, header: str, expected_key: str, now: float) -> None:
        # Like a real push service, a header already verified is not verified again: the cache is keyed by the
        # whole header, so any other token, signature or key (a forged one) is parsed and verified afresh.
        cached = self._verified.get(header)
        if cached is None:
            cached = self._check_header(header)
            if len(self._verified) > 10000:
                self._verified.clear()
            self._verified[header] = cached
        if cached[1] <= now:
            raise VapidError(401, "token expired")
        if expected_key and cached[0] != expected_key:
            raise VapidError(403, "not the applicationServerKey of this subscription")

    def _check_header(self, header: str) -> tuple[str, int]:
        """(k, exp) of a valid ``vapid t=…,k=…`` header; VapidError otherwise."""
        scheme, _, params = (header or "").partition(" ")
        if scheme.lower() != "vapid":
            raise VapidError(401, "no vapid authorization")
        parts = dict(item.strip().split("=", 1) for item in params.split(",") if "=" in item)
        token, k = parts.get("t", ""), parts.get("k", "")
        if not token or not k:
            raise VapidError(401, "t and k are required")
        return k, int(self._verify_token(token, k)["exp"])

    def _verify_token(self, token: str, k: str) -> dict:
        try:
            header_b64, claims_b64, signature_b64 = token.split(".")
            header = json.loads(unb64url(header_b64))
            claims = json.loads(unb64url(claims_b64))
            signature = unb64url(signature_b64)
            public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64url(k))
        except (ValueError, TypeError) as exc:
            raise VapidError(401, f"malformed token ({type(exc).__name__})") from None
        if header.get("alg") != "ES256" or len(signature) != 64:
            raise VapidError(401, "not an ES256 JWT")
        try:
            public.verify(encode_dss_signature(int.from_bytes(signature[:32], "big"),
                                               int.from_bytes(signature[32:], "big")),
                          f"{header_b64}.{claims_b64}".encode(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise VapidError(401, "bad signature") from None
        now = time.time()
        if claims.get("aud") != self.origin:
            raise VapidError(401, f"aud is {claims.get('aud')!r}, not {self.origin!r}")
        exp = claims.get("exp")
        if not isinstance(exp, int) or exp <= now or exp > now + 86400 + 60:
            raise VapidError(401, "exp missing, past, or more than 24 h away")
        if not str(claims.get("sub", "")).startswith(("mailto:", "https:")):
            raise VapidError(401, "sub must be a mailto: or https: URL")
        return claims

    # --- receiving -----------------------------------------------------------------------------------------
    def receive(self, ident: str, headers: dict[str, str], body: bytes) -> tuple[int, str]:
        """One push message: (status, reason). ``headers`` have lower-case names."""
        now = time.time()
        if not self.known(ident):
            return self._count(404, "")
        if ident in self.gone:
            return self._count(410, "")
        try:
            self.check_vapid(headers.get("authorization", ""), self.expected_key(ident), now)
        except VapidError as exc:
            self.vapid_rejections[exc.reason] += 1
            return self._count(exc.status, exc.reason)
        if "ttl" not in headers or headers.get("content-encoding") != "aes128gcm":
            return self._count(400, "TTL and Content-Encoding: aes128gcm are required")
        if len(body) > MAX_BODY:
            return self._count(413, "")
        remaining = self.fail.get(ident, 0)
        if remaining:
            self.fail[ident] = remaining - 1
            return self._count(500, "told to fail")
        self.delivered += 1
        if ident in self.delivered_ids:
            self.duplicates += 1
        self.delivered_ids.add(ident)
        self.first_at = self.first_at or now
        self.last_at = now
        if ident in self.registered or self.delivered % self.decrypt_every == 0:
            try:
                key, auth = self.private_keys(ident)
                plain = http_ece.decrypt(body, private_key=key, auth_secret=auth, version="aes128gcm")
                message = {"payload": json.loads(plain), "ttl": headers.get("ttl"), "urgency": headers.get("urgency"),
                           "topic": headers.get("topic"), "content_type": headers.get("content-type"), "at": now}
                if ident in self.registered:
                    self.messages[ident].append(message)
                elif len(self.samples) < 10000:
                    self.samples.append({"id": ident, **message})
                self.decrypted += 1
            except Exception:
                self.decrypt_errors += 1
        return self._count(201, "")

    def _count(self, status: int, reason: str) -> tuple[int, str]:
        self.statuses[status] += 1
        return status, reason

    def control(self, data: dict) -> None:
        if data.get("reset"):
            self.reset()
        self.gone.update(str(i) for i in data.get("gone", []))
        self.fail.update({str(k): int(v) for k, v in data.get("fail", {}).items()})


REASONS = {200: "OK", 201: "Created", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           405: "Method Not Allowed", 410: "Gone", 413: "Content Too Large", 500: "Internal Server Error"}
MAX_HEAD = 16384
CREATED = b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"


class PushProtocol(asyncio.Protocol):
    """A small HTTP/1.1 server connection: keep-alive, Content-Length bodies, pipelining. Deliberately no
    framework: the mock shares the two cores with the workers it measures, so it must cost little."""

    def __init__(self, state: MockPushState):
        self.state = state
        self.buffer = bytearray()
        self.transport = None

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while self.transport is not None:
            head_end = self.buffer.find(b"\r\n\r\n")
            if head_end < 0:
                if len(self.buffer) > MAX_HEAD:
                    self._respond(400, b"header too large", close=True)
                return
            lines = bytes(self.buffer[:head_end]).decode("latin-1").split("\r\n")
            try:
                method, target, _version = lines[0].split(" ", 2)
                headers = {}
                for line in lines[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
                length = int(headers.get("content-length", "0"))
            except ValueError:
                self._respond(400, b"bad request", close=True)
                return
            if length > MAX_BODY * 4:
                self._respond(413, b"", close=True)
                return
            if len(self.buffer) < head_end + 4 + length:
                return  # the rest of the body is still on its way
            body = bytes(self.buffer[head_end + 4:head_end + 4 + length])
            del self.buffer[:head_end + 4 + length]
            self._dispatch(method, target, headers, body)
            if headers.get("connection", "").lower() == "close":
                self.transport.close()
                self.transport = None

    def _dispatch(self, method: str, target: str, headers: dict, body: bytes) -> None:
        state = self.state
        if method == "POST" and target.startswith("/push/"):
            status, reason = state.receive(target[6:], headers, body)
            if state.latency:
                asyncio.get_running_loop().call_later(state.latency, self._respond_later, status, reason.encode())
            else:
                self._respond(status, reason.encode())
        elif method == "GET" and target == "/_stats":
            self._respond(200, json.dumps(state.stats()).encode(), json_body=True)
        elif method == "GET" and target.startswith("/_messages/"):
            self._respond(200, json.dumps(state.messages.get(target[11:], [])).encode(), json_body=True)
        elif method == "POST" and target == "/_control":
            try:
                state.control(json.loads(body or b"{}"))
            except (ValueError, TypeError, AttributeError):
                self._respond(400, b"bad control request")
                return
            self._respond(200, b'{"ok": true}', json_body=True)
        else:
            self._respond(404 if method in {"GET", "POST"} else 405, b"")

    def _respond_later(self, status: int, body: bytes) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self._respond(status, body)

    def _respond(self, status: int, body: bytes, *, json_body: bool = False, close: bool = False) -> None:
        if status == 201 and not body and not close:
            self.transport.write(CREATED)  # the answer to nearly every push: made once
            return
        head = f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}\r\nContent-Length: {len(body)}\r\n"
        if json_body:
            head += "Content-Type: application/json\r\n"
        if close:
            head += "Connection: close\r\n"
        self.transport.write(head.encode() + b"\r\n" + body)
        if close:
            self.transport.close()
            self.transport = None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


async def serve(state: MockPushState, host: str, port: int) -> asyncio.AbstractServer:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: PushProtocol(state), host, port, backlog=1024, reuse_address=True)
    state.origin = f"http://{host}:{port}"
    return server


class MockPushService:
    """The mock in a background thread of this process (tests): ``with MockPushService() as mock: ...``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, **options):
        self.host = host
        self.port = port or free_port(host)
        self.state = MockPushState(**options)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="mockpush", daemon=True)
        self._server: asyncio.AbstractServer | None = None

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> MockPushService:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(serve(self.state, self.host, self.port), self._loop).result(10)
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._loop.call_soon_threadsafe(self._server.close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    def __enter__(self) -> MockPushService:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # Conveniences for tests (the state is shared with the server thread; these are single operations).
    def subscribe(self, application_server_key: str) -> dict:
        return self.state.subscribe(application_server_key)

    def ident(self, subscription: dict) -> str:
        return subscription["endpoint"].rsplit("/", 1)[1]

    def messages(self, subscription: dict) -> list[dict]:
        return list(self.state.messages.get(self.ident(subscription), []))

    def expire(self, subscription: dict) -> None:
        self.state.gone.add(self.ident(subscription))

    def fail(self, subscription: dict, times: int = 1) -> None:
        self.state.fail[self.ident(subscription)] = times
