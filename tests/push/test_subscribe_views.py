"""The subscribe/unsubscribe endpoints subscribe.js posts to, the service worker and the include."""
import base64
import json
import os

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from news.push.models import PushSubscription
from tests.push.conftest import post_json

pytestmark = pytest.mark.django_db


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture
def browser_subscription(mockpush, public_key):
    return mockpush.subscribe(public_key)


def body(subscription, topics=("crisis",), language="nl"):
    return {"subscription": subscription, "topics": list(topics), "language": language}


def test_subscribing_stores_only_the_endpoint_keys_topics_and_language(client, browser_subscription):
    response = post_json(client, reverse("news:push:subscribe"),
                         body(browser_subscription, ["crisis", "news"], "fr-BE"), REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 201
    assert response.json() == {"ok": True, "topics": ["news", "crisis"]}
    stored = PushSubscription.objects.get()
    assert stored.endpoint == browser_subscription["endpoint"]
    assert (stored.news, stored.crisis, stored.language) == (True, True, "fr")
    assert "203.0.113.7" not in json.dumps(list(PushSubscription.objects.values()), default=str)
    assert not client.cookies.get("sessionid")  # no session, no cookie for a follower


def test_subscribing_again_changes_the_choice_instead_of_adding_a_second_subscription(client, browser_subscription):
    post_json(client, reverse("news:push:subscribe"), body(browser_subscription, ["crisis"]))
    post_json(client, reverse("news:push:subscribe"), body(browser_subscription, ["news"], "en"))

    stored = PushSubscription.objects.get()
    assert (stored.news, stored.crisis, stored.language) == (True, False, "en")


def test_unsubscribing_forgets_the_subscription(client, browser_subscription):
    post_json(client, reverse("news:push:subscribe"), body(browser_subscription))
    response = post_json(client, reverse("news:push:unsubscribe"), {"endpoint": browser_subscription["endpoint"]})
    assert response.status_code == 200
    assert not PushSubscription.objects.exists()


def test_the_csrf_token_is_required_in_a_header():
    client = Client(enforce_csrf_checks=True)
    response = post_json(client, reverse("news:push:subscribe"), {"subscription": {}})
    assert response.status_code == 403


def test_with_the_csrf_token_in_a_header_the_browser_may_subscribe(browser_subscription, rf):
    from django.middleware.csrf import get_token

    client = Client(enforce_csrf_checks=True)
    request = rf.get("/")
    token = get_token(request)
    client.cookies["csrftoken"] = request.META["CSRF_COOKIE"]
    response = post_json(client, reverse("news:push:subscribe"), body(browser_subscription), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


@pytest.mark.parametrize("change, code", [
    ({"endpoint": "http://push.example.com/x"}, "http elsewhere than localhost"),
    ({"endpoint": "https://intranet.stad.local/admin"}, "not a known push service"),
    ({"endpoint": "https://user:pw@fcm.googleapis.com/fcm/send/x"}, "credentials in the URL"),
    ({"endpoint": "https://fcm.googleapis.com/" + "x" * 1100}, "too long"),
    ({"endpoint": "ftp://fcm.googleapis.com/x"}, "not https"),
    ({"p256dh": b64(os.urandom(64))}, "p256dh too short"),
    ({"p256dh": b64(b"\x04" + b"\x01" * 64)}, "p256dh not on the curve"),
    ({"auth": b64(os.urandom(8))}, "auth too short"),
    ({"auth": "not base64!"}, "auth not base64url"),
])
def test_bad_subscriptions_are_refused_with_a_clear_message(client, browser_subscription, change, code):
    subscription = {"endpoint": browser_subscription["endpoint"], "keys": dict(browser_subscription["keys"])}
    if "endpoint" in change:
        subscription["endpoint"] = change["endpoint"]
    else:
        subscription["keys"].update(change)
    response = post_json(client, reverse("news:push:subscribe"), body(subscription))
    assert response.status_code in (400, 413), code
    assert response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_a_known_push_service_is_accepted(client, browser_subscription):
    subscription = {**browser_subscription, "endpoint": "https://fcm.googleapis.com/fcm/send/abc:def"}
    assert post_json(client, reverse("news:push:subscribe"), body(subscription)).status_code == 201


def test_http_to_localhost_only_when_allowed(client, browser_subscription, settings):
    settings.WEBPUSH_ALLOW_HTTP_LOCALHOST = False
    settings.DEBUG = False
    response = post_json(client, reverse("news:push:subscribe"), body(browser_subscription))
    assert response.status_code == 400


def test_no_topic_is_refused(client, browser_subscription):
    response = post_json(client, reverse("news:push:subscribe"), body(browser_subscription, []))
    assert response.status_code == 400
    assert "minstens" in response.json()["error"]


def test_an_oversized_or_malformed_body_is_refused(client):
    big = post_json(client, reverse("news:push:subscribe"), {"padding": "x" * 5000})
    assert big.status_code == 413
    broken = client.post(reverse("news:push:subscribe"), data="{not json", content_type="application/json")
    assert broken.status_code == 400


def test_subscribe_calls_are_rate_limited_per_address(client, browser_subscription, settings):
    settings.WEBPUSH_SUBSCRIBE_RATE = "2/h"
    url = reverse("news:push:subscribe")
    assert post_json(client, url, body(browser_subscription), REMOTE_ADDR="198.51.100.1").status_code == 201
    assert post_json(client, url, body(browser_subscription), REMOTE_ADDR="198.51.100.1").status_code == 201
    limited = post_json(client, url, body(browser_subscription), REMOTE_ADDR="198.51.100.1")
    assert limited.status_code == 429 and limited["Retry-After"] == "3600"
    assert post_json(client, url, body(browser_subscription), REMOTE_ADDR="198.51.100.2").status_code == 201


def test_only_post_is_accepted(client):
    assert client.get(reverse("news:push:subscribe")).status_code == 405


def test_the_service_worker_is_javascript_that_opens_only_our_own_pages(client):
    response = client.get(reverse("news:push:service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    text = response.content.decode()
    assert "showNotification" in text and "openWindow" in text and "url.origin === self.location.origin" in text


def test_the_manifest_makes_a_home_screen_app(client):
    response = client.get(reverse("news:push:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    assert response.json()["display"] == "standalone"


def test_the_include_explains_the_alternatives_without_javascript(rf, public_key):
    request = rf.get("/nieuws/volgen/")
    html = render_to_string("news/push/_subscribe.html", request=request)
    assert "alleen als JavaScript aanstaat" in html
    assert f'data-public-key="{public_key}"' in html
    assert 'data-push-controls hidden' in html  # buttons only appear when the script finds push support
    assert 'type="button"' in html and "csrfmiddlewaretoken" in html
    assert 'role="status"' in html
    assert "<script src=" in html and "push/subscribe.js" in html and "<script>" not in html
    assert "style=" not in html and " on" + "click" not in html


def test_the_include_says_push_is_unavailable_without_a_key(rf, settings, tmp_path):
    settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.VAR_DIR = tmp_path
    settings.DEBUG = False
    html = render_to_string("news/push/_subscribe.html", request=rf.get("/nieuws/volgen/"))
    assert "niet beschikbaar" in html
    assert "data-push-controls" not in html
