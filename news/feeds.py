"""Atom feeds (django.contrib.syndication): every post, crisis messages only, and the index of CAP alerts.

Entry ids are tag: URIs (RFC 4151) made of the post's id and creation date, so they never change, also
when a title or the site's address changes. <updated> moves when a post is corrected after publication.
"""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from . import selectors
from .cap import CONTENT_TYPE as CAP_CONTENT_TYPE
from .cap import cap_time
from .models import Post

FEED_ITEMS = 30


def tag_authority() -> str:
    return (settings.NEWS_FEED_TAG_AUTHORITY or urlsplit(settings.PUBLIC_BASE_URL or "").hostname
            or "thuisloket.invalid")


def tag_uri(post: Post, specific: str = "nieuws") -> str:
    return f"tag:{tag_authority()},{timezone.localtime(post.created_at):%Y-%m-%d}:{specific}/{post.pk}"


class CapAtom1Feed(Atom1Feed):
    """Atom with, per entry, an extra link to the CAP document (rel=related, application/cap+xml).

    Our summaries are plain text (what staff typed, never HTML), so ``<summary type="text">``: Django's
    Atom1Feed always writes ``type="html"``, and a feed reader would then render markup typed in a post
    (``<img src=…>``, ``<a href=…>``) as HTML.
    """

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})
        if item.get("cap_url"):
            href = urljoin(self.feed["link"], item["cap_url"])
            handler.addQuickElement("link", "", {"rel": "related", "href": href,
                                                 "type": CAP_CONTENT_TYPE.split(";")[0]})


def _language() -> str:
    return (translation.get_language() or "nl")[:2]


class PostFeed(Feed):
    feed_type = CapAtom1Feed

    # One Feed instance serves every request (threads too): nothing per request is kept on self; the
    # language is the thread's active one (portal.middleware.ChosenLanguageMiddleware).
    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "public, max-age=60"
        return response

    def title(self):
        return _("Nieuws van %(city)s") % {"city": settings.CITY_NAME}

    def subtitle(self):
        return _("Nieuws, dienstverlening en crisisberichten van de stad.")

    def link(self):
        return reverse("news:index")

    def feed_guid(self):
        return f"tag:{tag_authority()},2026:nieuws/feed"

    def feed_url(self):
        return reverse("news:feed")

    def author_name(self):
        return settings.CITY_NAME

    def posts(self):
        return selectors.listed_posts().filter(on_atom=True)

    def items(self):
        return self.posts()[:FEED_ITEMS]

    def item_title(self, item: Post):
        content = item.content(_language())
        return (_("Crisis: %(title)s") % {"title": content.title}) if item.is_crisis else content.title

    def item_description(self, item: Post):
        content = item.content(_language())
        parts = [content.summary, "", content.body]
        if content.instruction:
            parts += ["", _("Wat moet je doen?"), content.instruction]
        return "\n".join(parts)

    def item_link(self, item: Post):
        return reverse("news:detail", args=[item.slug])

    def item_guid(self, item: Post):
        return tag_uri(item)

    item_guid_is_permalink = False

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return item.corrected_at or item.published_at

    def item_categories(self, item: Post):
        return [topic.name(_language()) for topic in item.topics.all()]

    def item_extra_kwargs(self, item: Post):
        if item.is_crisis and item.on_cap and item.cap_identifier:
            return {"cap_url": reverse("news:cap_alert", args=[item.pk])}
        return {}


class CrisisFeed(PostFeed):
    def title(self):
        return _("Crisisberichten van %(city)s") % {"city": settings.CITY_NAME}

    def subtitle(self):
        return _("Alleen de crisisberichten: waarschuwingen, updates en het einde ervan.")

    def feed_guid(self):
        return f"tag:{tag_authority()},2026:nieuws/crisis/feed"

    def feed_url(self):
        return reverse("news:crisis_feed")

    def posts(self):
        return super().posts().filter(kind="crisis")


class CapIndexFeed(PostFeed):
    """The index of CAP alerts (as Google Public Alerts and other aggregators expect): one entry per alert,
    linking to its CAP 1.2 document."""

    def title(self):
        return _("CAP-waarschuwingen van %(city)s") % {"city": settings.CITY_NAME}

    def subtitle(self):
        return _("Crisisberichten in het Common Alerting Protocol (CAP 1.2).")

    def feed_guid(self):
        return f"tag:{tag_authority()},2026:nieuws/cap/feed"

    def feed_url(self):
        return reverse("news:cap_feed")

    def items(self):
        return selectors.cap_posts()[:FEED_ITEMS]

    def item_link(self, item: Post):
        return reverse("news:cap_alert", args=[item.pk])

    def item_guid(self, item: Post):
        return tag_uri(item, "cap")

    def item_description(self, item: Post):
        content = item.content(_language())
        return _("%(headline)s (verstuurd %(sent)s)") % {"headline": content.summary or content.title,
                                                          "sent": cap_time(item.cap_sent)}

    def item_extra_kwargs(self, item: Post):
        return {"cap_url": reverse("news:cap_alert", args=[item.pk])}
