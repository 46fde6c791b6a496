"""The request's state machine: the database is the only truth about where a request stands.

Allowed transitions are data (TRANSITIONS), readable by people and checked by ``services.transition``.
Celery only moves a request forward; it is never asked whether something is done.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.statemachine import StateMachine


class Status(models.TextChoices):
    RECEIVED = "received", _("ontvangen")
    AWAITING_APPROVAL = "awaiting_approval", _("in behandeling bij een medewerker")
    INFO_REQUESTED = "info_requested", _("we vragen meer informatie")
    APPROVED = "approved", _("goedgekeurd")
    REFUSED = "refused", _("geweigerd")
    ISSUING = "issuing", _("wordt aangemaakt")
    READY = "ready", _("klaar in je berichtenbox")
    FAILED = "failed", _("aanmaken mislukt, een medewerker kijkt het na")


TRANSITIONS = StateMachine({
    Status.RECEIVED: frozenset({Status.ISSUING, Status.AWAITING_APPROVAL}),
    Status.AWAITING_APPROVAL: frozenset({Status.APPROVED, Status.REFUSED, Status.INFO_REQUESTED}),
    Status.INFO_REQUESTED: frozenset({Status.AWAITING_APPROVAL, Status.REFUSED}),
    Status.APPROVED: frozenset({Status.ISSUING}),
    Status.ISSUING: frozenset({Status.READY, Status.FAILED}),
    # Refused from FAILED: the register ruled it out after all (the worker does not retry that), staff say why.
    Status.FAILED: frozenset({Status.ISSUING, Status.REFUSED}),
    Status.REFUSED: frozenset(),
    Status.READY: frozenset(),
})

# States in which the issuing pipeline should be running; the sweep re-enqueues requests stuck here.
PIPELINE_STATES = frozenset({Status.ISSUING})
FINAL_STATES = frozenset({Status.READY, Status.REFUSED})

