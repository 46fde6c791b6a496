"""Housekeeping of the WhatsApp adapter: queue what a broker outage left behind, purge what is past its time.

The work is queued by task name (``common.jobs``): the tasks module imports this one.
"""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from common import jobs
from desk.channels.whatsapp.models import InboundDelivery, Outbound, StatusReport
from desk.conversations.models import ConversationMessage
from desk.states import Channel

WHATSAPP = Channel.WHATSAPP


def sweep(*, now=None) -> dict:
    """Queue what a broker outage left behind; remove raw deliveries and status reports past their time."""
    now = now or timezone.now()
    stuck = list(InboundDelivery.objects.filter(processed_at__isnull=True, received_at__lt=now - dt.timedelta(
        minutes=2)).filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now)).values_list("pk", flat=True)[:500])
    for pk in stuck:
        jobs.enqueue("desk.channels.whatsapp.tasks.process_delivery", pk)
    unsent = list(ConversationMessage.objects.filter(
        channel=WHATSAPP, direction=ConversationMessage.Direction.OUT, status="", whatsapp__isnull=True,
        created_at__lt=now - dt.timedelta(minutes=2), created_at__gte=now - dt.timedelta(days=2),
    ).values_list("pk", flat=True)[:500])
    unsent += list(Outbound.objects.filter(state=Outbound.State.QUEUED, updated_at__lt=now - dt.timedelta(minutes=2))
                   .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
                   .values_list("message_id", flat=True)[:500])
    for pk in unsent:
        jobs.enqueue("desk.channels.whatsapp.tasks.send_message", pk)
    keep = now - dt.timedelta(days=settings.WHATSAPP_KEEP_DAYS)
    purged, _details = InboundDelivery.objects.filter(received_at__lt=keep).delete()
    StatusReport.objects.filter(received_at__lt=keep).delete()
    return {"requeued_deliveries": len(stuck), "requeued_messages": len(unsent), "purged": purged}
