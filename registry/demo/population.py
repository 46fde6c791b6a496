"""The demo population as a whole: built once per year and cached, and the personas offered for signing in."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from registry.demo.builder import RecordBuilder
from registry.demo.curated import add_curated_cases
from registry.demo.data import MIN_HOUSEHOLDS, MIN_LIVING_RESIDENTS
from registry.demo.households import add_extras, add_random_household
from registry.demo.records import DemoPopulation


class PopulationBuilder(RecordBuilder):
    """The curated cases first, then random households until the city is large enough."""

    def build(self) -> DemoPopulation:
        """Build the whole population (uncached: :func:`build_population` keeps one per year)."""
        add_curated_cases(self)
        while (
            len([p for p in self.persons.values() if p.death_date is None]) < MIN_LIVING_RESIDENTS
            or len(self.households) < MIN_HOUSEHOLDS
        ):
            add_random_household(self)
        add_extras(self)
        return DemoPopulation(
            reference_year=self.year,
            persons=list(self.persons.values()),
            nationalities=self.nationalities,
            residences=self.residences,
            households=self.households,
            parentages=self.parentages,
            acts=self.acts,
            marriages=self.marriages,
            cohabitations=self.cohabitations,
            voter_exclusions=self.voter_exclusions,
            funeral_wishes=self.funeral_wishes,
            personas=self.personas,
        )


@lru_cache(maxsize=4)
def _population_for_year(year: int) -> DemoPopulation:
    return PopulationBuilder(year).build()


def build_population(today: date | None = None) -> DemoPopulation:
    """The demo population as of `today` (default: the real today). Same year, same population.

    Treat the result as read-only: it is cached per year."""
    return _population_for_year((today or date.today()).year)


def sign_in_personas(today: date | None = None) -> list[dict]:
    """Living demo residents offered on the development identity provider's login page.

    Each dict: national_number (11 digits), given_name, family_name, birth_date (date or None
    when the birth day or month is unknown), description (Dutch). Pure: no database access."""
    return [dict(persona) for persona in build_population(today).personas]
