"""Server processes freeze what they loaded at start-up out of the collector's way (common/garbage_collection.py)."""
import gc
import sys

from celery.signals import worker_init, worker_process_init

from common.garbage_collection import freeze_long_lived_objects


def test_freezing_keeps_every_live_object_out_of_the_collectors_generations():
    try:
        frozen = freeze_long_lived_objects()
        assert frozen > 10_000  # Django and the portal (another thread may free a frozen object meanwhile)
        assert "identity.views" in sys.modules  # the URLconf's view modules are loaded before the freeze
        assert sum(len(gc.get_objects(generation)) for generation in range(3)) < frozen
    finally:
        gc.unfreeze()  # the test process goes on as before


def test_a_worker_freezes_before_forking_and_each_pool_process_after():
    import portal.celery  # noqa: F401  (connects the worker's signals, as `celery -A portal` does)

    def names(signal):
        return {getattr(receiver(), "__name__", "") for _key, receiver in signal.receivers}

    assert "freeze_before_forking" in names(worker_init)
    assert "prepare_pool_process" in names(worker_process_init)
