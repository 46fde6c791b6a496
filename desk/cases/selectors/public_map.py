"""Reads for the public map of reports (/meldingen/kaart/): a whitelisted projection of public cases.

What the public may see of a report: its reference, category, a public status label, the address
(street and number describe public space), the date it came in, the public note once it is closed and
the photos staff published. Never the reporter, the resident, the title or the free-text description
(residents write names, phone numbers and the like there), nor internal notes or staff names.

Every read here starts from ``desk.cases.selectors.map_cases()`` / ``public_cases()``, so a case of a
non-public category, a duplicate or a case without location never shows.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common import privacy
from desk.cases.models import Attachment, Case, CaseEvent
from desk.cases.selectors import map_cases, public_cases
from desk.routing.models import Category
from desk.states import CLOSED_STATES, OPEN_STATES, EventKind, State, open311_status

MAP_LIMIT = 500
STATUS_FILTERS = ("open", "closed", "all")

# The columns the map's bounding-box query reads (served by the (is_public, latitude, longitude) index).
MAP_COLUMNS = ("pk", "reference", "latitude", "longitude", "state", "created_at", "category_id")
# The columns the accessible list reads.
LIST_COLUMNS = ("reference", "state", "address", "created_at", "closed_at", "public_note", "latitude", "longitude",
                "category__slug", "category__name", "category__name_fr", "category__name_en")

# The public sees a simpler status than staff and the reporter: "doorgestuurd" or "we wachten op je
# antwoord" say something about the handling (and are worded for the reporter), not about the street.
_PUBLIC_LABELS = {
    State.RECEIVED: _("ontvangen"),
    State.IN_PROGRESS: _("in behandeling"),
    State.WAITING_RESIDENT: _("in behandeling"),
    State.FORWARDED: _("in behandeling"),
    State.REOPENED: _("in behandeling"),
    State.REOPEN_REQUESTED: _("in behandeling"),
    State.SCHEDULED: _("ingepland"),
    State.RESOLVED: _("opgelost"),
    State.CLOSED_UNRESOLVED: _("afgesloten zonder oplossing"),
    State.CANCELLED: _("geannuleerd"),
    State.DUPLICATE: _("samengevoegd met een andere melding"),
}


def public_status_label(state: str) -> str:
    return str(_PUBLIC_LABELS.get(state, _("in behandeling")))


def public_status(state: str) -> str:
    """"open" or "closed" (as Open311 says it)."""
    return open311_status(state)


def public_categories() -> QuerySet[Category]:
    """The categories whose reports may appear on the map (the choices of the category filter)."""
    return Category.objects.filter(is_public=True, is_active=True).order_by("order", "name")


def _filtered(queryset: QuerySet[Case], *, category=None, status: str | None = None) -> QuerySet[Case]:
    if category:
        if isinstance(category, Category):
            queryset = queryset.filter(category_id=category.pk)
        else:
            queryset = queryset.filter(category__slug=category)
    if status == "open":
        queryset = queryset.filter(state__in=OPEN_STATES)
    elif status == "closed":
        queryset = queryset.filter(state__in=CLOSED_STATES)
    return queryset


def cases_in_bbox(south: float, west: float, north: float, east: float, category=None, status: str | None = None,
                  limit: int = MAP_LIMIT, *, now: datetime | None = None) -> list[dict]:
    """Map reports inside a bounding box, newest first, as dicts with a fixed column list (MAP_COLUMNS).

    ``category``: a public Category or its slug; ``status``: "open", "closed" or None/"all".
    """
    box = public_cases().filter(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
    return _merged(box, category=category, status=status, limit=limit, now=now)


def map_rows(*, category=None, status: str | None = None, limit: int = MAP_LIMIT,
             now: datetime | None = None) -> list[dict]:
    """All map reports (no bounding box) as dicts with MAP_COLUMNS, newest first."""
    located = public_cases().filter(latitude__isnull=False, longitude__isnull=False)
    return _merged(located, category=category, status=status, limit=limit, now=now)


def _merged(queryset: QuerySet[Case], *, category, status: str | None, limit: int,
            now: datetime | None) -> list[dict]:
    """Open reports and recently closed ones, read separately, each by its own partial index
    (desk_case_map_open on the place, desk_case_map_closed on the closing date and the place), then merged:
    one query with "open OR recently closed" scans every public report in the box."""
    now = now or timezone.now()
    parts = []
    if status != "closed":
        parts.append(queryset.filter(state__in=OPEN_STATES))
    if status != "open":
        recent = now - timedelta(days=settings.DESK_MAP_RECENT_DAYS)
        parts.append(queryset.filter(state__in=CLOSED_STATES, closed_at__gte=recent))
    rows = [row for part in parts for row in _rows(part, category=category, status=None, limit=limit)]
    rows.sort(key=lambda row: (row["created_at"], row["pk"]), reverse=True)
    return rows[:limit]


def _rows(queryset: QuerySet[Case], *, category, status: str | None, limit: int) -> list[dict]:
    queryset = _filtered(queryset, category=category, status=status)
    return list(queryset.order_by("-created_at", "-pk").values(*MAP_COLUMNS)[:limit])


def map_list(*, category=None, status: str | None = None, now: datetime | None = None) -> QuerySet[Case]:
    """The accessible list of map reports (same filters as the map), newest first; only LIST_COLUMNS load."""
    return (_filtered(map_cases(now=now), category=category, status=status)
            .only(*LIST_COLUMNS).order_by("-created_at", "-pk"))


def first_public_photos(case_ids: Iterable[int]) -> dict[int, int]:
    """{case id: pk of its first published photo} for the given cases."""
    ids = list(case_ids)
    found: dict[int, int] = {}
    if not ids:
        return found
    rows = (Attachment.objects.filter(case_id__in=ids, is_public=True, content_type__startswith="image/")
            .order_by("created_at", "pk").values_list("case_id", "pk"))
    for case_id, pk in rows:
        found.setdefault(case_id, pk)
    return found


def public_case(reference: str) -> Case | None:
    """A public case by its reference (also one closed long ago), or None."""
    return (public_cases().filter(reference=reference)
            .only(*LIST_COLUMNS, "category__handling_message").first())


def public_photos(case: Case) -> list[Attachment]:
    return list(Attachment.objects.filter(case=case, is_public=True, content_type__startswith="image/")
                .only("pk", "width", "height", "case_id").order_by("created_at", "pk"))


def public_photo(pk: int) -> Attachment | None:
    """A photo the public may see: published by staff, on a public case (never a duplicate)."""
    return (Attachment.objects.filter(pk=pk, is_public=True, content_type__startswith="image/",
                                      case__in=public_cases().values("pk"))
            .only("pk", "file", "content_type", "size", "sha256").first())


def public_history(case: Case) -> list[dict]:
    """The state changes of a case as the public sees them: date, public status label and public note.

    Only CREATED and STATE_CHANGED events. A note shows only when staff wrote it (an actor is set): when a
    resident reopens a case, their reason is stored as the public note of that change, and a resident's
    own words may hold personal data; staff's notes are masked as well (``common.privacy.mask_public``).
    Consecutive rows with the same label and no note are folded.
    """
    rows: list[dict] = []
    events = (CaseEvent.objects.filter(case=case, is_public=True,
                                       kind__in=[EventKind.CREATED, EventKind.STATE_CHANGED])
              .only("kind", "at", "to_state", "text", "actor_id").order_by("at", "pk"))
    for event in events:
        state = State.RECEIVED if event.kind == EventKind.CREATED else event.to_state
        note = privacy.mask_public(event.text) if event.kind == EventKind.STATE_CHANGED and event.actor_id else ""
        label = public_status_label(state)
        if rows and rows[-1]["label"] == label and not note:
            continue
        rows.append({"at": event.at, "label": label, "status": public_status(state), "note": note})
    return rows
