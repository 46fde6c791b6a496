"""A broadcast through the real code path to the local mock push service: encrypted, signed, decrypted."""
import pytest

from news.push import selectors, services
from news.push.models import Broadcast, PushBatch, PushSubscription

pytestmark = pytest.mark.django_db

CRISIS = {
    "nl": {"title": "Gaslek Kerkstraat", "body": "Blijf binnen en sluit ramen en deuren.", "url": "/nieuws/12/",
           "tag": "crisis-12"},
    "fr": {"title": "Fuite de gaz Kerkstraat", "body": "Restez à l'intérieur.", "url": "/nieuws/12/",
           "tag": "crisis-12"},
}


def send(django_capture_on_commit_callbacks, **kwargs):
    kwargs.setdefault("topic", "crisis")
    kwargs.setdefault("payloads", CRISIS)
    with django_capture_on_commit_callbacks(execute=True):
        item = services.broadcast(**kwargs)
    item.refresh_from_db()
    return item


def test_crisis_broadcast_arrives_decrypted_in_each_subscribers_language(
        subscribe, mockpush, eager, django_capture_on_commit_callbacks):
    dutch = subscribe(language="nl")
    french = subscribe(language="fr")
    english = subscribe(language="en")  # no English text: gets the Dutch one

    item = send(django_capture_on_commit_callbacks, post_id=12)

    assert [m["payload"] for m in mockpush.messages(dutch)] == [{**CRISIS["nl"], "urgent": True}]
    assert [m["payload"] for m in mockpush.messages(french)] == [{**CRISIS["fr"], "urgent": True}]
    assert [m["payload"] for m in mockpush.messages(english)] == [{**CRISIS["nl"], "urgent": True}]
    message = mockpush.messages(dutch)[0]
    assert message["urgency"] == "high"
    assert message["ttl"] == "86400"
    assert message["topic"] == "crisis-12"
    assert message["content_type"] == "application/octet-stream"
    assert (item.total, item.delivered, item.gone, item.failed, item.pending) == (3, 3, 0, 0, 0)
    assert item.finished_at is not None
    assert PushSubscription.objects.filter(last_success_at__isnull=False).count() == 3
    stats = selectors.broadcast_stats(12)
    assert stats["finished"] and stats["delivered"] == 3 and stats["failed_batches"] == 0


def test_news_goes_only_to_news_followers_at_normal_urgency(subscribe, mockpush, eager,
                                                            django_capture_on_commit_callbacks):
    crisis_only = subscribe(topics=["crisis"])
    both = subscribe(topics=["crisis", "news"])
    payloads = {"nl": {"title": "Nieuwe bib open", "body": "Vanaf maandag.", "url": "/nieuws/3/"}}

    item = send(django_capture_on_commit_callbacks, topic="news", payloads=payloads, post_id=3, ttl=3600)

    assert mockpush.messages(crisis_only) == []
    [message] = mockpush.messages(both)
    assert message["payload"] == payloads["nl"]
    assert (message["urgency"], message["ttl"]) == ("normal", "3600")
    assert (item.total, item.delivered) == (1, 1)


def test_an_expired_subscription_410_is_deleted_and_the_others_still_get_it(
        subscribe, mockpush, eager, django_capture_on_commit_callbacks):
    kept = subscribe()
    expired = subscribe()
    mockpush.expire(expired)

    item = send(django_capture_on_commit_callbacks)

    assert not PushSubscription.objects.filter(endpoint=expired["endpoint"]).exists()
    assert PushSubscription.objects.filter(endpoint=kept["endpoint"]).exists()
    assert len(mockpush.messages(kept)) == 1
    assert (item.total, item.delivered, item.gone, item.failed, item.pending) == (2, 1, 1, 0, 0)


def test_a_500_is_retried_and_only_the_failed_subscription_is_sent_again(
        subscribe, mockpush, eager, django_capture_on_commit_callbacks):
    healthy = subscribe()
    flaky = subscribe()
    mockpush.fail(flaky, times=1)

    item = send(django_capture_on_commit_callbacks)

    assert len(mockpush.messages(flaky)) == 1
    assert len(mockpush.messages(healthy)) == 1  # not sent twice by the retry
    assert mockpush.state.statuses[500] == 1
    batch = PushBatch.objects.get(broadcast=item)
    assert batch.attempts == 2 and batch.status == PushBatch.Status.DONE
    assert (item.delivered, item.failed, item.pending) == (2, 0, 0)


