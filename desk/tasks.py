"""Celery finds an app's tasks in ``<app>.tasks``: the desk's live with the parts they serve."""
from desk.cases.tasks import escalate_terms
from desk.channels.email.tasks import fetch_email
from desk.notifications.tasks import notify_case_update, send_forward_link, send_tracking_link

__all__ = ["escalate_terms", "fetch_email", "notify_case_update", "send_forward_link", "send_tracking_link"]
