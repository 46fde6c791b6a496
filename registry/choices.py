"""Value lists of the registry. Plain TextChoices, importable without a configured database
(the demo generator uses them in a process that has no registry tables)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("man")
    FEMALE = "F", _("vrouw")
    UNKNOWN = "X", _("onbekend")


class HouseholdRelation(models.TextChoices):
    """Relation of a household member to the household's reference person."""

    REFERENCE_PERSON = "reference_person", _("referentiepersoon")
    SPOUSE = "spouse", _("echtgeno(o)t(e)")
    LEGAL_COHABITANT = "legal_cohabitant", _("wettelijk samenwonende partner")
    PARTNER = "partner", _("partner")
    CHILD = "child", _("zoon of dochter")
    STEPCHILD = "stepchild", _("stiefzoon of stiefdochter")
    PARENT = "parent", _("vader of moeder")
    GRANDCHILD = "grandchild", _("kleinzoon of kleindochter")
    SIBLING = "sibling", _("broer of zus")
    OTHER_RELATIVE = "other_relative", _("ander familielid")
    UNRELATED = "unrelated", _("niet verwant")


class ActKind(models.TextChoices):
    BIRTH = "birth", _("geboorteakte")
    MARRIAGE = "marriage", _("huwelijksakte")
    DIVORCE = "divorce", _("akte van echtscheiding")
    DEATH = "death", _("overlijdensakte")


class ActRole(models.TextChoices):
    CHILD = "child", _("kind")
    MOTHER = "mother", _("moeder")
    FATHER = "father", _("vader")
    PARENT = "parent", _("ouder")
    SPOUSE = "spouse", _("echtgeno(o)t(e)")
    DECEASED = "deceased", _("overledene")
    DECLARANT = "declarant", _("aangever")
    WITNESS = "witness", _("getuige")


class MarriageEnd(models.TextChoices):
    DIVORCE = "divorce", _("echtscheiding")
    DEATH = "death", _("overlijden")


class Disposition(models.TextChoices):
    """How the remains are to be laid to rest (wijze van lijkbezorging)."""

    BURIAL = "burial", _("begraving")
    CREMATION_INTERMENT = "cremation_interment", _("crematie met bijzetting van de as")
    CREMATION_SCATTERING = "cremation_scattering", _("crematie met uitstrooiing van de as")
    CREMATION_KEPT = "cremation_kept", _("crematie met bewaring van de as")


class Ritual(models.TextChoices):
    NON_CONFESSIONAL = "non_confessional", _("niet-confessioneel")
    CATHOLIC = "catholic", _("katholiek")
    PROTESTANT = "protestant", _("protestants")
    ANGLICAN = "anglican", _("anglicaans")
    ORTHODOX = "orthodox", _("orthodox")
    ISLAMIC = "islamic", _("islamitisch")
    JEWISH = "jewish", _("israëlitisch")
    NONE = "none", _("geen ritueel")


class AccessRole(models.TextChoices):
    """On whose behalf registry data is read; every role but RESIDENT_SELF is audited."""

    RESIDENT_SELF = "resident_self", _("de inwoner zelf")
    RESIDENT_FOR_OTHER = "resident_for_other", _("een inwoner voor iemand anders")
    STAFF = "staff", _("een medewerker")
    SYSTEM = "system", _("het systeem")
    VOLUNTEER_ASSISTED = "volunteer_assisted", _("de inwoner, geholpen door een vrijwilliger")


class RelationKind(models.TextChoices):
    """Why someone may act for a subject."""

    SELF = "self", _("jezelf")
    PARENT_OF_MINOR = "parent_of_minor", _("je minderjarige kind")
    HEIR_CHILD = "heir_child", _("je overleden ouder (je bent erfgenaam)")
    HEIR_SPOUSE = "heir_spouse", _("je overleden echtgeno(o)t(e) (je bent erfgenaam)")


class DataCategory(models.TextChoices):
    """What kind of registry data a read concerned (shown in 'Wie raadpleegde mijn gegevens')."""

    PERSON = "person", _("persoonsgegevens")
    HOUSEHOLD = "household", _("gezinssamenstelling")
    ADDRESS_HISTORY = "address_history", _("adressen van vroeger")
    CIVIL_STATUS_ACTS = "civil_status_acts", _("akten van de burgerlijke stand")
    NATIONALITIES = "nationalities", _("nationaliteit")
    VOTER_STATUS = "voter_status", _("kiezerstatus")
    LEGAL_COHABITATION = "legal_cohabitation", _("wettelijke samenwoning")
    FUNERAL_WISHES = "funeral_wishes", _("wilsverklaring over de uitvaart")
