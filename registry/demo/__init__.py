"""A deterministic demo population for "Stad Voorbeeld" (postcode 9999).

Pure Python: no database access, so the development identity provider can import
`sign_in_personas()` in its own process. Ages are relative to the current year (passed in
or `date.today()`), so minors stay minors and adults stay adults whatever year the demo runs:
the same year always gives the same population, national numbers included. Every event
(birth, move, marriage, death) lies in an earlier year than the reference year, so nothing
is ever in the future.

The package: ``data`` (the declared names, streets and places), ``records`` (the shape of each record),
``builder`` (the building blocks), ``curated`` (the sign-in personas and their families), ``households``
(the rest of the city) and ``population`` (the whole, cached per year). Callers use ``registry.demo``.
"""

from registry.demo.data import CITY, POSTCODE, STREETS
from registry.demo.population import PopulationBuilder, build_population, sign_in_personas
from registry.demo.records import DemoPopulation, national_number_for

__all__ = ["CITY", "POSTCODE", "STREETS", "DemoPopulation", "PopulationBuilder", "build_population",
           "national_number_for", "sign_in_personas"]
