#!/usr/bin/env python3
"""Where a crisis broadcast's CPU goes, per delivery, measured in CPU time (not wall time, so a busy machine
shifts the figures little): the profile behind bench/crisis.py.

    .venv/bin/python bench/crisis_profile.py [--messages 20000] [--database-url postgres://…/perf_x]

In this one process, against the mock push service (bench/mockpush) in its own process:
1. encryption alone: pywebpush's ``WebPusher.encode`` (what we used before) and ``news.push.encryption``;
   the ECDH key agreement alone, which is the floor (one per message);
2. ``news.push.sender.send`` of whole batches over each HTTP client (``fast`` and ``aiohttp``): the
   sender's CPU per delivery minus the encryption is the HTTP client and event loop; the mock's CPU per
   delivery is measured from /proc;
3. with --database-url: the database side of batches (plan, claim, record outcome) as the worker runs them,
   with the CPU of this process and of its PostgreSQL backend (from /proc: the server runs on this machine).
Prints one line per item and writes bench/results/crisis_profile.json.
"""
from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.crisis import derive_all, ensure_postgres_database, process_cpu  # noqa: E402


def cpu_per(label: str, count: int, run, results: dict, *, mock_pid: int | None = None) -> float:
    """Run ``run()`` once, print and record this process's (and the mock's) CPU µs per item."""
    mock_before = process_cpu(mock_pid) if mock_pid else 0.0
    before = time.process_time()
    run()
    mine = (time.process_time() - before) / count * 1e6
    results[label] = round(mine, 1)
    line = f"{label:44s} {mine:7.1f} µs/delivery"
    if mock_pid:
        mock = (process_cpu(mock_pid) - mock_before) / count * 1e6
        results[f"{label} / mock"] = round(mock, 1)
        line += f"   (mock push service: {mock:5.1f} µs/delivery)"
    print(line, flush=True)
    return mine


