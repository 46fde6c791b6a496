"""``{% push_context as push %}``: what the subscribe include needs, without help from the page's view."""
from django import template
from django.urls import reverse

from .. import vapid

register = template.Library()


@register.simple_tag
def push_context() -> dict:
    worker = reverse("news:push:service_worker")
    return {
        "public_key": vapid.public_key_or_empty(),
        "subscribe_url": reverse("news:push:subscribe"),
        "unsubscribe_url": reverse("news:push:unsubscribe"),
        "service_worker_url": worker,
        "scope": worker.rsplit("/", 1)[0] + "/",
        "manifest_url": reverse("news:push:manifest"),
    }
