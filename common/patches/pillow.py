"""Pillow's process-wide ``ImageFile.LOAD_TRUNCATED_IMAGES``, switched off where untrusted images are decoded.

Why: WeasyPrint sets ``PIL.ImageFile.LOAD_TRUNCATED_IMAGES = True`` when it is imported (the Celery
worker imports it to render certificates), and from then on Pillow quietly decodes truncated files as
far as they go instead of raising an error. Residents' uploads must be refused when they are truncated, so
:func:`strict_image_decoding` switches the flag off around the decoding and puts the previous value
back for WeasyPrint. It holds a lock: the flag is global, and another thread decoding at the same time
must not see it flip.

How: nothing is installed at start; :func:`apply` only checks the version. Use the context manager
around ``Image.open(...)``/``load()`` of untrusted bytes (desk/photos.py does).

Written for Pillow 10 and 11 (pin in pyproject.toml).
"""
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import ImageFile

from .versions import require

SUPPORTED = ">=10,<12"

_STRICT = threading.Lock()


@contextmanager
def strict_image_decoding() -> Iterator[None]:
    """Refuse truncated images even when another library switched Pillow's process-wide
    LOAD_TRUNCATED_IMAGES on (WeasyPrint does at import, and the worker imports it)."""
    with _STRICT:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False  # PATCHED: for the duration of the block only
        try:
            yield
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous  # PATCHED: WeasyPrint's value comes back


def check_version() -> None:
    require("pillow", SUPPORTED, patch=__name__)


def apply() -> None:
    """Nothing to install process-wide (see :func:`strict_image_decoding`); checks the version."""
    check_version()
