"""Duplicates merged into one case, and one case split into several."""
from __future__ import annotations

import logging

from django.db import transaction
from django.utils.translation import gettext as _

from desk.cases.models import Case
from desk.cases.services.handling import change_state
from desk.cases.services.history import record_event
from desk.cases.services.intake import follow, open_case
from desk.cases.services.validation import CaseError
from desk.states import CLOSED_STATES, EventKind, State

logger = logging.getLogger(__name__)


@transaction.atomic
def merge(duplicate: Case, *, into: Case, actor, public_note: str = "") -> Case:
    """Close ``duplicate`` as a duplicate of ``into``; its reporter and followers follow ``into``."""
    if duplicate.pk == into.pk:
        raise CaseError(_("Een dossier kan je niet met zichzelf samenvoegen."))
    if into.state in CLOSED_STATES and into.state != State.RESOLVED:
        raise CaseError(_("Voeg samen met een dossier dat nog open is of opgelost werd."))
    note = public_note or _("Dit werd al gemeld. We behandelen het onder %(reference)s; je krijgt daar de "
                            "updates over.") % {"reference": into.reference}
    change_state(duplicate, State.DUPLICATE, actor=actor, public_note=note, duplicate_of=into)
    if duplicate.resident_id:
        follow(into, resident=duplicate.resident)
    elif duplicate.reporter_email:
        follow(into, email=duplicate.reporter_email)
    for follower in duplicate.followers.all():
        follow(into, resident=follower.resident, email=follower.email)
    record_event(into, EventKind.MERGED, actor=actor, is_public=False, data={"merged": duplicate.reference},
           text=duplicate.reference)
    return into


@transaction.atomic
def split(case: Case, *, actor, parts: list[dict]) -> list[Case]:
    """Make new cases from parts of one (e.g. a call about two problems); each keeps the reporter."""
    if not parts:
        raise CaseError(_("Geef minstens één deel op."))
    created = []
    for part in parts:
        new = open_case(kind=part.get("kind") or case.kind, channel=case.channel, description=part["description"],
                        category=part.get("category") or case.category, resident=case.resident,
                        reporter_name=case.reporter_name, reporter_email=case.reporter_email,
                        reporter_phone=case.reporter_phone, latitude=case.latitude, longitude=case.longitude,
                        address=case.address, conversation=case.conversation, actor=actor, language=case.language,
                        notify=False)
        Case.objects.filter(pk=new.pk).update(parent=case)
        new.parent = case
        created.append(new)
    record_event(case, EventKind.SPLIT, actor=actor, data={"parts": [new.reference for new in created]},
           text=", ".join(new.reference for new in created))
    return created
