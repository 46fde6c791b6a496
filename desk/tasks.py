"""Celery entry points of the desk: thin wrappers around services and notifications."""
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail

logger = logging.getLogger(__name__)


@shared_task(name="desk.tasks.notify_case_update", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=5)
def notify_case_update(event_id: int) -> None:
    """Tell the resident (mailbox, e-mail if chosen) and the followers about a public case event, once."""
    from mailbox import services as mailbox

    from .feedback.notifications import invitation
    from .models import CaseEvent
    from .notifications import update_message
    from .services.conversations import post_case_update, reaches_only_by_conversation
    from .states import EventKind

    event = CaseEvent.objects.select_related("case", "case__resident", "case__category",
                                             "case__conversation").get(pk=event_id)
    case = event.case
    if case.linked_ref:
        return  # the owning app (certificates) tells the resident itself
    source_ref = f"desk:{case.reference}:{event.pk}"
    residents = []
    if case.resident_id:
        residents.append(case.resident)
    emails = []
    # An anonymous reporter's acknowledgement is the e-mail with the tracking link (send_tracking_link).
    acknowledged_by_link = event.kind == EventKind.CREATED and case.tracking_token_hash
    if case.resident_id is None and case.reporter_email and not acknowledged_by_link:
        emails.append((case.reporter_email, case.language))
    for follower in case.followers.select_related("resident"):
        if follower.resident_id:
            residents.append(follower.resident)
        elif follower.email:
            emails.append((follower.email, "nl"))
    for resident in residents:
        # source_ref is unique across all mailboxes: a follower's copy gets its own reference.
        ref = source_ref if resident.pk == case.resident_id else f"{source_ref}:r{resident.pk}"
        subject, body = update_message(case, event, resident.preferred_language or case.language)
        if resident.pk == case.resident_id:  # the reporter's copy of a closing asks for feedback
            body += invitation(event, resident.preferred_language or case.language)
        mailbox.post_message(resident=resident, subject=subject, body=body, source_ref=ref,
                             sender_label=settings.CITY_NAME)
        mailbox.notify_by_email(resident=resident, source_ref=ref)
    for address, language in emails:
        subject, body = update_message(case, event, language)
        if address == case.reporter_email:
            _mail_reporter(case, event, subject, body + invitation(event, language))
        else:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
    # Reporters we only know from a chat or WhatsApp conversation hear it there (answers went there already).
    if event.kind != EventKind.MESSAGE_OUT and reaches_only_by_conversation(case):
        subject, body = update_message(case, event, case.language, in_conversation=True)
        post_case_update(case, event_id=event.pk, body=f"{subject}\n\n{body}" + invitation(event, case.language))


def _mail_reporter(case, event, subject: str, body: str) -> None:
    """E-mail to the reporter as part of the conversation: a Message-ID we keep, In-Reply-To their last
    e-mail, Reply-To the one address, so their mail program threads it and their answer comes back to the
    same case (desk.mail_in threads by these ids, or by the reference in the subject)."""
    from email.utils import make_msgid

    from django.core.mail import EmailMessage

    from .models import ConversationMessage
    from .states import EventKind

    sender = settings.DESK_REPLY_ADDRESS or settings.DEFAULT_FROM_EMAIL
    message_id = make_msgid(domain=sender.rpartition("@")[2] or None)
    headers = {"Message-ID": message_id}
    if case.conversation_id:
        earlier = (ConversationMessage.objects.filter(conversation_id=case.conversation_id,
                                                      direction=ConversationMessage.Direction.IN)
                   .exclude(external_id="").order_by("-created_at", "-pk").first())
        if earlier is not None:
            headers["In-Reply-To"] = headers["References"] = earlier.external_id
    mail = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [case.reporter_email], headers=headers,
                        reply_to=[settings.DESK_REPLY_ADDRESS] if settings.DESK_REPLY_ADDRESS else None)
    mail.send()
    if event.kind == EventKind.MESSAGE_OUT and event.data.get("message"):
        ConversationMessage.objects.filter(pk=event.data["message"], external_id="").update(external_id=message_id)


@shared_task(name="desk.tasks.send_tracking_link", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=5)
def send_tracking_link(case_id: int, token: str) -> None:
    from .models import Case
    from .notifications import tracking_message

    case = Case.objects.get(pk=case_id)
    subject, body = tracking_message(case, token, case.language)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [case.reporter_email])


@shared_task(name="desk.tasks.send_forward_link", ignore_result=True, autoretry_for=(Exception,),
             retry_backoff=True, max_retries=5)
def send_forward_link(forward_id: int, token: str) -> None:
    from .models import Forward
    from .notifications import forward_message

    forward = Forward.objects.select_related("case").get(pk=forward_id)
    subject, body = forward_message(forward, token)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [forward.to_email])


@shared_task(name="desk.tasks.escalate_terms", ignore_result=True)
def escalate_terms() -> int:
    """Mark near-due and overdue cases and tell their department (beat, every 5 minutes)."""
    from .services.escalation import escalate_terms as run

    return run()


@shared_task(name="desk.tasks.fetch_email", ignore_result=True)
def fetch_email() -> int:
    """Read the one e-mail address's mailbox and turn new messages into conversations."""
    from .mail_in import fetch_configured_mailbox

    return fetch_configured_mailbox()
