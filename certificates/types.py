"""The registry of certificate types: each type is one declaration (plus one document template).

Adding a 17th type is a ``register(CertificateType(...))`` in ``certificates/catalogue/`` and a template
in ``templates/certificates/documents/``; nothing else changes. Declarations do no I/O.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Family(models.TextChoices):
    POPULATION_REGISTER = "population_register", _("Uittreksels uit de bevolkingsregisters")
    CIVIL_STATUS_ACT = "civil_status_act", _("Akten van de burgerlijke stand")
    CRIMINAL_RECORD = "criminal_record", _("Uittreksel uit het strafregister")


class ForWhom(models.TextChoices):
    """Who the certificate is about, seen from the requester."""

    SELF = "self", _("voor mezelf")
    MINOR_CHILD = "minor_child", _("voor mijn minderjarig kind")
    DECEASED_RELATIVE = "deceased_relative", _("voor een overleden familielid (ik ben erfgenaam)")
    PROXY = "proxy", _("voor iemand die me een volmacht gaf")
    ANYONE = "anyone", _("voor iemand anders (openbare akte)")


class Policy(models.TextChoices):
    """How a request is decided: issued at once when the rules allow, otherwise by staff."""

    AUTOMATIC = "automatic", _("meteen uitgereikt")
    STAFF = "staff", _("na controle door een medewerker")


class ActFormat(models.TextChoices):
    EXTRACT = "extract", _("uittreksel")
    COPY = "copy", _("afschrift (volledige kopie)")
    MULTILINGUAL = "multilingual", _("meertalig uittreksel (EU-formulier)")


@dataclass(frozen=True)
class CertificateType:
    code: str  # stable identifier, e.g. "household_composition"
    number: int  # position in the catalogue (1..16)
    family: str  # Family
    names: dict[str, str]  # {"nl": …, "fr": …, "en": …}
    description: Any  # plain-language description (gettext_lazy)
    what_you_need: Any  # "wat heb je nodig?" (gettext_lazy)
    for_whom: tuple[str, ...]  # ForWhom values this type may be asked for
    policy: str  # Policy: AUTOMATIC means automatic *when* the request is for oneself with a strong sign-in
    template: str  # document template under templates/
    gather: Callable[..., dict]  # gather(subject_number, *, access, request) -> context for the template
    validity_days: int | None = 90  # how long the document may be used; None = no limit printed
    act_kind: str = ""  # registry.choices.ActKind for civil-status acts
    formats: tuple[str, ...] = ()  # ActFormat values offered (acts)
    asks_purpose: bool = False  # purpose/recipient step (criminal-record model, "met het oog op …")
    purposes: tuple[tuple[str, Any], ...] = ()  # fixed purposes offered, if any
    public_after_years: int | None = None  # acts become public after 100/75/50 years
    # What the register must say about the subject (certificates.eligibility): checked before submit.
    eligibility: tuple[Callable[..., Any], ...] = ()
    cost_cents: int = 0  # what the resident pays (0: free); shown in the catalogue
    handling_days: int = 2  # working days burgerzaken take when a member of staff decides
    summary: Any = ""  # one line for the catalogue card (gettext_lazy); the description is the longer text
    extra: dict = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The name in the current language (Dutch when no translation exists)."""
        return self.names.get((get_language() or "nl")[:2], self.names["nl"])

    def allows(self, for_whom: str) -> bool:
        return for_whom in self.for_whom

    @property
    def only_for_self(self) -> bool:
        return tuple(self.for_whom) == (ForWhom.SELF,)

    @property
    def cost_text(self) -> str:
        if not self.cost_cents:
            return _("Gratis")
        return _("€ %(amount)s") % {"amount": f"{self.cost_cents / 100:.2f}".replace(".", ",")}

    @property
    def delivery_text(self) -> str:
        """When the resident can expect it, in plain words (the catalogue and the request page)."""
        if self.issued_at_once and self.only_for_self:
            return _("Meteen klaar")
        if self.issued_at_once:  # for someone else a member of staff looks first
            return _("Voor jezelf meteen, anders binnen %(days)s werkdagen") % {"days": self.handling_days}
        return _("Binnen %(days)s werkdagen") % {"days": self.handling_days}

    @property
    def issued_at_once(self) -> bool:
        """Issued without a member of staff when asked for oneself with a strong sign-in."""
        return self.policy == Policy.AUTOMATIC and ForWhom.SELF in self.for_whom


_TYPES: dict[str, CertificateType] = {}


def register(certificate_type: CertificateType) -> CertificateType:
    if certificate_type.code in _TYPES:
        raise ValueError(f"certificate type {certificate_type.code!r} is declared twice")
    _TYPES[certificate_type.code] = certificate_type
    return certificate_type


def get(code: str) -> CertificateType:
    return _TYPES[code]


def exists(code: str) -> bool:
    return code in _TYPES


def all_types() -> list[CertificateType]:
    return sorted(_TYPES.values(), key=lambda t: t.number)
