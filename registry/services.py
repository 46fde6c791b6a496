"""The only door into the civil registry.

Every read names who reads and why (`Access`). Reads by anyone but the resident about themselves
are written to the append-only `AccessRecord` table and to the "thuisloket.audit" logger, in one
place (`_audited`), before the adapter is asked: no registry data leaves without its audit row.
The adapter behind these functions is chosen by ``settings.REGISTRY_ADAPTER``; its per-person answers
are cached (``registry.cache``) for every reader but the system, after the audit, so a cached answer is
audited exactly like a fresh one.
"""

from __future__ import annotations

import functools
import logging
import re
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.signals import setting_changed
from django.utils.module_loading import import_string
from django.utils.translation import gettext, override

from registry.adapters.base import RegistryAdapter
from registry.cache import CachedRegistry
from registry.choices import AccessRole, DataCategory, MarriageEnd, RelationKind
from registry.keys import subject_key
from registry.models import AccessRecord
from registry.records import (
    ActRecord,
    CohabitationRecord,
    FuneralWishesRecord,
    HouseholdRecord,
    MarriageRecord,
    NationalityRecord,
    PersonRecord,
    RelationRecord,
    ResidenceRecord,
    VoterStatusRecord,
)

audit_logger = logging.getLogger("thuisloket.audit")

__all__ = [
    "Access",
    "AccessRole",
    "get_address_history",
    "get_civil_status_acts",
    "get_funeral_wishes",
    "get_household",
    "get_legal_cohabitation",
    "get_nationalities",
    "get_person",
    "get_voter_status",
    "may_act_for",
    "persons_one_may_act_for",
]

AGE_OF_MAJORITY = 18
VOTING_AGE = 18


def _user_label(user) -> str:
    full_name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return full_name or str(user)


@dataclass(frozen=True)
class Access:
    """Who reads registry data, in which capacity, and why. The labels are what the resident
    reads on "Wie raadpleegde mijn gegevens", so they are in Dutch and name a person."""

    role: str  # AccessRole
    purpose: str = ""
    actor_id: int | None = None
    actor_label: str = ""
    assisted_by_id: int | None = None
    assisted_by_label: str = ""

    @classmethod
    def resident_self(cls, user) -> Access:
        """The signed-in resident reading their own data (not audited)."""
        return cls(AccessRole.RESIDENT_SELF, "", user.pk, _user_label(user))

    @classmethod
    def resident_for_other(cls, user, purpose: str = "") -> Access:
        """A resident reading data of someone they may act for (a minor child, a deceased relative)."""
        return cls(AccessRole.RESIDENT_FOR_OTHER, purpose, user.pk, _user_label(user))

    @classmethod
    def staff(cls, user, purpose: str, *, label: str | None = None) -> Access:
        """A member of staff; `purpose` is mandatory and shown to the resident."""
        with override(settings.LANGUAGE_CODE):  # stored once, in the administration's language
            actor_label = label or gettext("Medewerker burgerzaken (%(name)s)") % {"name": _user_label(user)}
        return cls(AccessRole.STAFF, purpose, user.pk, actor_label)

    @classmethod
    def system(cls, purpose: str) -> Access:
        """An automatic process (e.g. issuing a certificate the resident asked for)."""
        with override(settings.LANGUAGE_CODE):
            label = gettext("Thuisloket (automatische verwerking)")
        return cls(AccessRole.SYSTEM, purpose, None, label)

    @classmethod
    def volunteer_assisted(cls, user, volunteer, purpose: str = "") -> Access:
        """A resident signed in themselves, helped by a digital-inclusion volunteer."""
        with override(settings.LANGUAGE_CODE):
            helper = gettext("Vrijwilliger digitale hulp (%(name)s)") % {"name": _user_label(volunteer)}
        return cls(AccessRole.VOLUNTEER_ASSISTED, purpose, user.pk, _user_label(user), volunteer.pk, helper)


# --- the adapter -------------------------------------------------------------------------------
@functools.cache
def get_adapter() -> RegistryAdapter:
    """The registry adapter REGISTRY_ADAPTER names (the embedded demo source by default)."""
    adapter = import_string(settings.REGISTRY_ADAPTER)()
    if not isinstance(adapter, RegistryAdapter):
        raise TypeError(f"{settings.REGISTRY_ADAPTER} is not a RegistryAdapter")
    return adapter


