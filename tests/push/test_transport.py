"""The small HTTP/1.1 client that POSTs to push services, against scripted servers (plain and TLS)."""
import asyncio
import datetime
import ssl
import threading

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from news.push.transport import Origin, ProtocolError, PushClient


class Scripted:
    """A server on its own thread that answers each request with the next canned response."""

    def __init__(self, answers, *, tls: ssl.SSLContext | None = None, close_after_each=False):
        self.answers = list(answers)
        self.requests = []
        self.connections = 0
        self.tls = tls
        self.close_after_each = close_after_each
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    async def _handle(self, reader, writer):
        self.connections += 1
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                               if line.lower().startswith(b"content-length:")), 0)
                body = await reader.readexactly(length)
                self.requests.append((head, body))
                answer = self.answers.pop(0) if self.answers else b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n"
                if answer == "hang":
                    await asyncio.sleep(5)
                    return
                for part in ([answer] if isinstance(answer, bytes) else answer):
                    writer.write(part)
                    await writer.drain()
                    await asyncio.sleep(0.01)
                if self.close_after_each:
                    writer.close()
                    return
        except (asyncio.IncompleteReadError, ConnectionError):
            return

    def __enter__(self):
        self.thread.start()
        server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", 0, ssl=self.tls), self.loop).result(5)
        self.server = server
        self.port = server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc):
        async def shutdown():
            self.server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    def url(self, path="/push/abc", scheme="http"):
        host = "localhost" if scheme == "https" else "127.0.0.1"
        return f"{scheme}://{host}:{self.port}{path}"


def post_all(client, calls):
    async def run():
        try:
            results = []
            for url, body in calls:
                try:
                    results.append(await client.post(url, body, b"TTL: 60\r\nContent-Encoding: aes128gcm\r\n"))
                except Exception as exc:  # noqa: BLE001 - the test inspects it
                    results.append(exc)
            return results
        finally:
            await client.close()

    return asyncio.run(run())


def test_keep_alive_reuses_one_connection_and_sends_a_proper_request():
    with Scripted([b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n",
                   b"HTTP/1.1 201 Created\r\nLocation: /m/1\r\nContent-Length: 4\r\n\r\nokay"]) as server:
        results = post_all(PushClient(), [(server.url(), b"\x01\x02"), (server.url("/push/x?y=1"), b"abc")])
    assert results == [(201, None), (201, None)]
    assert server.connections == 1
    head, body = server.requests[0]
    assert head.startswith(b"POST /push/abc HTTP/1.1\r\nHost: 127.0.0.1:")
    assert b"TTL: 60\r\n" in head and b"Content-Length: 2\r\n" in head and body == b"\x01\x02"
    assert server.requests[1][0].startswith(b"POST /push/x?y=1 HTTP/1.1")


def test_chunked_bodies_interim_answers_and_retry_after_are_read():
    chunked = [b"HTTP/1.1 100 Continue\r\n\r\n",
               b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 120\r\nTransfer-Encoding: chunked\r\n\r\n",
               b"5\r\nhello\r\n", b"6;ext=1\r\n world\r\n", b"0\r\nX-Trailer: 1\r\n\r\n"]
    with Scripted([chunked, b"HTTP/1.1 410 Gone\r\nContent-Length: 0\r\n\r\n"]) as server:
        results = post_all(PushClient(), [(server.url(), b"a"), (server.url(), b"b")])
    assert results == [(429, "120"), (410, None)]
    assert server.connections == 1  # the chunked body was read to its end: the connection stayed usable


def test_after_connection_close_the_client_opens_a_new_connection():
    # The server keeps every connection open: only the client's reading of "Connection: close" makes it 2.
    with Scripted([b"HTTP/1.1 500 Oops\r\nConnection: close\r\nContent-Length: 0\r\n\r\n"]) as server:
        results = post_all(PushClient(), [(server.url(), b"a"), (server.url(), b"b"), (server.url(), b"c")])
    assert results == [(500, None), (201, None), (201, None)]
    assert server.connections == 2


def test_a_body_without_length_is_read_up_to_the_close():
    with Scripted([b"HTTP/1.0 201 Created\r\n\r\nbody until close"], close_after_each=True) as server:
        results = post_all(PushClient(), [(server.url(), b"a"), (server.url(), b"b")])
    assert results == [(201, None), (201, None)]
    assert server.connections == 2


def test_a_kept_alive_connection_the_server_closed_is_retried_once_on_a_fresh_one():
    class ClosesIdle(Scripted):
        async def _handle(self, reader, writer):
            self.connections += 1
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            self.requests.append((head, await reader.readexactly(length)))
            writer.write(b"HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n")  # says keep-alive ...
            await writer.drain()
            await reader.read(1)  # ... but closes when the next request arrives, without answering
            writer.close()

    with ClosesIdle([]) as server:
        results = post_all(PushClient(), [(server.url(), b"a"), (server.url(), b"b")])
    assert results == [(201, None), (201, None)]
    assert server.connections == 2  # the second request went out on the stale one, then on a fresh one
    assert [body for _head, body in server.requests] == [b"a", b"b"]


def test_no_answer_in_time_is_a_timeout():
    with Scripted(["hang"]) as server:
        [result] = post_all(PushClient(timeout=0.3), [(server.url(), b"a")])
    assert isinstance(result, TimeoutError)


def test_garbage_is_a_protocol_error_and_a_refused_connection_an_os_error():
    with Scripted([b"SMTP 220 hello\r\n\r\n"]) as server:
        [garbage] = post_all(PushClient(), [(server.url(), b"a")])
    assert isinstance(garbage, ProtocolError)
    [refused] = post_all(PushClient(), [("http://127.0.0.1:9/push/x", b"a")])
    assert isinstance(refused, OSError)


def self_signed_contexts():
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                   .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                   .not_valid_after(now + datetime.timedelta(days=1))
                   .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .sign(key, hashes.SHA256()))
    pem = certificate.public_bytes(serialization.Encoding.PEM)
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    import tempfile

    with tempfile.NamedTemporaryFile("wb", suffix=".pem") as cert_file, \
            tempfile.NamedTemporaryFile("wb", suffix=".pem") as key_file:
        cert_file.write(pem)
        cert_file.flush()
        key_file.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                         serialization.NoEncryption()))
        key_file.flush()
        server.load_cert_chain(cert_file.name, key_file.name)
    client = ssl.create_default_context(cadata=pem.decode())
    return server, client


def test_https_is_verified_against_the_trusted_certificates():
    server_context, trusting = self_signed_contexts()
    with Scripted([], tls=server_context) as server:
        [trusted] = post_all(PushClient(ssl_context=trusting), [(server.url(scheme="https"), b"a")])
        [untrusted] = post_all(PushClient(), [(server.url(scheme="https"), b"a")])  # the system's CAs only
    assert trusted == (201, None)
    assert isinstance(untrusted, ssl.SSLCertVerificationError)


@pytest.mark.parametrize("url", ["ftp://example.com/x", "https://user:pw@fcm.googleapis.com/x", "no url"])
def test_only_plain_http_and_https_urls(url):
    with pytest.raises(ValueError):
        Origin.of(url)