def test_after_the_last_attempt_a_failing_subscription_counts_as_failed_and_is_visible_to_staff(
        subscribe, mockpush, eager, django_capture_on_commit_callbacks, settings):
    subscribe()
    broken = subscribe()
    mockpush.fail(broken, times=99)

    item = send(django_capture_on_commit_callbacks, post_id=7)

    assert mockpush.state.statuses[500] == settings.WEBPUSH_MAX_ATTEMPTS
    assert (item.delivered, item.gone, item.failed, item.pending) == (1, 0, 1, 0)
    assert item.finished_at is not None
    subscription = PushSubscription.objects.get(endpoint=broken["endpoint"])
    assert subscription.failures == 1  # kept: a push service having a bad day is no reason to forget it
    [batch] = selectors.failed_batches()
    assert batch.failed == 1 and "500" in batch.last_error
    assert list(selectors.failed_broadcasts()) == [item]
    stats = selectors.broadcast_stats(7)
    assert (stats["failed"], stats["failed_batches"]) == (1, 1)


def test_a_subscription_made_for_another_vapid_key_is_refused_and_not_retried(
        mockpush, eager, django_capture_on_commit_callbacks, public_key):
    from news.push import vapid
    from tests.push.conftest import new_pem

    other_key = vapid.public_key_b64(vapid.load_key(new_pem()))
    stranger = mockpush.subscribe(other_key)  # the browser subscribed with another applicationServerKey
    services.subscribe(endpoint=stranger["endpoint"], p256dh=stranger["keys"]["p256dh"],
                       auth=stranger["keys"]["auth"], topics=["crisis"], language="nl")

    item = send(django_capture_on_commit_callbacks)

    assert mockpush.state.statuses == {403: 1}
    assert mockpush.messages(stranger) == []
    assert (item.delivered, item.failed) == (0, 1)
    assert PushBatch.objects.get(broadcast=item).attempts == 1


def test_a_broken_subscription_fails_alone(subscribe, mockpush, eager, django_capture_on_commit_callbacks):
    good = subscribe()
    # Stored before validation existed (or edited by hand): a key that is not a point on the curve.
    PushSubscription.objects.create(endpoint=f"{mockpush.origin}/push/unknown", p256dh="AAAA", auth="AAAA")

    item = send(django_capture_on_commit_callbacks)

    assert len(mockpush.messages(good)) == 1
    assert (item.total, item.delivered, item.failed, item.pending) == (2, 1, 1, 0)
    assert "encrypt" in PushBatch.objects.get(broadcast=item).last_error


def test_subscribers_are_split_into_id_range_batches(subscribe, mockpush, eager, settings,
                                                     django_capture_on_commit_callbacks):
    settings.WEBPUSH_BATCH_SIZE = 2
    subscriptions = [subscribe() for _ in range(5)]

    item = send(django_capture_on_commit_callbacks)

    batches = list(PushBatch.objects.filter(broadcast=item).order_by("first_id"))
    assert [b.size for b in batches] == [2, 2, 1]
    assert all(b.status == PushBatch.Status.DONE for b in batches)
    assert all(len(mockpush.messages(s)) == 1 for s in subscriptions)
    assert (item.total, item.delivered, item.pending) == (5, 5, 0)


def test_a_subscriber_who_left_before_their_batch_ran_counts_as_gone(subscribe, mockpush, settings,
                                                                     django_capture_on_commit_callbacks):
    stays = subscribe()
    leaves = subscribe()
    with django_capture_on_commit_callbacks(execute=False):
        item = services.broadcast(topic="crisis", payloads=CRISIS)
    [batch_id] = services.plan_batches(item.pk)
    services.unsubscribe(endpoint=leaves["endpoint"])

    from news.push import tasks

    tasks.send_batch.apply(args=[batch_id])

    item.refresh_from_db()
    assert len(mockpush.messages(stays)) == 1
    assert (item.total, item.delivered, item.gone, item.pending) == (2, 1, 1, 0)
    assert item.finished_at is not None


