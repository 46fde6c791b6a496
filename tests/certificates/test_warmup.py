"""A worker's pool process prepares for certificates before its first task (certificates/warmup.py), and
freezes what that built out of the collector's way; a worker for the push queue alone does not prepare."""
from __future__ import annotations

import gc
import logging

import pytest

from certificates import documents, print_kit, seal_check, sealing, warmup
from portal.celery import app, prepare_pool_process, takes_default_queue

from .seal_fixtures import seal_keys, seal_settings  # noqa: F401 (fixtures)


@pytest.fixture
def queues():
    """Select the worker's queues as ``--queues`` does; every queue again afterwards."""
    yield app.amqp.queues.select
    app.amqp.queues.select(None)


def test_a_worker_for_the_default_queue_prepares_and_a_push_worker_does_not(queues):
    assert takes_default_queue()  # no --queues: every queue
    queues(["push"])
    assert not takes_default_queue()
    queues(["push", app.conf.task_default_queue])
    assert takes_default_queue()


@pytest.mark.usefixtures("seal_settings")
def test_the_warm_up_renders_and_seals_with_this_process_kit_and_seal(monkeypatch):
    sealed = []
    real_seal = warmup.sealing.seal_pdf
    monkeypatch.setattr(warmup.sealing, "seal_pdf", lambda pdf: sealed.append(real_seal(pdf)) or sealed[-1])
    assert warmup.prepare_process() is True
    assert seal_check.check(sealed[0], sealing.trust_root().dump()) == "ok"  # a real PAdES seal over a real render
    kit = documents.shared_print_kit()
    assert documents.shared_print_kit() is kit  # the certificates' renders use the kit the warm-up built


@pytest.mark.usefixtures("seal_settings")
def test_a_prepared_pool_process_has_its_kit_frozen_out_of_the_collectors_way(monkeypatch):
    monkeypatch.setattr(print_kit.os, "getpid", lambda: -2)  # a newly forked pool process: no kit yet
    try:
        prepare_pool_process()
        kit = documents.shared_print_kit()
        assert not any(tracked is kit for tracked in gc.get_objects())  # frozen: no collection walks it
    finally:
        gc.unfreeze()


def test_a_worker_without_a_seal_still_starts_and_says_why(settings, caplog):
    settings.SEAL_PKCS12_FILE = ""
    with caplog.at_level(logging.WARNING, logger="certificates.warmup"):
        assert warmup.prepare_process() is False
    assert "SealNotConfigured" in caplog.text
