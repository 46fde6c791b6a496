"""The demo news (./thuisloket up): idempotent, valid CAP for its crises, no active crisis unless asked."""
import pytest
from django.core.management import call_command
from django.urls import reverse

from news import cap
from news.models import Post
from news.selectors import active_crisis_posts
from news.states import Kind, Status

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_without_duplicates_and_without_an_active_crisis(client):
    call_command("load_news_demo", verbosity=0)
    count = Post.objects.count()
    call_command("load_news_demo", verbosity=0)
    assert Post.objects.count() == count
    assert Post.objects.filter(status=Status.PUBLISHED, kind=Kind.NEWS).count() >= 3
    assert Post.objects.filter(kind=Kind.SERVICE).exists()
    assert Post.objects.filter(status=Status.SCHEDULED).exists() and Post.objects.filter(status=Status.DRAFT).exists()
    assert not active_crisis_posts().exists()
    for crisis in Post.objects.filter(kind=Kind.CRISIS):
        assert cap.problems(crisis) == [], crisis.slug
    assert 'class="crisis-banner"' not in client.get(reverse("portal:home")).content.decode()
    assert client.get(reverse("news:index")).status_code == 200


def test_the_demo_can_add_an_active_crisis(client):
    call_command("load_news_demo", "--met-crisis", verbosity=0)
    crisis = active_crisis_posts().get()
    assert cap.problems(crisis) == []
    assert crisis.title in client.get(reverse("portal:home")).content.decode()
