"""The public news pages and the Atom feeds: lists, topics, languages with fallback, feeds with stable ids."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree

from news import services
from news.models import Post
from news.states import Channel
from tests.factories.news import PostFactory

from .conftest import publish_news

pytestmark = pytest.mark.django_db
ATOM = {"a": "http://www.w3.org/2005/Atom"}
FR = {"title": "Travaux dans la Stationsstraat", "summary": "Fermée trois mois.", "body": "Nous renouvelons."}


def set_language(client, code):
    client.cookies["django_language"] = code


def test_the_list_shows_published_posts_only_newest_first(client, writer, colleague):
    first = publish_news(writer, colleague, title="Eerste bericht")
    second = publish_news(writer, colleague, title="Tweede bericht")
    PostFactory(author=writer, title="Nog een concept")
    html = client.get(reverse("news:index")).content.decode()
    assert html.index(second.title) < html.index(first.title)
    assert "Nog een concept" not in html
    assert client.get(reverse("news:detail", args=["nog-een-concept"])).status_code == 404


def test_an_active_crisis_comes_first(client, writer, colleague):
    publish_news(writer, colleague, title="Gewoon nieuws")
    crisis = services.publish_crisis_now(post=PostFactory(author=writer, crisis=True), actor=writer)
    html = client.get(reverse("news:index")).content.decode()
    assert "Nu belangrijk: crisis" in html
    assert html.index(crisis.title) < html.index("Gewoon nieuws")


def test_filter_by_topic(client, writer, colleague, topic):
    publish_news(writer, colleague, title="Over werken", topics=[topic])
    publish_news(writer, colleague, title="Over iets anders")
    html = client.get(reverse("news:index"), {"onderwerp": topic.slug}).content.decode()
    assert "Over werken" in html and "Over iets anders" not in html
    assert client.get(reverse("news:index"), {"onderwerp": "bestaat-niet"}).status_code == 404


def test_the_list_is_paginated(client, writer, colleague, settings):
    settings.NEWS_PAGE_SIZE = 2
    for number in range(3):
        publish_news(writer, colleague, title=f"Bericht nummer {number}")
    second = client.get(reverse("news:index"), {"pagina": 2}).content.decode()
    assert "Bericht nummer 0" in second and "Pagina 2 van 2" in second


def test_a_post_in_the_visitors_language_with_dutch_as_fallback(client, writer, colleague):
    translated = publish_news(writer, colleague, title="Werken", translations={"fr": FR})
    dutch_only = publish_news(writer, colleague, title="Alleen Nederlands")
    set_language(client, "fr")
    html = client.get(reverse("news:detail", args=[translated.slug])).content.decode()
    assert "<h1>Travaux dans la Stationsstraat</h1>" in html  # French page, French text: no lang needed
    html = client.get(reverse("news:detail", args=[dutch_only.slug])).content.decode()
    assert '<h1 lang="nl">Alleen Nederlands</h1>' in html  # marked, so screen readers switch voice
    assert 'class="news-body" lang="nl"' in html
    set_language(client, "en")
    html = client.get(reverse("news:detail", args=[translated.slug])).content.decode()
    assert '<h1 lang="nl">Werken</h1>' in html
    # A link from a French e-mail shows the French text on a Dutch page, marked as French.
    set_language(client, "nl")
    html = client.get(reverse("news:detail", args=[translated.slug]), {"taal": "fr"}).content.decode()
    assert '<h1 lang="fr">Travaux dans la Stationsstraat</h1>' in html


def test_the_list_marks_entries_that_fell_back_to_dutch(client, writer, colleague):
    publish_news(writer, colleague, title="Alleen Nederlands")
    set_language(client, "en")
    html = client.get(reverse("news:index")).content.decode()
    assert 'class="news-entry" lang="nl"' in html


def test_a_crisis_page_says_what_to_do_and_links_to_be_alert(client, writer):
    post = services.publish_crisis_now(post=PostFactory(author=writer, crisis=True, in_french=True), actor=writer)
    html = client.get(reverse("news:detail", args=[post.slug])).content.decode()
    assert "Wat moet je doen?" in html and "Blijf binnen. Sluit ramen en deuren." in html
    assert "https://www.be-alert.be/" in html
    assert 'type="application/cap+xml"' in html
    assert "Reageer met een emoji" not in html  # reactions are off for a crisis by default


def test_an_update_is_linked_from_the_original(client, writer, colleague):
    alert = services.publish_crisis_now(post=PostFactory(author=writer, crisis=True), actor=writer)
    update = services.start_followup(original=alert, actor=colleague, msg_type="Update")
    services.update_post(post=update, editor=colleague, fields={"title": "Gaslek: update"})
    update = services.publish_crisis_now(post=Post.objects.get(pk=update.pk), actor=colleague)
    html = client.get(reverse("news:detail", args=[alert.slug])).content.decode()
    assert "Er is nieuwere informatie over deze crisis." in html and update.slug in html
    html = client.get(reverse("news:detail", args=[update.slug])).content.decode()
    assert "Dit is een update van:" in html


def test_the_follow_page_explains_the_anonymous_options_and_that_email_is_not(client):
    html = client.get(reverse("news:follow")).content.decode()
    assert reverse("news:feed") in html and reverse("news:crisis_feed") in html
    assert "Per e-mail volgen is niet anoniem" in html
    assert "Wie het nieuws volgt, ziet niet wie het nog volgt." in html
    assert 'id="push-title"' in html  # the Web Push part (news.push) is on the page


def feed_entries(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    return etree.fromstring(response.content)


def test_the_atom_feed_has_stable_ids_and_moves_updated_on_a_correction(client, writer, colleague, settings):
    settings.PUBLIC_BASE_URL = "https://thuisloket.stadvoorbeeld.be"
    post = publish_news(writer, colleague, channels=[Channel.PAGE, Channel.ATOM])
    feed = feed_entries(client, "news:feed")
    assert feed.findtext("a:id", namespaces=ATOM) == "tag:thuisloket.stadvoorbeeld.be,2026:nieuws/feed"
    entry = feed.find("a:entry", ATOM)
    entry_id = entry.findtext("a:id", namespaces=ATOM)
    day = f"{timezone.localtime(post.created_at):%Y-%m-%d}"
    assert entry_id == f"tag:thuisloket.stadvoorbeeld.be,{day}:nieuws/{post.pk}"
    assert entry.findtext("a:title", namespaces=ATOM) == post.title
    updated = entry.findtext("a:updated", namespaces=ATOM)
    Post.objects.filter(pk=post.pk).update(published_at=post.published_at - timedelta(hours=1))
    services.update_post(post=Post.objects.get(pk=post.pk), editor=colleague,
                         fields={"title": "Werken in de Stationsstraat (verbeterd)"})
    entry = feed_entries(client, "news:feed").find("a:entry", ATOM)
    assert entry.findtext("a:id", namespaces=ATOM) == entry_id  # the title changed, the id did not
    assert entry.findtext("a:updated", namespaces=ATOM) != updated
    assert entry.findtext("a:title", namespaces=ATOM) == "Werken in de Stationsstraat (verbeterd)"


def test_the_feeds_follow_the_channels_and_the_crisis_feed_has_only_crises(client, writer, colleague):
    publish_news(writer, colleague, title="In de feed", channels=[Channel.PAGE, Channel.ATOM])
    publish_news(writer, colleague, title="Niet in de feed", channels=[Channel.PAGE])
    crisis = services.publish_crisis_now(post=PostFactory(author=writer, crisis=True), actor=writer)
    titles = [entry.findtext("a:title", namespaces=ATOM) for entry in
              feed_entries(client, "news:feed").findall("a:entry", ATOM)]
    assert "In de feed" in titles and "Niet in de feed" not in titles and f"Crisis: {crisis.title}" in titles
    crisis_titles = [entry.findtext("a:title", namespaces=ATOM) for entry in
                     feed_entries(client, "news:crisis_feed").findall("a:entry", ATOM)]
    assert crisis_titles == [f"Crisis: {crisis.title}"]


def test_markup_typed_in_a_crisis_post_reaches_feed_readers_as_text(client, writer):
    typed = 'Blijf binnen <b>nu</b> <img src="https://evil.example/x.png"> & sluit ramen'
    services.publish_crisis_now(post=PostFactory(author=writer, crisis=True, summary=typed), actor=writer)
    for name in ("news:feed", "news:crisis_feed"):
        [summary] = feed_entries(client, name).findall("a:entry/a:summary", ATOM)
        assert summary.get("type") == "text"  # not "html": a reader shows the characters, not an image
        assert summary.text.startswith(typed)


def test_a_withdrawn_post_leaves_the_feed(client, writer, colleague):
    post = publish_news(writer, colleague, channels=[Channel.PAGE, Channel.ATOM])
    services.withdraw(post=post, actor=colleague)
    assert feed_entries(client, "news:feed").findall("a:entry", ATOM) == []


def test_slugs_never_take_the_name_of_a_page(writer):
    post = PostFactory(author=writer, title="Volgen")
    assert post.slug == "volgen-2"
