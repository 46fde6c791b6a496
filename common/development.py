"""Whether development conveniences are allowed: demo data and staff, generated keys and seal, the development
identity provider, plain-http checks.

True with DEBUG on, and in the quick start (``QUICK_START`` in portal.settings.dev), which runs with DEBUG off so
that a resident sees the real Dutch error pages there, not Django's debug pages. Production
(portal.settings.base) has neither.
"""
from django.conf import settings


def is_development() -> bool:
    """DEBUG on, or the quick start's settings."""
    return bool(settings.DEBUG or getattr(settings, "QUICK_START", False))
