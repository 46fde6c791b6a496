"""The words the wizard uses for what is asked: an act is an "akte", a criminal record an "uittreksel".

One sentence per question and family (not a noun glued into a sentence), so each language can phrase it.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from .types import Family

QUESTIONS = {
    Family.POPULATION_REGISTER: {
        "for_whom": _("Voor wie vraag je dit attest aan?"),
        "purpose": _("Waarvoor heb je het attest nodig?"),
        "recipient": _("Voor wie is het attest bestemd?"),
        "use_abroad": _("Gebruik je het attest in het buitenland?"),
        "abroad_country": _("Vul het land in waar je het attest gebruikt."),
        "delivery": _("Hoe wil je het attest ontvangen?"),
        "step_purpose": _("Doel en gebruik"),
    },
    Family.CIVIL_STATUS_ACT: {
        "for_whom": _("Voor wie vraag je deze akte aan?"),
        "purpose": _("Waarvoor heb je de akte nodig?"),
        "recipient": _("Voor wie is de akte bestemd?"),
        "use_abroad": _("Gebruik je de akte in het buitenland?"),
        "abroad_country": _("Vul het land in waar je de akte gebruikt."),
        "delivery": _("Hoe wil je de akte ontvangen?"),
        "step_purpose": _("Vorm en gebruik"),
    },
    Family.CRIMINAL_RECORD: {
        "for_whom": _("Voor wie vraag je dit uittreksel aan?"),
        "purpose": _("Waarvoor heb je het uittreksel nodig?"),
        "recipient": _("Voor wie is het uittreksel bestemd?"),
        "use_abroad": _("Gebruik je het uittreksel in het buitenland?"),
        "abroad_country": _("Vul het land in waar je het uittreksel gebruikt."),
        "delivery": _("Hoe wil je het uittreksel ontvangen?"),
        "step_purpose": _("Doel en gebruik"),
    },
}


def question(certificate_type, key: str):
    """The wording of ``key`` for this type's family (the register's words when the family is unknown)."""
    family = QUESTIONS.get(certificate_type.family, QUESTIONS[Family.POPULATION_REGISTER])
    return family[key]