def test_a_duplicate_task_does_not_send_a_batch_twice(subscribe, mockpush, django_capture_on_commit_callbacks):
    from news.push import tasks

    only = subscribe()
    with django_capture_on_commit_callbacks(execute=False):
        item = services.broadcast(topic="crisis", payloads=CRISIS)
    [batch_id] = services.plan_batches(item.pk)
    assert services.plan_batches(item.pk) == [batch_id]  # a redelivered fan-out plans nothing new

    tasks.send_batch.apply(args=[batch_id])
    tasks.send_batch.apply(args=[batch_id])

    assert len(mockpush.messages(only)) == 1
    item.refresh_from_db()
    assert (item.delivered, item.pending) == (1, 0)


def test_a_broadcast_without_subscribers_is_finished_at_once(eager, django_capture_on_commit_callbacks):
    item = send(django_capture_on_commit_callbacks)
    assert (item.total, item.pending) == (0, 0)
    assert item.finished_at is not None


def test_without_a_vapid_key_in_production_the_broadcast_fails_visibly(
        subscribe, eager, settings, tmp_path, django_capture_on_commit_callbacks):
    subscribe()
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.VAR_DIR = tmp_path  # no development key there
    settings.DEBUG = False

    item = send(django_capture_on_commit_callbacks, post_id=9)

    assert (item.total, item.failed, item.pending) == (1, 1, 0)
    assert "VAPID" in item.error and item.finished_at is not None
    assert list(selectors.failed_broadcasts()) == [item]


@pytest.mark.parametrize("payloads, message", [
    ({"fr": {"title": "x"}}, "Dutch"),
    ({"nl": {"body": "no title"}}, "no title"),
    ({"nl": {"title": "x", "body": "a" * 4000}}, "bytes"),
])
def test_bad_payloads_are_refused(payloads, message):
    with pytest.raises(ValueError, match=message):
        services.broadcast(topic="news", payloads=payloads)
    assert not Broadcast.objects.exists()


def test_unknown_topic_and_urgency_are_refused():
    with pytest.raises(ValueError, match="topic"):
        services.broadcast(topic="sport", payloads=CRISIS)
    with pytest.raises(ValueError, match="urgency"):
        services.broadcast(topic="news", urgency="now", payloads=CRISIS)


def test_the_sweep_requeues_a_batch_whose_worker_died(subscribe, mockpush, eager, settings):
    from django.utils import timezone

    from news.push import tasks

    only = subscribe()
    item = Broadcast.objects.create(topic="crisis", payloads={"nl": {"title": "x"}, "fr": {"title": "x"},
                                                               "en": {"title": "x"}})
    [batch_id] = services.plan_batches(item.pk)
    assert services.claim_batch(batch_id) is not None  # ... and then the worker was killed
    PushBatch.objects.filter(pk=batch_id).update(updated_at=timezone.now() - timezone.timedelta(hours=1))

    tasks.sweep_stuck.apply()

    assert len(mockpush.messages(only)) == 1
    assert PushBatch.objects.get(pk=batch_id).status == PushBatch.Status.DONE


def test_the_aiohttp_client_for_proxied_networks_delivers_the_same(subscribe, mockpush, eager, settings,
                                                                  django_capture_on_commit_callbacks):
    settings.WEBPUSH_HTTP_CLIENT = "aiohttp"
    delivered = subscribe()
    expired = subscribe()
    mockpush.expire(expired)

    item = send(django_capture_on_commit_callbacks)

    assert [m["payload"]["title"] for m in mockpush.messages(delivered)] == ["Gaslek Kerkstraat"]
    assert (item.delivered, item.gone) == (1, 1)


def test_a_batch_that_cannot_be_sent_at_all_fails_visibly_after_the_last_attempt(
        subscribe, mockpush, eager, settings, django_capture_on_commit_callbacks):
    subscribe()
    with django_capture_on_commit_callbacks(execute=False):
        item = services.broadcast(topic="crisis", payloads=CRISIS)
    assert item.subscriber_count == 1  # counted at once, for the staff page
    [batch_id] = services.plan_batches(item.pk)
    settings.WEBPUSH_VAPID_PRIVATE_KEY = "not a key"  # broken after the fan-out

    from news.push import tasks

    tasks.send_batch.apply(args=[batch_id])

    item.refresh_from_db()
    batch = PushBatch.objects.get(pk=batch_id)
    assert batch.attempts == settings.WEBPUSH_MAX_ATTEMPTS and batch.status == PushBatch.Status.DONE
    assert (item.failed, item.pending) == (1, 0) and item.finished_at is not None
    assert "error:" in batch.last_error