def backend_cpu(connection) -> float:
    """CPU seconds of this connection's PostgreSQL backend process (a server on this machine)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return process_cpu(cursor.fetchone()[0])


def main() -> int:  # noqa: C901 - a straight sequence of measurements
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=20_000)
    parser.add_argument("--database-url", default="")
    parser.add_argument("--json", default=str(ROOT / "bench" / "results" / "crisis_profile.json"))
    args = parser.parse_args()
    var = Path(tempfile.mkdtemp(prefix="thuisloket-bench-crisis-profile-"))
    key_file = var / "vapid.pem"
    os.environ.update({"THUISLOKET_VAR_DIR": str(var), "DJANGO_SETTINGS_MODULE": "bench.settings",
                       "WEBPUSH_VAPID_PRIVATE_KEY": str(key_file), "WEBPUSH_ALLOW_HTTP_LOCALHOST": "1",
                       "WEBPUSH_VAPID_SUBJECT": "mailto:communicatie@stad.example.be"})
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"):
        os.environ.pop(name, None)
    if args.database_url:
        ensure_postgres_database(args.database_url)
        os.environ["DATABASE_URL"] = args.database_url

    import django

    django.setup()
    import base64

    from cryptography.hazmat.primitives.asymmetric import ec
    from django.conf import settings
    from pywebpush import WebPusher

    # Lazy: our apps load only after django.setup(), with the environment set above.
    from bench.mockpush import free_port
    from news.push import encryption, sender, vapid

    vapid.generate_dev_key(key_file)
    seed = secrets.token_hex(8)
    port = free_port()
    mock = subprocess.Popen([sys.executable, "-m", "bench.mockpush", "--port", str(port), "--seed", seed,
                             "--decrypt-every", "100", "--vapid-key", vapid.public_key_b64()],
                            cwd=ROOT, stdout=subprocess.PIPE, text=True)
    results: dict = {"messages": args.messages, "load_average_1m_at_start": os.getloadavg()[0]}
    try:
        origin = mock.stdout.readline().strip().split(" ", 1)[1]
        n = args.messages
        rows = derive_all(seed, range(n), origin)
        targets = [sender.Target(i, endpoint, p256dh, auth, "nl") for i, (endpoint, p256dh, auth) in enumerate(rows)]
        raw = [(base64.urlsafe_b64decode(t.p256dh + "=="), base64.urlsafe_b64decode(t.auth + "==")) for t in targets]
        payload = json.dumps({"title": "Gaslek in de Kerkstraat", "urgent": True,
                              "body": "Blijf binnen, sluit ramen en deuren en zet de ventilatie uit.",
                              "url": "/nieuws/gaslek-kerkstraat/", "tag": "crisis-1"}).encode()
        print(f"load average {os.getloadavg()[0]:.2f} at the start, {n} messages, 1 mock process", flush=True)

        class Encoder(WebPusher):  # the old path: encode() without the constructor's URL checks
            def __init__(self, p256dh, auth):  # noqa: D107
                self.verbose = False
                self.receiver_key, self.auth_key = p256dh, auth

        cpu_per("encryption: pywebpush WebPusher.encode", n,
                lambda: [Encoder(k, a).encode(payload, "aes128gcm") for k, a in raw], results)
        cpu_per("encryption: news.push.encryption", n,
                lambda: [encryption.encrypt(payload, k, a) for k, a in raw], results)
        curve = ec.SECP256R1()
        server = ec.generate_private_key(curve)
        publics = [ec.EllipticCurvePublicKey.from_encoded_point(curve, k) for k, _a in raw]
        cpu_per("  of which ECDH alone (the floor)", n, lambda: [server.exchange(ec.ECDH(), p) for p in publics],
                results)
        cpu_per("  of which key-pair generation", n, lambda: [ec.generate_private_key(curve) for _ in raw], results)
        cpu_per("VAPID header (cached per origin)", n,
                lambda: [vapid.authorization_header(t.endpoint) for t in targets], results)
        payloads = {"nl": payload}
        batch = settings.WEBPUSH_BATCH_SIZE
        for client in ("fast", "aiohttp"):
            sender.send(targets[:200], payloads=payloads, ttl=60, urgency="high", topic="t", client=client)  # warm

            def send_all(client=client):
                for start in range(0, n, batch):
                    outcome = sender.send(targets[start:start + batch], payloads=payloads, ttl=3600, urgency="high",
                                          topic="crisis-1", concurrency=settings.WEBPUSH_CONCURRENCY, client=client)
                    assert len(outcome.delivered) == len(targets[start:start + batch]), outcome.summary()

            cpu_per(f"sender.send, client={client} (encryption included)", n, send_all, results, mock_pid=mock.pid)
            sender.close()
        if args.database_url:
            profile_database(targets, results)
    finally:
        mock.terminate()
        mock.wait(10)
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


def profile_database(targets, results: dict) -> None:
    """Plan, claim and record every batch of a broadcast to ``targets`` (all delivered), as a worker does."""
    import subprocess as sp

    from django.db import connection

    # Lazy: our apps load only after django.setup().
    from news.push import sender, services
    from news.push.models import Broadcast, PushSubscription

    sp.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, check=True)
    origin = targets[0].endpoint.rsplit("/", 2)[0]
    PushSubscription.objects.filter(endpoint__startswith=origin).delete()
    PushSubscription.objects.bulk_create([PushSubscription(endpoint=t.endpoint, p256dh=t.p256dh, auth=t.auth,
                                                           crisis=True) for t in targets], batch_size=2000)
    item = Broadcast.objects.create(topic="crisis", urgency="high", ttl=3600, payloads={"nl": {"title": "x"}})
    n = len(targets)
    try:
        server = backend_cpu(connection)
        ids = []
        cpu_per("DB: plan_batches (this process)", n, lambda: ids.extend(services.plan_batches(item.pk)), results)
        works = []
        cpu_per("DB: claim_batch (this process)", n, lambda: works.extend(services.claim_batch(i) for i in ids),
                results)
        cpu_per("DB: record_batch_outcome (this process)", n, lambda: [
            services.record_batch_outcome(w, sender.Outcome(delivered=[t.id for t in w.targets])) for w in works],
            results)
        server = (backend_cpu(connection) - server) / n * 1e6
        results["DB: PostgreSQL backend, plan + claim + record"] = round(server, 1)
        print(f"{'DB: PostgreSQL backend, plan + claim + record':44s} {server:7.1f} µs/delivery", flush=True)
    finally:
        PushSubscription.objects.filter(endpoint__startswith=origin).delete()
        Broadcast.objects.filter(pk=item.pk).delete()


if __name__ == "__main__":
    sys.exit(main())
