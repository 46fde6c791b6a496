"""Emoji reactions: totals only, once per emoji per post per day per (address + browser), an hourly cap
per key, a flood answered with 429 that changes nothing, and no identity stored anywhere."""
import json

import pytest
from django.apps import apps
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from news import ratelimit
from news.models import PostReaction
from news.states import REACTIONS
from tests.factories.news import PostFactory

from .conftest import publish_news

pytestmark = pytest.mark.django_db
IP, BROWSER = "203.0.113.7", "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"


@pytest.fixture
def post(writer, colleague):
    return publish_news(writer, colleague)


def visitor(ip=IP, browser=BROWSER) -> Client:
    return Client(REMOTE_ADDR=ip, HTTP_USER_AGENT=browser)


def react(client, post, emoji="thumbs_up", *, js=False):
    headers = {"HTTP_ACCEPT": "application/json"} if js else {}
    return client.post(reverse("news:react", args=[post.slug]), {"emoji": emoji}, **headers)


def count(post, emoji="thumbs_up") -> int:
    return PostReaction.objects.filter(post=post, emoji=emoji).values_list("count", flat=True).first() or 0


def test_a_reaction_without_javascript_counts_and_comes_back_with_a_message(post):
    client = visitor()
    response = react(client, post)
    assert response.status_code == 302 and response.url.endswith(f"/nieuws/{post.slug}/#reacties")
    assert count(post) == 1
    page = client.get(response.url).content.decode()
    assert "Bedankt voor je reactie &#x27;Duim omhoog&#x27;. Nu 1 keer." in page
    assert 'class="reaction-button__count" data-count>1<' in page


def test_the_same_emoji_counts_once_a_day_per_visitor_other_emoji_and_visitors_count(post):
    client = visitor()
    react(client, post)
    response = react(client, post, js=True)
    assert response.status_code == 200 and response.json()["outcome"] == "already"
    assert count(post) == 1
    assert react(client, post, "heart", js=True).json() == {
        "ok": True, "outcome": "counted", "emoji": "heart", "count": 1,
        "message": "Bedankt voor je reactie 'Hartje'. Nu 1 keer."}
    react(visitor(ip="198.51.100.4"), post)
    react(visitor(browser="Safari/17"), post)
    assert count(post) == 3 and count(post, "heart") == 1


def test_a_flood_gets_429_and_changes_no_count(post, writer, colleague, settings):
    settings.NEWS_REACTIONS_PER_HOUR = 3
    others = [publish_news(writer, colleague, title=f"Bericht {number}") for number in range(3)]
    client = visitor()
    for other in others:
        assert react(client, other).status_code == 302
    before = {key: count(post, key) for key in REACTIONS}
    response = react(client, post, "heart")
    assert response.status_code == 429 and response["Retry-After"] == "3600"
    assert "Probeer het over een uur opnieuw" in response.content.decode()
    assert react(client, post, "sad", js=True).status_code == 429
    assert {key: count(post, key) for key in REACTIONS} == before
    # Someone else on another connection is not affected.
    assert react(visitor(ip="198.51.100.9"), post, "heart").status_code == 302
    assert count(post, "heart") == 1


def cache_keys() -> list[str]:
    """Every key in the cache: the local-memory cache of the quick start, or Redis in production and CI."""
    store = cache._cache
    if isinstance(store, dict):
        return list(store)
    return [key.decode() for key in store.get_client(None).keys("*")]


def test_nothing_about_the_visitor_is_stored(post):
    react(visitor(), post)
    # The database: only the total.
    assert list(PostReaction.objects.values("emoji", "count")) == [{"emoji": "thumbs_up", "count": 1}]
    for model in apps.get_app_config("news").get_models():
        for row in model.objects.values():
            assert IP not in json.dumps(row, default=str) and BROWSER not in json.dumps(row, default=str)
    # The cache: keyed HMACs that expire, with neither the address nor the browser in them.
    keys = cache_keys()
    assert keys and all(IP not in key and "Firefox" not in key for key in keys)
    secret_today = ratelimit.daily_secret()
    assert ratelimit.daily_secret(ratelimit.timezone.localdate() + ratelimit.timedelta(days=1)) != secret_today


def test_posts_without_reactions_take_none(writer):
    from news import services

    crisis = services.publish_crisis_now(post=PostFactory(author=writer, crisis=True), actor=writer)
    assert crisis.reactions_enabled is False
    response = react(visitor(), crisis, js=True)
    assert response.status_code == 409 and count(crisis) == 0


def test_only_the_fixed_emoji_are_accepted(post):
    response = react(visitor(), post, "🍺", js=True)
    assert response.status_code == 400 and not PostReaction.objects.exists()


def test_reactions_need_a_post_and_the_page_token(post):
    assert visitor().get(reverse("news:react", args=[post.slug])).status_code == 405
    strict = Client(enforce_csrf_checks=True, REMOTE_ADDR=IP)
    assert strict.post(reverse("news:react", args=[post.slug]), {"emoji": "heart"}).status_code == 403
    assert count(post, "heart") == 0
