"""Celery entry points of the notifications: thin wrappers, retried when mail or the mailbox fails."""
from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

from desk.cases.models import Case, CaseEvent, Forward
from desk.notifications import rules
from desk.notifications.messages import forward_message, tracking_message


@shared_task(name="desk.notifications.tasks.notify_case_update", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=5)
def notify_case_update(event_id: int) -> None:
    """Tell the resident (mailbox, e-mail if chosen) and the followers about a public case event, once."""
    event = CaseEvent.objects.select_related("case", "case__resident", "case__category",
                                             "case__conversation").get(pk=event_id)
    rules.notify(event)


@shared_task(name="desk.notifications.tasks.send_tracking_link", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=5)
def send_tracking_link(case_id: int, token: str) -> None:
    case = Case.objects.get(pk=case_id)
    subject, body = tracking_message(case, token, case.language)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [case.reporter_email])


@shared_task(name="desk.notifications.tasks.send_forward_link", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=5)
def send_forward_link(forward_id: int, token: str) -> None:
    forward = Forward.objects.select_related("case").get(pk=forward_id)
    subject, body = forward_message(forward, token)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [forward.to_email])
