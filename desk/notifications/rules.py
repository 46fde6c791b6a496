"""Who is told about a public case event, as data: one small rule per kind of recipient.

Each rule names the recipients it reaches and sends them the update in their language. ``notify`` runs
them all; a retried task sends nothing twice to a mailbox (its ``source_ref`` is unique). Cases owned by
another app (a certificate request) are told by that app itself, so no rule runs for them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail

from desk.cases.models import Case, CaseEvent
from desk.cases.services import post_case_update, reaches_only_by_conversation
from desk.feedback.notifications import invitation
from desk.notifications.email import mail_reporter
from desk.notifications.messages import update_message
from desk.states import EventKind
from mailbox import services as mailbox


def _source_ref(event: CaseEvent) -> str:
    return f"desk:{event.case.reference}:{event.pk}"


def _post(resident, case: Case, event: CaseEvent, *, ref: str, feedback: bool) -> None:
    language = resident.preferred_language or case.language
    subject, body = update_message(case, event, language)
    if feedback:
        body += invitation(event, language)
    mailbox.post_message(resident=resident, subject=subject, body=body, source_ref=ref,
                         sender_label=settings.CITY_NAME)
    mailbox.notify_by_email(resident=resident, source_ref=ref)


@dataclass(frozen=True)
class ReporterMailbox:
    """The signed-in reporter: their mailbox (and an e-mail that something is there); a closing asks for feedback."""

    name: str = "reporter-mailbox"

    def send(self, case: Case, event: CaseEvent) -> None:
        if case.resident_id:
            _post(case.resident, case, event, ref=_source_ref(event), feedback=True)


@dataclass(frozen=True)
class FollowerMailboxes:
    """Signed-in followers: a copy in each mailbox, with its own reference."""

    name: str = "follower-mailboxes"

    def send(self, case: Case, event: CaseEvent) -> None:
        for follower in case.followers.select_related("resident").exclude(resident=None):
            if follower.resident_id != case.resident_id:
                _post(follower.resident, case, event, ref=f"{_source_ref(event)}:r{follower.resident_id}",
                      feedback=False)


@dataclass(frozen=True)
class ReporterEmail:
    """A reporter without an account who gave an e-mail address: a threaded e-mail (with the feedback question).
    Their acknowledgement is the e-mail with the tracking link, sent apart."""

    name: str = "reporter-email"

    def send(self, case: Case, event: CaseEvent) -> None:
        if case.resident_id is not None or not case.reporter_email:
            return
        if event.kind == EventKind.CREATED and case.tracking_token_hash:
            return
        subject, body = update_message(case, event, case.language)
        mail_reporter(case, event, subject, body + invitation(event, case.language))


@dataclass(frozen=True)
class FollowerEmails:
    """Followers known only by an e-mail address: a plain e-mail, in Dutch."""

    name: str = "follower-emails"

    def send(self, case: Case, event: CaseEvent) -> None:
        for address in case.followers.filter(resident=None).exclude(email="").values_list("email", flat=True):
            if address == case.reporter_email and case.resident_id is None:
                continue  # the reporter's own copy is the threaded e-mail above
            subject, body = update_message(case, event, "nl")
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])


@dataclass(frozen=True)
class ReporterConversation:
    """Reporters we only know from a chat or WhatsApp conversation hear it there (answers went there already)."""

    name: str = "reporter-conversation"

    def send(self, case: Case, event: CaseEvent) -> None:
        if event.kind == EventKind.MESSAGE_OUT or not reaches_only_by_conversation(case):
            return
        subject, body = update_message(case, event, case.language, in_conversation=True)
        post_case_update(case, event_id=event.pk, body=f"{subject}\n\n{body}" + invitation(event, case.language))


RULES: tuple = (ReporterMailbox(), FollowerMailboxes(), ReporterEmail(), FollowerEmails(), ReporterConversation())


def notify(event: CaseEvent, rules: Iterable = RULES) -> None:
    """Tell everyone the rules reach about a public case event."""
    if event.case.linked_ref:
        return  # the owning app (certificates) tells the resident itself
    for rule in rules:
        rule.send(event.case, event)
