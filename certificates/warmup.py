"""Get a worker process ready to issue certificates before its first task.

Why: a pool process otherwise imports WeasyPrint and pyHanko, builds its print kit (certificates/print_kit.py)
and loads the seal during its first certificate, after the process has frozen its start-up objects
(common/garbage_collection.py). Those tens of thousands of objects then stay in the collector's generations and
are walked again by every full collection of every render after. Prepared first and frozen with the rest, a
certificate costs about 7 ms less CPU in the collector (16.1–18.9 → 10.2–10.4 ms per certificate, measured in
one process; docs/BENCHMARKS.md, "Certificate pipeline"), and the first resident's certificate is not the
slow one.
"""
from __future__ import annotations

import logging

from . import documents, sealing

logger = logging.getLogger(__name__)

# A page with a heading and a paragraph: the print kit, the tagged PDF/A path and the fonts the
# certificates use, without any register data.
WARM_UP_HTML = ('<!doctype html><html lang="nl"><head><title>Thuisloket</title></head>'
                "<body><h1>Attest</h1><p>Voorbereiding van het proces.</p></body></html>")


def prepare_process() -> bool:
    """Render and seal a small document with this process's print kit and seal; True when both worked.

    Never raises: a worker whose seal is not configured (the system check says so) still starts, and its
    certificates fail and reach staff the way they always do."""
    try:
        pdf = documents.render_html_to_pdf(WARM_UP_HTML, title="Thuisloket", shared=True)
        sealing.seal_pdf(pdf)
    except Exception as exc:  # a warm-up: the task itself reports what is wrong
        logger.warning("worker not prepared for certificates (%s); the first certificate prepares it",
                       exc.__class__.__name__)
        return False
    return True