@functools.cache
def _cached_adapter() -> CachedRegistry:
    return CachedRegistry(get_adapter())


def _reader(access: Access) -> RegistryAdapter:
    # The issuing pipeline (a system read) certifies the register as it is at that moment: never a copy.
    return get_adapter() if access.role == AccessRole.SYSTEM else _cached_adapter()


def _reset_adapter(*, setting, **kwargs):
    if setting == "REGISTRY_ADAPTER":
        get_adapter.cache_clear()
        _cached_adapter.cache_clear()


setting_changed.connect(_reset_adapter)


def normalise_national_number(value: str) -> str:
    """Strip the separators of the printed form (YY.MM.DD-SSS.CC)."""
    return re.sub(r"[\s.\-]", "", value or "")


# --- the audit, in one place -----------------------------------------------------------------
def _record_access(national_number: str, access: Access, category: str) -> None:
    if not isinstance(access, Access):
        raise TypeError("access must be a registry.services.Access")
    if access.role not in AccessRole.values:
        raise ValueError(f"Unknown access role: {access.role!r}")
    if access.role == AccessRole.STAFF and not access.purpose.strip():
        raise ValueError("A staff read of registry data needs a purpose.")
    if access.role == AccessRole.RESIDENT_SELF:
        return
    key = subject_key(national_number)
    AccessRecord.objects.create(
        subject_key=key,
        actor_id=access.actor_id,
        actor_label=access.actor_label,
        role=access.role,
        purpose=access.purpose,
        category=category,
        assisted_by_id=access.assisted_by_id,
        assisted_by_label=access.assisted_by_label,
    )
    # The key prefix is enough to find the row; the national number never reaches a log line.
    audit_logger.info(
        "registry_read category=%s role=%s subject=%s actor_id=%s",
        category,
        access.role,
        key[:12],
        access.actor_id,
        extra={
            "event": "registry_read",
            "category": category,
            "role": access.role,
            "subject": key[:12],
            "actor_id": access.actor_id,
        },
    )


def _audited(category: str):
    def decorator(func):
        @functools.wraps(func)
        def wrapper(national_number: str, *args, access: Access, **kwargs):
            national_number = normalise_national_number(national_number)
            _record_access(national_number, access, category)
            return func(national_number, *args, access=access, **kwargs)

        return wrapper

    return decorator


# --- reads ---------------------------------------------------------------------------------------
@_audited(DataCategory.PERSON)
def get_person(national_number: str, *, access: Access) -> PersonRecord | None:
    """Identity data and current address of a person, or None if the registry does not know them."""
    return _reader(access).get_person(national_number)


@_audited(DataCategory.HOUSEHOLD)
def get_household(national_number: str, *, access: Access) -> HouseholdRecord | None:
    """The person's current household: address, reference person, members and their relation."""
    return _reader(access).get_household(national_number)


@_audited(DataCategory.ADDRESS_HISTORY)
def get_address_history(national_number: str, *, access: Access) -> list[ResidenceRecord]:
    """Every residence of the person, newest first."""
    return _reader(access).get_address_history(national_number)


@_audited(DataCategory.CIVIL_STATUS_ACTS)
def get_civil_status_acts(
    national_number: str, *, access: Access, kind: str | None = None
) -> list[ActRecord]:
    """Civil-status acts in which the person is a party, oldest first; `kind` is an ActKind."""
    return _reader(access).get_civil_status_acts(national_number, kind=kind)


@_audited(DataCategory.NATIONALITIES)
def get_nationalities(national_number: str, *, access: Access) -> list[NationalityRecord]:
    """All nationalities of the person, past and present."""
    return _reader(access).get_nationalities(national_number)


