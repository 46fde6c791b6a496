"""What news hands to Web Push (news.push.services.broadcast): one broadcast per published post with the
push channel, topic and urgency by kind, a payload per language, after the commit. Asserted on the push
app's own Broadcast rows, so the test follows that app rather than a mock of it."""
import pytest
from django.apps import apps
from django.urls import reverse

from news import services
from news.models import ChannelDelivery
from news.services.publishing import push_available
from news.states import Channel
from tests.factories.news import FR_CRISIS, PostFactory

from .conftest import publish_news

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(not apps.is_installed("news.push"), reason="news.push is not installed")]


@pytest.fixture
def Broadcast():
    if not push_available():
        pytest.skip("news.push.services.broadcast does not exist yet")
    return apps.get_model("news_push", "Broadcast")


def test_a_news_post_is_broadcast_as_news_with_normal_urgency(writer, colleague, Broadcast,
                                                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = publish_news(writer, colleague, channels=[Channel.PAGE, Channel.PUSH])
    broadcast = Broadcast.objects.get(post_id=post.pk)
    assert (broadcast.topic, broadcast.urgency) == ("news", "normal")
    assert set(broadcast.payloads) == {"nl", "fr", "en"}
    nl = broadcast.payloads["nl"]
    assert nl["title"] == post.title and nl["body"] == post.summary
    assert nl["url"].endswith(reverse("news:detail", args=[post.slug])) and nl["tag"] == f"news-{post.pk}"
    assert broadcast.payloads["fr"]["url"].endswith("?taal=fr")
    assert ChannelDelivery.objects.get(post=post, channel=Channel.PUSH).state == ChannelDelivery.State.DONE


def test_a_crisis_is_broadcast_with_high_urgency_until_it_expires(writer, Broadcast,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post = services.publish_crisis_now(
            post=PostFactory(author=writer, crisis=True, in_french=True, channels=[Channel.PAGE, Channel.PUSH]),
            actor=writer)
    broadcast = Broadcast.objects.get(post_id=post.pk)
    assert (broadcast.topic, broadcast.urgency) == ("crisis", "high")
    assert broadcast.payloads["fr"]["title"] == FR_CRISIS["title"]
    assert broadcast.payloads["nl"]["tag"] == f"crisis-{post.pk}"
    assert 5 * 3600 < broadcast.ttl <= 6 * 3600


def test_no_broadcast_without_the_push_channel_or_before_the_commit(writer, colleague, Broadcast,
                                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        pushed = publish_news(writer, colleague, channels=[Channel.PAGE, Channel.PUSH])
    assert not Broadcast.objects.filter(post_id=pushed.pk).exists()  # nothing leaves before the commit
    assert callbacks
    with django_capture_on_commit_callbacks(execute=True):
        silent = publish_news(writer, colleague, channels=[Channel.PAGE], title="Zonder push")
    assert not Broadcast.objects.filter(post_id=silent.pk).exists()
