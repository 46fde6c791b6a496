"""Files waiting in unfinished wizards: kept in the configured storage, replaced not accumulated, counted
against a per-resident quota, and purged with abandoned drafts.

The wizard's storage (``certificates.wizard_storage``) calls :func:`keep` and :func:`forget`; the form asks
:func:`check_quota`; the beat task ``certificates.tasks.purge_abandoned_drafts`` calls :func:`purge_abandoned`.
"""
from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .models import WizardDraft, WizardUpload

logger = logging.getLogger(__name__)


class QuotaExceeded(ValueError):
    """The resident has too many files, or too many bytes, waiting in unfinished wizards."""

    def __init__(self) -> None:
        self.message = gettext("Er wachten al te veel bestanden in je onafgewerkte aanvragen. Rond een aanvraag af "
                               "of begin ze opnieuw, en voeg de volmacht dan opnieuw toe.")
        super().__init__(self.message)


def check_quota(resident, type_code: str, size: int) -> None:
    """Raise QuotaExceeded when one more file of ``size`` bytes would pass the resident's quota.

    The files of this type's wizard are not counted: posting the step again replaces them."""
    pending = WizardUpload.objects.filter(requester=resident).exclude(type_code=type_code)
    count = pending.count()
    total = sum(pending.values_list("size", flat=True))
    if count + 1 > settings.WIZARD_UPLOAD_MAX_FILES or total + size > settings.WIZARD_UPLOAD_MAX_MB * 1024 * 1024:
        raise QuotaExceeded


def keep(resident, type_code: str, step: str, name: str, content) -> str:
    """Save a cleaned wizard file in the default storage under ``name`` and record it; returns the stored name."""
    stored = default_storage.save(name, content)
    WizardUpload.objects.create(requester=resident, type_code=type_code, step=step, name=stored,
                                size=default_storage.size(stored))
    return stored


def _delete(names) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete a wizard upload; the purge tries again", exc_info=True)
            continue
        WizardUpload.objects.filter(name=name).delete()


def forget(names) -> None:
    """Delete wizard files (from the storage, then their rows)."""
    _delete(list(names))


def forget_wizard(resident, type_code: str) -> None:
    """Delete every file of the resident's wizard for this type (submitted, restarted or discarded)."""
    _delete(list(WizardUpload.objects.filter(requester=resident, type_code=type_code).values_list("name", flat=True)))


def purge_abandoned(days: int | None = None) -> int:
    """Delete drafts untouched for ``days`` (``WIZARD_DRAFT_RETENTION_DAYS``) and wizard files that old; returns
    how many drafts went. A file is as old as its draft at most: a file without a draft (its session ended) goes too."""
    days = settings.WIZARD_DRAFT_RETENTION_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    with transaction.atomic():
        drafts = list(WizardDraft.objects.filter(updated_at__lt=cutoff).values_list("requester_id", "type_code"))
        WizardDraft.objects.filter(updated_at__lt=cutoff).delete()
    names = set(WizardUpload.objects.filter(created_at__lt=cutoff).values_list("name", flat=True))
    for requester_id, type_code in drafts:
        names.update(WizardUpload.objects.filter(requester_id=requester_id, type_code=type_code)
                     .values_list("name", flat=True))
    _delete(sorted(names))
    return len(drafts)
