"""Worker and beat liveness for container health checks (portal.heartbeat, manage.py celery_alive)."""
import os
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command
from django.core.management.base import CommandError

from portal import heartbeat
from portal.celery import app


@pytest.fixture(autouse=True)
def heartbeat_dir(settings, tmp_path):
    settings.HEARTBEAT_DIR = tmp_path / "heartbeat"
    return settings.HEARTBEAT_DIR


@pytest.mark.parametrize("kind", heartbeat.KINDS)
def test_celery_alive_fails_without_a_heartbeat_and_passes_with_a_fresh_one(kind, capsys):
    with pytest.raises(CommandError, match="no heartbeat file"):
        call_command("celery_alive", kind)
    heartbeat.touch(kind)
    call_command("celery_alive", kind)
    assert f"{kind}: alive" in capsys.readouterr().out


def test_celery_alive_fails_once_the_heartbeat_is_too_old():
    heartbeat.touch("worker")
    old = time.time() - 120
    os.utime(heartbeat.heartbeat_file("worker"), (old, old))
    with pytest.raises(CommandError, match="120 s old"):
        call_command("celery_alive", "worker")
    call_command("celery_alive", "worker", "--max-age", "300")


def test_celery_alive_as_a_process_exits_non_zero_for_a_dead_worker(heartbeat_dir):
    import subprocess
    import sys

    env = {**os.environ, "HEARTBEAT_DIR": str(heartbeat_dir), "DJANGO_SETTINGS_MODULE": "portal.settings.test"}
    dead = subprocess.run([sys.executable, "manage.py", "celery_alive", "worker"], env=env, capture_output=True,
                          text=True, check=False)
    assert dead.returncode == 1 and "no heartbeat file" in dead.stderr
    heartbeat.touch("worker")
    alive = subprocess.run([sys.executable, "manage.py", "celery_alive", "worker"], env=env, capture_output=True,
                           text=True, check=False)
    assert alive.returncode == 0, alive.stderr


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_keeps_its_heartbeat_file():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        deadline = time.monotonic() + 20
        while heartbeat.age("worker") is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert heartbeat.age("worker") is not None and heartbeat.age("worker") < 5
        call_command("celery_alive", "worker")


def test_beat_touches_its_file_on_every_tick(tmp_path):
    scheduler = heartbeat.HeartbeatScheduler(app, schedule_filename=str(tmp_path / "schedule"), lazy=False)
    try:
        assert heartbeat.age("beat") is None
        interval = scheduler.tick()
        assert heartbeat.age("beat") is not None
        assert interval <= app.conf.beat_max_loop_interval
    finally:
        scheduler.close()
