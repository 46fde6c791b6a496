"""``{% link 'name' %}``: ``{% url 'name' %}`` for the layout's links without arguments, reversed once per process.

The layout holds about twenty of them, on every page; Django's ``reverse`` costs some 10 µs each, every time,
for an answer that only changes with the URLconf or the script prefix, which are part of the memo's key.
"""
import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@functools.lru_cache(maxsize=256)
def _address(name: str, urlconf: str, prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def link(name: str) -> str:
    """The address of a URL name that takes no arguments (a wrong name raises NoReverseMatch, as ``{% url %}``)."""
    return _address(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())

