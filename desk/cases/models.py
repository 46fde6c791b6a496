"""Cases (meldingen, vragen, suggesties, klachten, aanvragen) and their append-only history."""
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.history import AppendOnlyModel
from desk.states import CLOSED_STATES, OPEN_STATES, Channel, EventKind, Kind, Priority, State, is_closed


class Case(models.Model):
    """One thing a resident asked or reported. Its state changes only through desk.cases.services."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(_("referentie"), max_length=24, unique=True)
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    category = models.ForeignKey("desk.Category", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="cases", verbose_name=_("categorie"))
    title = models.CharField(_("onderwerp"), max_length=200, blank=True)
    description = models.TextField(_("omschrijving"), max_length=4000, blank=True)
    channel = models.CharField(_("kanaal"), max_length=20, choices=Channel.choices)
    priority = models.CharField(_("prioriteit"), max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    attributes = models.JSONField(default=dict, blank=True)  # answers to a category's extra questions

    # Who asked: a signed-in resident, or contact details of an anonymous reporter (never public).
    resident = models.ForeignKey("identity.Resident", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="desk_cases")
    reporter_name = models.CharField(_("naam"), max_length=200, blank=True)
    reporter_email = models.EmailField(_("e-mailadres"), blank=True)
    reporter_phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    language = models.CharField(max_length=5, default="nl")
    tracking_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    conversation = models.ForeignKey("desk.Conversation", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="cases")
    api_client = models.ForeignKey("desk.ApiClient", null=True, blank=True, on_delete=models.SET_NULL)

    # Where (optional): WGS84 floats; a bounding-box index serves the map without PostGIS.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    district = models.CharField(_("wijk"), max_length=40, blank=True)

    # Where it stands (the current pointers; the history is CaseEvent).
    state = models.CharField(_("status"), max_length=30, choices=State.choices, default=State.RECEIVED)
    public_note = models.TextField(_("toelichting voor de inwoner"), blank=True)
    department = models.ForeignKey("desk.Department", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="cases", verbose_name=_("dienst"))
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="desk_cases", verbose_name=_("behandelaar"))
    duplicate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="duplicates")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="parts")
    is_public = models.BooleanField(default=False)  # shown on the map / Open311 (public category, has location)

    # A case for a request handled elsewhere (certificates): desk shows its title, status label and link.
    linked_ref = models.CharField(max_length=120, blank=True)
    linked_url = models.CharField(max_length=300, blank=True)
    linked_status = models.CharField(max_length=200, blank=True)

    # Terms copied from the response matrix when the case is assigned.
    matrix_version = models.PositiveIntegerField(null=True, blank=True)
    first_response_due = models.DateTimeField(_("eerste antwoord uiterlijk"), null=True, blank=True)
    resolution_due = models.DateTimeField(_("afhandeling uiterlijk"), null=True, blank=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveIntegerField(default=0)

    created_at = models.DateTimeField(db_index=True)
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        permissions = [
            ("handle_case", _("Mag dossiers van het contactcenter behandelen")),
            ("view_handling_reports", _("Mag de rapporten van het contactcenter zien")),
        ]
        indexes = [
            models.Index(fields=["department", "state", "-created_at"], name="desk_case_dept_state"),
            models.Index(fields=["state", "resolution_due"], name="desk_case_state_due"),
            models.Index(fields=["assignee", "state"], name="desk_case_assignee"),
            models.Index(fields=["category", "state", "-created_at"], name="desk_case_cat_state"),
            # The inbox's first page per state, by term, within a department or a category.
            models.Index(fields=["department", "state", "resolution_due", "id"], name="desk_case_dept_due"),
            models.Index(fields=["category", "state", "resolution_due", "id"], name="desk_case_cat_due"),
            # The public map: open reports by place, and recently closed reports by closing date then place
            # (partial indexes: the map never reads anything else).
            models.Index(fields=["latitude", "longitude"], name="desk_case_map_open",
                         condition=models.Q(is_public=True, state__in=sorted(OPEN_STATES))),
            models.Index(fields=["-created_at", "latitude", "longitude"], name="desk_case_map_open_new",
                         condition=models.Q(is_public=True, state__in=sorted(OPEN_STATES))),
            models.Index(fields=["closed_at", "latitude", "longitude"], name="desk_case_map_closed",
                         condition=models.Q(is_public=True, state__in=sorted(CLOSED_STATES))),
            models.Index(fields=["resident", "-created_at"], name="desk_case_resident"),
            models.Index(fields=["linked_ref"], name="desk_case_linked"),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_closed(self) -> bool:
        return is_closed(self.state)

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def display_title(self) -> str:
        if self.title:
            return self.title
        if self.category_id:
            return self.category.label()
        return self.get_kind_display()


class CaseEvent(AppendOnlyModel):
    """Append-only history of a case: status changes, assignments, forwards, notes, messages, metrics.

    Events carry the department, channel, category and kind of the moment, so handling reports count
    what happened when it happened, and durations (wall clock and working time) for the two terms.
    """

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=EventKind.choices)
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    actor_label = models.CharField(max_length=200, blank=True)  # "inwoner", "systeem", an external party
    from_state = models.CharField(max_length=30, blank=True)
    to_state = models.CharField(max_length=30, blank=True)
    is_public = models.BooleanField(default=False)  # the resident sees it in the case history
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    department = models.ForeignKey("desk.Department", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    channel = models.CharField(max_length=20, blank=True)
    category = models.ForeignKey("desk.Category", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    case_kind = models.CharField(max_length=20, blank=True)
    duration_s = models.FloatField(null=True, blank=True)
    working_s = models.FloatField(null=True, blank=True)
    within_term = models.BooleanField(null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["kind", "at"], name="desk_event_kind_at")]

    def __str__(self):
        return f"{self.case_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"


class Follower(models.Model):
    """Someone who wants updates on a case ("al gemeld — volg het" instead of a duplicate)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followers")
    resident = models.ForeignKey("identity.Resident", null=True, blank=True, on_delete=models.CASCADE)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "resident"], condition=models.Q(resident__isnull=False),
                                    name="desk_follower_unique_resident"),
            models.UniqueConstraint(fields=["case", "email"], condition=~models.Q(email=""),
                                    name="desk_follower_unique_email"),
        ]

    def __str__(self):
        return f"{self.case_id} ← {self.resident_id or self.email}"


class Attachment(models.Model):
    """A photo or file on a case or message: re-encoded without metadata; GPS kept privately."""

    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey("desk.ConversationMessage", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="attachments")
    file = models.FileField(upload_to="desk/%Y/%m/")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    gps_latitude = models.FloatField(null=True, blank=True)
    gps_longitude = models.FloatField(null=True, blank=True)
    is_public = models.BooleanField(_("openbaar"), default=False)  # staff decide; never automatic
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.file.name


class Forward(models.Model):
    """A question to another department or an external party, answered through an expiring link."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="forwards")
    to_department = models.ForeignKey("desk.Department", null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="+")
    to_email = models.EmailField(blank=True)
    question = models.TextField()
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"{self.case_id} → {self.to_department_id or self.to_email}"


class SavedFilter(models.Model):
    """An agent's saved inbox filter (a query string)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desk_filters")
    name = models.CharField(_("naam"), max_length=100)
    query = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="desk_filter_unique_name")]

    def __str__(self):
        return self.name
