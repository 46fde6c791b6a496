"""Delivery statuses Meta reports for our outgoing messages (sent, delivered, read, failed)."""
from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from desk.channels.whatsapp import parsing
from desk.channels.whatsapp.models import Outbound, StatusReport
from desk.conversations.models import ConversationMessage
from desk.states import Channel

WHATSAPP = Channel.WHATSAPP
# Statuses only move forward: a late "delivered" never undoes "read"; "failed" beats only "sent".
STATUS_RANK = {"": 0, "sending": 1, "sent": 10, "failed": 15, "delivered": 20, "read": 30, "played": 30}


def record_status(update: parsing.StatusUpdate) -> None:
    """Keep the report (it may arrive before we stored the wamid) and apply what we know."""
    if update.status not in STATUS_RANK:
        return
    try:
        with transaction.atomic():
            StatusReport.objects.get_or_create(wamid=update.wamid[:300], status=update.status, defaults={
                "at": update.at, "error": update.error[:300], "received_at": timezone.now()})
    except IntegrityError:
        pass  # the same report, stored at this moment by another worker
    apply_statuses(update.wamid)


@transaction.atomic
def apply_statuses(wamid: str) -> None:
    """Give the outgoing message ``wamid`` the furthest status reported for it (statuses only move forward)."""
    message = (ConversationMessage.objects.select_for_update()
               .filter(channel=WHATSAPP, external_id=wamid, direction=ConversationMessage.Direction.OUT).first())
    if message is None:
        return
    reports = list(StatusReport.objects.filter(wamid=wamid))
    if not reports:
        return
    best = max(reports, key=lambda report: (STATUS_RANK.get(report.status, 0), report.at))
    if STATUS_RANK.get(best.status, 0) <= STATUS_RANK.get(message.status, 0):
        return
    waiting = Outbound.objects.filter(message=message, state=Outbound.State.WAITING).exists()
    if best.status == "failed":
        error = _("WhatsApp kon het bericht niet afleveren (%(error)s).") % {"error": best.error or "?"}
    else:
        error = message.error if waiting else ""
    ConversationMessage.objects.filter(pk=message.pk).update(status=best.status, status_at=best.at,
                                                             error=error[:300])

