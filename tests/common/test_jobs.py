"""common.jobs: services start Celery tasks by name, after the commit, and a message that must reach the
resident is sent from the web process when the broker cannot be reached."""
import os
import subprocess
import sys

import pytest
from celery import shared_task
from django.db import transaction

from common import jobs

RAN = []


@shared_task(name="tests.common.test_jobs.remember")
def remember(value):
    RAN.append(value)


@pytest.fixture(autouse=True)
def _clear():
    RAN.clear()


class BrokerDown(ConnectionError):
    pass


def refuse(*args, **kwargs):
    raise BrokerDown("no broker")


def test_a_task_is_found_by_its_name_and_queued(monkeypatch):
    queued = []
    monkeypatch.setattr(remember, "apply_async", lambda args, **options: queued.append((args, options)))
    jobs.enqueue("tests.common.test_jobs.remember", 7, countdown=5, queue="push")
    assert queued == [((7,), {"countdown": 5, "queue": "push"})]


def test_a_task_module_not_imported_yet_is_found_through_autodiscovery():
    """A fresh web process has imported no task module; queuing by name finds the task all the same."""
    program = (
        "import sys, django; django.setup()\n"
        "assert 'desk.notifications.tasks' not in sys.modules\n"
        "from common import jobs\n"
        "jobs.enqueue('desk.notifications.tasks.notify_case_update', 1)\n"
        "assert 'desk.notifications.tasks' in sys.modules\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "CELERY_BROKER_URL": "memory://"}
    result = subprocess.run([sys.executable, "-c", program], env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-2000:]


def test_without_a_broker_a_must_send_task_runs_here_and_others_raise(monkeypatch):
    monkeypatch.setattr(remember, "apply_async", refuse)
    jobs.enqueue("tests.common.test_jobs.remember", "link", run_here_if_broker_down=True)
    assert RAN == ["link"]
    with pytest.raises(BrokerDown):
        jobs.enqueue("tests.common.test_jobs.remember", "update")
    assert RAN == ["link"]


@pytest.mark.django_db(transaction=True)
def test_nothing_is_queued_for_a_rolled_back_transaction(monkeypatch):
    queued = []
    monkeypatch.setattr(remember, "apply_async", lambda args, **options: queued.append(args))
    with pytest.raises(RuntimeError), transaction.atomic():
        jobs.enqueue_after_commit("tests.common.test_jobs.remember", "lost")
        raise RuntimeError("rollback")
    with transaction.atomic():
        jobs.enqueue_after_commit("tests.common.test_jobs.remember", "kept")
    assert queued == [("kept",)]
