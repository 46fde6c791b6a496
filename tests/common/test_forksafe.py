"""The fork-safe lock: a child forked while another thread holds it gets a free lock."""
import os
import threading

import pytest

from common.forksafe import ForkSafeLock


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_child_forked_while_the_lock_is_held_can_take_it():
    lock = ForkSafeLock()
    held, release = threading.Event(), threading.Event()

    def hold():
        with lock:
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    try:
        pid = os.fork()
        if pid == 0:  # the child: the holding thread does not exist here
            os._exit(0 if lock._lock.acquire(timeout=2) else 1)
        _, status = os.waitpid(pid, 0)
    finally:
        release.set()
        holder.join()
    assert os.waitstatus_to_exitcode(status) == 0


def test_it_excludes_like_a_lock():
    lock = ForkSafeLock()
    with lock:
        assert lock._lock.locked()
    assert not lock._lock.locked()
