"""Certificate requests: the only code that creates requests or changes their status."""
from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext, override

from common import jobs
from identity.oidc.assurance import HIGH, level_of
from mailbox import services as mailbox
from registry import services as registry

from . import desk_link, eligibility, types
from .models import CertificateRequest, StatusChange, WizardDraft
from .notifications import message_for
from .states import TRANSITIONS, Status
from .types import ForWhom, Policy

logger = logging.getLogger(__name__)

# Which registry relation allows which "for whom" choice.
RELATIONS_FOR = {
    ForWhom.SELF: {"self"},
    ForWhom.MINOR_CHILD: {"parent_of_minor"},
    ForWhom.DECEASED_RELATIVE: {"heir_child", "heir_spouse"},
}


class RequestRefused(Exception):
    """The request cannot be made (who may ask for whom); ``message`` is for the resident."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class TransitionNotAllowed(Exception):
    """The transition table (states.TRANSITIONS) does not allow this move from the current status."""


def new_reference() -> str:
    """A request's reference for the resident and staff, e.g. AV-2026-K7M2PQ."""
    return f"AV-{timezone.now():%Y}-{get_random_string(6, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}"


def needs_staff(certificate_type, *, for_whom: str, acr: str, use_abroad: bool = False) -> bool:
    """Issued at once only for oneself, with a strong (eIDAS high) sign-in, for a type that allows it."""
    if certificate_type.policy != Policy.AUTOMATIC:
        return True
    if for_whom != ForWhom.SELF:
        return True
    return level_of(acr) != HIGH


def check_may_request(certificate_type, *, requester_number: str, subject_number: str, for_whom: str):
    """Refuse what the requester may not ask; return the registry relation that allows it (or None)."""
    from django.utils.translation import gettext as _

    if not certificate_type.allows(for_whom):
        raise RequestRefused(_("Je kan dit attest niet aanvragen voor deze persoon."))
    if for_whom in RELATIONS_FOR:
        relation = registry.may_act_for(requester_number, subject_number)
        if relation is None or relation.kind not in RELATIONS_FOR[for_whom]:
            # Same message whether the person exists or not: nothing leaks about other residents.
            raise RequestRefused(_("Je kan dit attest niet aanvragen voor deze persoon."))
        return relation
    return None


# Checked before submit only where the registry itself confirms who asks for whom. A proxy's mandate is not
# verified yet and a public act may be asked by anyone: telling them what the register holds about a third
# person would leak it, so staff see those requests first (the worker still refuses them for good).
ELIGIBILITY_BEFORE_SUBMIT = frozenset({ForWhom.SELF, ForWhom.MINOR_CHILD, ForWhom.DECEASED_RELATIVE})


def eligibility_access(user, certificate_type, *, for_whom: str, own_access=None) -> registry.Access:
    """How the check before submit reads the register: as the resident (or their assisted session) for
    themselves, otherwise a read for another person, audited with what it was for."""
    if for_whom == ForWhom.SELF:
        return own_access or registry.Access.resident_self(user)
    with override(settings.LANGUAGE_CODE):  # stored once, in the administration's language
        purpose = gettext("Controle vóór de aanvraag: %(name)s") % {"name": certificate_type.names["nl"]}
    return registry.Access.resident_for_other(user, purpose)


def check_eligible(certificate_type, *, subject_number: str, for_whom: str, access, checked=None) -> None:
    """Refuse, in plain words with what to do instead, what the register says cannot be issued.

    ``checked`` (a dict kept for one HTTP request) remembers answers already read: the wizard revalidates
    its steps and then submits, and each register read about someone else is an audit row they will see."""
    if for_whom not in ELIGIBILITY_BEFORE_SUBMIT:
        return
    key = (certificate_type.code, subject_number, for_whom)
    if checked is not None and key in checked:
        refusal = checked[key]
    else:
        refusal = eligibility.check(certificate_type, subject_number, access=access)
        if checked is not None:
            checked[key] = refusal
    if refusal is not None:
        raise RequestRefused(refusal.message)


