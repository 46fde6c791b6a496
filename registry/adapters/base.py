"""The seam between Thuisloket and a civil registry.

`registry.services` calls exactly one adapter, chosen by ``settings.REGISTRY_ADAPTER`` (a dotted
path). The embedded adapter reads the demo tables in our own database; a production adapter
(e.g. one calling the Flemish MAGDA services for the Rijksregister and DABS) implements the same
methods. Adapters only fetch facts: access control, auditing and rules such as "who may act for
whom" or "who may vote" live in `registry.services`, so they hold whatever the source.

Every method takes an 11-digit national (or bis-) number, returns frozen records from
`registry.records` (never ORM objects) and returns None or an empty list when the registry does
not know the person.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from registry.records import (
    ActRecord,
    CohabitationRecord,
    FuneralWishesRecord,
    HouseholdRecord,
    MarriageRecord,
    NationalityRecord,
    PersonRecord,
    ResidenceRecord,
    VoterExclusionRecord,
)


class RegistryAdapter(ABC):
    @abstractmethod
    def get_person(self, national_number: str) -> PersonRecord | None:
        """Identity data (names, sex, possibly partial birth date, birth place, death date) and
        the current main-residence address."""

    @abstractmethod
    def get_household(self, national_number: str) -> HouseholdRecord | None:
        """The household the person belongs to today: its address, reference person and current
        members with their relation to the reference person."""

    @abstractmethod
    def get_address_history(self, national_number: str) -> list[ResidenceRecord]:
        """Every residence of the person, newest first (the current one has no end date)."""

    @abstractmethod
    def get_civil_status_acts(self, national_number: str, kind: str | None = None) -> list[ActRecord]:
        """Civil-status acts in which the person is a party, oldest first; `kind` filters on
        registry.choices.ActKind (birth, marriage, divorce, death)."""

    @abstractmethod
    def get_nationalities(self, national_number: str) -> list[NationalityRecord]:
        """All nationalities, past and present, oldest first."""

    @abstractmethod
    def get_voter_exclusions(self, national_number: str) -> list[VoterExclusionRecord]:
        """Suspensions of the right to vote, past and present."""

    @abstractmethod
    def get_legal_cohabitation(self, national_number: str) -> CohabitationRecord | None:
        """The current (not ended) declaration of legal cohabitation, if any."""

    @abstractmethod
    def get_funeral_wishes(self, national_number: str) -> FuneralWishesRecord | None:
        """The latest declaration of last wishes about the funeral, if any."""

    @abstractmethod
    def get_parents(self, national_number: str) -> list[PersonRecord]:
        """The person's legal parents known to the registry."""

    @abstractmethod
    def get_children(self, national_number: str) -> list[PersonRecord]:
        """The person's legal children known to the registry."""

    @abstractmethod
    def get_marriages(self, national_number: str) -> list[MarriageRecord]:
        """Every marriage of the person, seen from the person (the record names the other spouse)."""
