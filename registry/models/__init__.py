from .addresses import Address, Household, HouseholdMembership, Residence
from .audit import AccessRecord
from .civil_status import ActParty, CivilStatusAct, LegalCohabitation, Marriage
from .persons import FuneralWishes, Nationality, Parentage, Person, VoterExclusion

__all__ = [
    "AccessRecord",
    "ActParty",
    "Address",
    "CivilStatusAct",
    "FuneralWishes",
    "Household",
    "HouseholdMembership",
    "LegalCohabitation",
    "Marriage",
    "Nationality",
    "Parentage",
    "Person",
    "Residence",
    "VoterExclusion",
]
