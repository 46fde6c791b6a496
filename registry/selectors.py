"""Reads of the registry's own bookkeeping (not of registry data: that goes through services)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.utils import timezone

from registry.choices import AccessRole
from registry.keys import subject_key
from registry.models import AccessRecord


def access_records_about(national_number: str) -> QuerySet[AccessRecord]:
    """Who consulted this person's registry data, newest first ("Wie raadpleegde mijn gegevens")."""
    return AccessRecord.objects.filter(subject_key=subject_key(national_number)).order_by("-at", "-pk")


@dataclass
class ConsultationLine:
    """One line of "Wie raadpleegde mijn gegevens": one read by someone else, or one day of one's own reads."""

    at: datetime  # the latest read of the line
    own: bool  # the resident's own reads (in an assisted session they are audited), grouped per day
    record: AccessRecord | None = None  # the read itself when it is not one's own
    day: date | None = None
    assisted_by_label: str = ""
    session_purpose: str = ""
    categories: list[str] = field(default_factory=list)  # what was read, in the order first read
    count: int = 0


def consultation_lines(national_number: str, *, own_user_id: int | None) -> list[ConsultationLine]:
    """The resident's consultations, newest first: every read by staff or a relative one by one; one line per
    automatic job (its purpose names it, e.g. one certificate); the resident's own reads (an assisted session
    audits every page they open) as one line per day and helper. Grouped lines list what was read."""
    lines: list[ConsultationLine] = []
    own_lines: dict[tuple[date, str], ConsultationLine] = {}
    system_lines: dict[str, ConsultationLine] = {}
    for record in access_records_about(national_number):
        if record.role == AccessRole.SYSTEM and record.purpose:
            # One automatic job (e.g. making one certificate) reads several kinds of data: one line for it.
            line = system_lines.get(record.purpose)
            if line is None:
                line = system_lines[record.purpose] = ConsultationLine(at=record.at, own=False, record=record)
                lines.append(line)
            _add_category(line, record)
            continue
        if own_user_id is None or record.actor_id != own_user_id:
            lines.append(ConsultationLine(at=record.at, own=False, record=record))
            continue
        day = timezone.localtime(record.at).date()
        key = (day, record.assisted_by_label)
        line = own_lines.get(key)
        if line is None:
            line = own_lines[key] = ConsultationLine(at=record.at, own=True, day=day,
                                                     assisted_by_label=record.assisted_by_label,
                                                     session_purpose=record.purpose)
            lines.append(line)
        _add_category(line, record)
    return lines


def _add_category(line: ConsultationLine, record: AccessRecord) -> None:
    # Rows come newest first: an older read of the same kind moves it to the front (order of first reading).
    label = str(record.get_category_display())
    if label in line.categories:
        line.categories.remove(label)
    line.categories.insert(0, label)
    line.count += 1