@transaction.atomic
def submit_request(*, requester, type_code: str, for_whom: str, subject_number: str, subject_name: str,
                   acr: str, purpose: str = "", recipient: str = "", use_abroad: bool = False,
                   abroad_country: str = "", act_format: str = "", delivery: str = "mailbox",
                   mandate=None, access=None, checked=None) -> CertificateRequest:
    """Save a request, its first status and its desk case in one transaction; start issuing after the commit.

    The request is decided here (automatic or staff). If the broker is down, the periodic sweep
    (tasks.sweep_stuck_requests) picks the request up later: nothing is lost. ``access`` is how the
    resident's own register reads are audited (their assisted session); the eligibility rule is asked first
    (``checked``: see check_eligible).
    """
    certificate_type = types.get(type_code)
    check_may_request(certificate_type, requester_number=requester.national_number,
                      subject_number=subject_number, for_whom=for_whom)
    check_eligible(certificate_type, subject_number=subject_number, for_whom=for_whom,
                   access=eligibility_access(requester.user, certificate_type, for_whom=for_whom,
                                             own_access=access), checked=checked)
    staff = needs_staff(certificate_type, for_whom=for_whom, acr=acr, use_abroad=use_abroad) or mandate is not None
    request = CertificateRequest.objects.create(
        reference=new_reference(), type_code=type_code, requester=requester, for_whom=for_whom,
        subject_number=subject_number, subject_name=subject_name, purpose=purpose, recipient=recipient,
        use_abroad=use_abroad, abroad_country=abroad_country, act_format=act_format, delivery=delivery,
        sign_in_acr=acr, needs_staff=staff, status=Status.RECEIVED,
        **({"mandate": mandate} if mandate is not None else {}),
    )
    StatusChange.objects.create(request=request, from_status="", to_status=Status.RECEIVED)
    desk_link.open_case_for(request)  # the request shows in the contact desk (same transaction)
    if staff:
        transition(request, Status.AWAITING_APPROVAL)
    else:
        transition(request, Status.ISSUING)
    return request


def _enqueue(request_id: int) -> None:
    try:
        jobs.enqueue("certificates.tasks.issue_certificate", request_id)
    except Exception:  # the broker may be down; the sweep re-enqueues (the database is the truth)
        logger.exception("could not enqueue request %s; the sweep will retry", request_id)


@transaction.atomic
def transition(request: CertificateRequest, to: str, *, actor=None, public_note: str = "") -> CertificateRequest:
    """Move a request to ``to`` if the transition table allows it, writing its history row."""
    # The requester comes along (their language names the desk case's label); only the request's row is locked.
    locked = CertificateRequest.objects.select_for_update(of=("self",)).select_related("requester").get(pk=request.pk)
    if not TRANSITIONS.can_move(locked.status, to):
        raise TransitionNotAllowed(f"{locked.status} → {to}")
    StatusChange.objects.create(request=locked, from_status=locked.status, to_status=to, actor=actor,
                                public_note=public_note)
    locked.status = to
    locked.save(update_fields=["status", "updated_at"])
    request.status = to
    desk_link.follow_status(locked, to, public_note=public_note)  # its desk case follows (same transaction)
    if to == Status.ISSUING:
        transaction.on_commit(lambda: _enqueue(locked.pk))
    return locked


@transaction.atomic
def approve(request: CertificateRequest, *, actor) -> CertificateRequest:
    """Burgerzaken approve: the request goes on to be issued."""
    transition(request, Status.APPROVED, actor=actor)
    return transition(request, Status.ISSUING, actor=actor)


