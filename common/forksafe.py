"""A lock that a forked child (a Celery prefork worker) gets fresh: a lock another thread held at fork time would
otherwise stay held in the child forever."""
from __future__ import annotations

import os
import threading


class ForkSafeLock:
    """``with lock:`` as a ``threading.Lock``, replaced by a new, free lock in every child after a fork."""

    def __init__(self):
        self._lock = threading.Lock()
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=self._renew)

    def _renew(self) -> None:
        self._lock = threading.Lock()

    def __enter__(self):
        return self._lock.__enter__()

    def __exit__(self, *exc):
        return self._lock.__exit__(*exc)
