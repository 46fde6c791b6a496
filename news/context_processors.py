from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from .selectors import banner_crises


def crisis_banner(request):
    """The active crises for the banner in base.html, in the page's language. Lazy and cached
    (news.selectors.banner_crises): a page costs one cache read, and nothing when a template never asks."""

    def crises():
        language = (get_language() or "nl")[:2]
        return [{"slug": row["slug"], **row["content"].get(language, row["content"]["nl"])}
                for row in banner_crises()]

    return {"CRISIS_BANNER": SimpleLazyObject(crises), "BE_ALERT_URL": settings.NEWS_BE_ALERT_URL}
