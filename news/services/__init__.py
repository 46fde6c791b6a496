"""The only door to writes of the news channel (HackSoft style: one transaction each, keyword arguments).

- posts: writing a post; post_rules: what its content must meet; post_events: its history and status moves;
- review: submitting, sending back, approving, scheduling;
- release: publishing, the crisis fast lane and its second check, withdrawing;
- crisis: an Update or Cancel (all clear) of a published crisis;
- beat: publishing scheduled posts when due, ending expired crises;
- publishing: the fan-out to the channels after a post is published;
- subscriptions: e-mail followers (double opt-in, one-click unsubscribe, purge);
- reactions: emoji counters without identity.
"""
from .beat import end_expired_crises, publish_due
from .crisis import start_followup
from .post_rules import PostError
from .posts import create_post, update_post
from .publishing import retry_channel
from .reactions import react
from .release import confirm_second_check, mark_whatsapp_done, publish_crisis_now, publish_now, withdraw
from .review import approve, schedule, send_back, submit_for_review, unschedule, weekly_warning
from .subscriptions import confirm, purge_unconfirmed, request_subscription, unsubscribe

__all__ = [
    "PostError", "approve", "confirm", "confirm_second_check", "create_post", "end_expired_crises",
    "mark_whatsapp_done", "publish_crisis_now", "publish_due", "publish_now", "purge_unconfirmed", "react",
    "request_subscription", "retry_channel", "schedule", "send_back", "start_followup", "submit_for_review",
    "unschedule", "unsubscribe", "update_post", "weekly_warning", "withdraw",
]