@transaction.atomic
def refuse(request: CertificateRequest, *, actor, reason: str) -> CertificateRequest:
    """Burgerzaken refuse, with a reason the resident reads in their mailbox."""
    if not reason.strip():
        raise ValueError("a refusal needs a reason the resident can read")
    CertificateRequest.objects.filter(pk=request.pk).update(decision_reason=reason)
    locked = transition(request, Status.REFUSED, actor=actor, public_note=reason)
    _notify_resident(locked, "refused")
    return locked


@transaction.atomic
def ask_for_information(request: CertificateRequest, *, actor, question: str) -> CertificateRequest:
    """Burgerzaken ask the resident a question; the request waits for the answer."""
    if not question.strip():
        raise ValueError("the question must not be empty")
    CertificateRequest.objects.filter(pk=request.pk).update(info_question=question, info_answer="")
    locked = transition(request, Status.INFO_REQUESTED, actor=actor, public_note=question)
    _notify_resident(locked, "info_requested")
    return locked


def answer_information(request: CertificateRequest, *, answer: str, attachment=None) -> CertificateRequest:
    """The resident answers the question, with text, a cleaned document or both; back to burgerzaken.

    A new document replaces the one of an earlier answer: the old file goes after the commit, the new one
    is removed again if the answer cannot be saved (Django has no on-rollback hook, hence the try)."""
    if not answer.strip() and attachment is None:
        raise ValueError("the answer must not be empty")
    stored = ""
    try:
        with transaction.atomic():
            locked = CertificateRequest.objects.select_for_update().get(pk=request.pk)
            if not TRANSITIONS.can_move(locked.status, Status.AWAITING_APPROVAL):
                raise TransitionNotAllowed(f"{locked.status} → {Status.AWAITING_APPROVAL}")
            locked.info_answer = answer
            fields = ["info_answer"]
            if attachment is not None:
                previous, storage = locked.info_attachment.name, locked.info_attachment.storage
                locked.info_attachment.save(attachment.name, attachment, save=False)
                stored = locked.info_attachment.name
                fields.append("info_attachment")
                if previous:
                    transaction.on_commit(lambda: storage.delete(previous))
            locked.save(update_fields=fields)
            return transition(request, Status.AWAITING_APPROVAL, public_note="")
    except BaseException:
        if stored:
            locked.info_attachment.storage.delete(stored)
        raise


@transaction.atomic
def retry_failed(request: CertificateRequest, *, actor) -> CertificateRequest:
    """Staff start a failed request's issuing again, with a fresh count of attempts."""
    CertificateRequest.objects.filter(pk=request.pk).update(attempts=0, last_error="")
    return transition(request, Status.ISSUING, actor=actor)


# Starts last_error when the register, not a technical fault, stops issuing (the worker gives up at once).
INELIGIBLE_PREFIX = "Niet uit te reiken volgens het register: "


def record_failure(request_id: int, error: str, *, final: bool) -> None:
    """Keep the technical error for staff; after the last retry the request shows as failed."""
    with transaction.atomic():
        CertificateRequest.objects.filter(pk=request_id).update(attempts=F("attempts") + 1, last_error=error[:2000])
        if final:
            request = CertificateRequest.objects.get(pk=request_id)
            if TRANSITIONS.can_move(request.status, Status.FAILED):
                transition(request, Status.FAILED)


def _notify_resident(request: CertificateRequest, event: str) -> None:
    subject, body = message_for(request, event)
    mailbox.post_message(resident=request.requester, subject=subject, body=body,
                         source_ref=f"certificate-request:{request.public_id}:{event}:{request.history.count()}")


def save_draft(resident, type_code: str, step_data: dict, current_step: str) -> None:
    """Keep a wizard's answers so far (never files), so it survives the end of the session."""
    WizardDraft.objects.update_or_create(requester=resident, type_code=type_code,
                                         defaults={"data": step_data, "current_step": current_step or ""})


def discard_draft(resident, type_code: str) -> None:
    """Forget the resident's unfinished wizard for this certificate type."""
    WizardDraft.objects.filter(requester=resident, type_code=type_code).delete()
