"""Start Celery work by task name, after the commit.

Services name the task they start instead of importing its module: the tasks module imports the services
it wraps, so importing it back would tie the two in a circle. Celery's own registry (``app.tasks``) finds
the task by the name it was declared with (``@shared_task(name=...)``); eager mode and retries behave as
with ``task.delay``.
"""
import logging

from celery import current_app
from django.db import transaction

logger = logging.getLogger(__name__)


def registered_task(task_name: str):
    """The task declared as ``task_name``; every app's tasks module is imported first when it is not known yet.

    A worker imports them all when it starts (Celery's autodiscovery); a web process imports none by itself,
    so a service naming its task must not depend on some other import having loaded that module already.
    """
    if task_name not in current_app.tasks:
        current_app.loader.import_default_modules()  # sends import_modules: runs the pending autodiscovery
    return current_app.tasks[task_name]


def enqueue(task_name: str, *args, countdown: float | None = None, queue: str | None = None,
            run_here_if_broker_down: bool = False) -> None:
    """Queue ``task_name(*args)``, to start ``countdown`` seconds from now, on ``queue`` (default: the task's).
    ``run_here_if_broker_down``: a message the resident must get (a link, an update) is sent from this process
    when the broker cannot be reached, rather than lost."""
    task = registered_task(task_name)
    options = {"queue": queue} if queue else {}
    try:
        task.apply_async(args=args, countdown=countdown, **options)
    except Exception:
        if not run_here_if_broker_down:
            raise
        logger.exception("could not enqueue %s; running it in this process", task_name)
        task(*args)


def enqueue_after_commit(task_name: str, *args, countdown: float | None = None, queue: str | None = None,
                         run_here_if_broker_down: bool = False) -> None:
    """``enqueue`` once the current transaction has committed (nothing is queued for a rollback)."""
    transaction.on_commit(lambda: enqueue(task_name, *args, countdown=countdown, queue=queue,
                                          run_here_if_broker_down=run_here_if_broker_down))
