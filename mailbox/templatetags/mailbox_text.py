"""{{ message.body|message_html }}: a plain-text message as paragraphs, with our own links under their words.

Messages are plain text (they are also e-mailed). A line "Ja, ik ben tevreden: https://…/feedback/…" reads
on the page as a link "Ja, ik ben tevreden" instead of a long raw address. Only addresses of this site
get a label that way (a label on someone else's address is how phishing looks); other addresses are
linked as they are, as Django's urlize does.
"""
from __future__ import annotations

import re

from django import template
from django.conf import settings
from django.utils.html import format_html, urlize
from django.utils.safestring import mark_safe

register = template.Library()

_LABELLED_LINK = re.compile(r"^(?P<label>[^\n:]{1,160}):\s*(?P<url>https?://\S+?)\s*$")


def _own_site(url: str) -> bool:
    base = (settings.PUBLIC_BASE_URL or "").rstrip("/")
    return bool(base) and (url == base or url.startswith(base + "/"))


def _line(line: str) -> str:
    match = _LABELLED_LINK.match(line)
    if match and _own_site(match["url"]):
        return format_html('<a href="{}">{}</a>', match["url"], match["label"].strip())
    return urlize(line, nofollow=True, autoescape=True)


@register.filter
def message_html(body: str) -> str:
    """Paragraphs (blank lines) and line breaks, every piece escaped; own links under their label."""
    paragraphs = [part for part in re.split(r"\n\s*\n", (body or "").replace("\r\n", "\n").strip()) if part]
    html = ("<p>{}</p>".format("<br>".join(_line(line) for line in part.split("\n"))) for part in paragraphs)
    return mark_safe("\n".join(html))  # noqa: S308 - every piece is escaped by format_html or urlize above
