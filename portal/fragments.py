"""The layout's fixed fragments, kept per process: what ``{% cache … using="fragments" %}`` in the layout's
templates (base.html, the language switcher, the idle warning, the chat button, the crisis banner) stores.

Why: "Mijn gegevens" spent most of its time in Django's template engine on the layout, not on the resident's
data: twenty links, thirty translated labels, the language list and the chat panel, the same for every
resident who reads the page in the same language. Each fragment is keyed on the language and on whatever else
changes it (the chat page or not, the crises' text); what differs per person or per request (the CSRF token, the
unread count, the address to come back to) stay outside the fragments. Kept in the process's memory
(``CACHES["fragments"]``), so a deploy (new templates or settings) starts with none; with DEBUG on nothing is kept.
"""
from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.core.signals import setting_changed
from django.dispatch import receiver

ALIAS = "fragments"


@receiver(setting_changed)
def forget_fragments(*, setting: str, **_kwargs) -> None:
    """A setting changed while running (tests do that): fragments rendered under the old one must go."""
    if setting != "CACHES" and ALIAS in settings.CACHES:  # a test may replace CACHES with one of its own
        caches[ALIAS].clear()
