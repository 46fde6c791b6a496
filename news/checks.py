"""System checks of the news channel: settings that would make CAP messages invalid, or the city's area
unusable, are reported before the first request rather than when a crisis must go out."""
import re

from django.conf import settings
from django.core.checks import Error, Warning, register

from common.development import is_development

from .states import REACTIONS

CAP_STATUSES = ("Actual", "Exercise", "System", "Test", "Draft")
# CAP 1.2: identifier and sender "MUST NOT include spaces, commas or restricted characters (< and &)".
_CAP_FORBIDDEN = re.compile(r"[\s,<&]")


@register()
def check_news_settings(app_configs, **kwargs):
    errors = []
    if settings.NEWS_CAP_STATUS not in CAP_STATUSES:
        errors.append(Error(f"NEWS_CAP_STATUS must be one of {', '.join(CAP_STATUSES)}.", id="news.E001"))
    for name in ("NEWS_CAP_SENDER", "NEWS_CAP_IDENTIFIER_PREFIX"):
        value = getattr(settings, name)
        if not value or _CAP_FORBIDDEN.search(value):
            errors.append(Error(f"{name} must be set and may not contain spaces, commas, '<' or '&' (CAP 1.2).",
                                id="news.E002"))
    if settings.NEWS_WEEKLY_LIMIT < 0 or settings.NEWS_EMAIL_BATCH_SIZE < 1 or settings.NEWS_CONFIRM_HOURS < 1:
        errors.append(Error("NEWS_WEEKLY_LIMIT, NEWS_EMAIL_BATCH_SIZE and NEWS_CONFIRM_HOURS must be positive.",
                            id="news.E004"))
    if not is_development() and not settings.PUBLIC_BASE_URL.startswith("https://"):
        errors.append(Warning("PUBLIC_BASE_URL is not an https:// address: links in news e-mails, Web Push and "
                              "CAP messages (and the one-click unsubscribe) will not work for recipients.",
                              id="news.W001"))
    if settings.NEWS_REACTIONS_PER_HOUR < len(REACTIONS):
        errors.append(Warning("NEWS_REACTIONS_PER_HOUR is lower than the number of emoji: a visitor cannot "
                              "give every reaction on one post.", id="news.W002"))
    return errors
