"""Our Belgian format modules switched on for a test, until the project settings carry FORMAT_MODULE_PATH.

Django caches formats per language and does not clear that cache when FORMAT_MODULE_PATH changes, so the
fixture clears it on the way in and out.
"""
import pytest
from django.utils.formats import reset_format_cache


@pytest.fixture
def belgian_formats(settings):
    settings.FORMAT_MODULE_PATH = "portal.formats"
    reset_format_cache()
    yield
    reset_format_cache()