@_audited(DataCategory.VOTER_STATUS)
def get_voter_status(national_number: str, *, access: Access, on: date | None = None) -> VoterStatusRecord:
    """Whether the person may vote on `on` (default today): Belgian, 18 or older, alive, not
    excluded. `reasons` lists every ground that stands in the way."""
    on = on or date.today()
    adapter = _reader(access)
    person = adapter.get_person(national_number)
    if person is None:
        return VoterStatusRecord(national_number, on, False, ("unknown_person",))
    reasons = []
    if not any(n.country == "BE" and n.is_valid_on(on) for n in adapter.get_nationalities(national_number)):
        reasons.append("not_belgian")
    age = person.age_on(on)
    if age is None or age < VOTING_AGE:
        reasons.append("under_18")
    if person.death_date is not None and person.death_date <= on:
        reasons.append("deceased")
    for exclusion in adapter.get_voter_exclusions(national_number):
        if exclusion.valid_from <= on and (exclusion.valid_until is None or on < exclusion.valid_until):
            reasons.append("excluded")
            break
    return VoterStatusRecord(national_number, on, not reasons, tuple(reasons))


@_audited(DataCategory.LEGAL_COHABITATION)
def get_legal_cohabitation(national_number: str, *, access: Access) -> CohabitationRecord | None:
    """The person's current declaration of legal cohabitation, if any."""
    return _reader(access).get_legal_cohabitation(national_number)


@_audited(DataCategory.FUNERAL_WISHES)
def get_funeral_wishes(national_number: str, *, access: Access) -> FuneralWishesRecord | None:
    """The person's latest declaration of last wishes about the funeral, if any."""
    return _reader(access).get_funeral_wishes(national_number)


# --- who may act for whom ---------------------------------------------------
# These are eligibility checks about the actor's own family ties, answered with a yes/no and the
# subject's identity; they are not audited here. The data reads that follow them are.
def _is_minor(person: PersonRecord, on: date) -> bool:
    return person.is_alive and person.is_minor_on(on)


def _survived(marriage: MarriageRecord) -> bool:
    """The actor was still married to the deceased when they died: not divorced before."""
    return marriage.end_reason != MarriageEnd.DIVORCE


def may_act_for(actor_number: str, subject_number: str, *, on: date | None = None) -> RelationRecord | None:
    """Why `actor_number` may ask for data of `subject_number`, or None if they may not.

    Self; a parent for a living minor child; an heir (a child, or the surviving spouse who was
    not divorced) for a deceased person. A signed proxy is not a registry fact and is checked
    elsewhere. Returns None when the registry does not know the subject."""
    on = on or date.today()
    actor_number = normalise_national_number(actor_number)
    subject_number = normalise_national_number(subject_number)
    adapter = get_adapter()
    subject = adapter.get_person(subject_number)
    if subject is None:
        return None
    if actor_number == subject_number:
        return RelationRecord(RelationKind.SELF, actor_number, subject)
    is_parent = any(p.national_number == actor_number for p in adapter.get_parents(subject_number))
    if subject.is_alive:
        if is_parent and _is_minor(subject, on):
            return RelationRecord(RelationKind.PARENT_OF_MINOR, actor_number, subject)
        return None
    if any(c.national_number == actor_number for c in adapter.get_children(subject_number)):
        return RelationRecord(RelationKind.HEIR_CHILD, actor_number, subject)
    for marriage in adapter.get_marriages(subject_number):
        if marriage.spouse.national_number == actor_number and _survived(marriage):
            return RelationRecord(RelationKind.HEIR_SPOUSE, actor_number, subject)
    return None


def persons_one_may_act_for(actor_number: str, *, on: date | None = None) -> list[RelationRecord]:
    """Everyone the actor may act for: themselves first, then their living minor children, then
    deceased parents and deceased spouses they are heir of."""
    on = on or date.today()
    actor_number = normalise_national_number(actor_number)
    adapter = get_adapter()
    actor = adapter.get_person(actor_number)
    if actor is None:
        return []
    relations = [RelationRecord(RelationKind.SELF, actor_number, actor)]
    for child in adapter.get_children(actor_number):
        if _is_minor(child, on):
            relations.append(RelationRecord(RelationKind.PARENT_OF_MINOR, actor_number, child))
    for parent in adapter.get_parents(actor_number):
        if not parent.is_alive:
            relations.append(RelationRecord(RelationKind.HEIR_CHILD, actor_number, parent))
    for marriage in adapter.get_marriages(actor_number):
        spouse = marriage.spouse
        if not spouse.is_alive and _survived(marriage):
            relations.append(RelationRecord(RelationKind.HEIR_SPOUSE, actor_number, spouse))
    return relations
