"""The short fault proof: the worker killed -9 mid-pipeline five times over twenty requests loses and doubles nothing.

Runs `bench/faults.py --short --scenario kill` as it is (its own redis-server on a spare port, a real worker
process, a throw-away SQLite database), so it needs redis-server on the PATH; about 40 s.
"""
import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.worker
@pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server (the bench starts its own)")
def test_killing_the_worker_mid_pipeline_loses_and_doubles_nothing(tmp_path):
    out = tmp_path / "faults.json"
    with socket.socket() as probe:  # a port nothing else uses now (another run of the suite may be going on)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = subprocess.run(
        [sys.executable, "bench/faults.py", "--short", "--scenario", "kill", "--redis-port", str(port),
         "--database-url", f"sqlite:///{tmp_path / 'faults.sqlite3'}", "--json", str(out), "--timeout", "120"],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    kill = json.loads(out.read_text())["kill"]
    assert kill["kills"] == 5
    assert kill["ready"] == kill["requests"] == 60
    for figure in ("lost", "failed", "duplicate_certificates", "duplicate_messages", "messages_without_certificate",
                   "missing_messages", "duplicate_ready_history"):
        assert kill[figure] == 0, (figure, kill)
