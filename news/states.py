"""The vocabulary of the news channel: kinds, statuses and the allowed moves, channels, CAP values.

Transitions are data (like desk.states): ``TRANSITIONS`` says which action may move a post from which
status to which, and news.services.post_events.move_status is the only code that applies them.
"""
from django.db import models
from django.utils.translation import gettext_lazy as _

from common.statemachine import StateMachine

LANGUAGES = ("nl", "fr", "en")
TRANSLATED_LANGUAGES = ("fr", "en")
# CAP <language> per portal language (RFC 3066 tags; Belgian Dutch and French, English without a region).
CAP_LANGUAGES = {"nl": "nl-BE", "fr": "fr-BE", "en": "en"}


class Kind(models.TextChoices):
    NEWS = "news", _("Nieuws")
    SERVICE = "service", _("Dienstverlening")
    CRISIS = "crisis", _("Crisis")


class Status(models.TextChoices):
    DRAFT = "draft", _("Concept")
    IN_REVIEW = "in_review", _("Wacht op nakijken")
    APPROVED = "approved", _("Goedgekeurd")
    SCHEDULED = "scheduled", _("Ingepland")
    PUBLISHED = "published", _("Gepubliceerd")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


class Action(models.TextChoices):
    """What happened to a post (PostEvent.action); the workflow actions are also TRANSITIONS keys."""

    CREATED = "created", _("aangemaakt")
    EDITED = "edited", _("bewerkt")
    SUBMITTED = "submitted", _("ter nakijken aangeboden")
    SENT_BACK = "sent_back", _("teruggestuurd naar concept")
    APPROVED = "approved", _("goedgekeurd")
    SCHEDULED = "scheduled", _("ingepland")
    UNSCHEDULED = "unscheduled", _("uit de planning gehaald")
    PUBLISHED = "published", _("gepubliceerd")
    FAST_LANE = "fast_lane", _("meteen gepubliceerd (crisisprocedure)")
    SECOND_CHECK = "second_check", _("tweede controle bevestigd")
    CORRECTED = "corrected", _("verbeterd na publicatie")
    WITHDRAWN = "withdrawn", _("ingetrokken")
    EXPIRED = "expired", _("crisis verlopen")
    ENDED = "ended", _("crisis beëindigd of bijgewerkt")
    PUBLISH_FAILED = "publish_failed", _("publiceren mislukt")
    WHATSAPP_DONE = "whatsapp_done", _("op het WhatsApp-kanaal gezet")
    CHANNEL = "channel", _("kanaal")


# action → (from statuses, to status)
TRANSITIONS = StateMachine.by_action({
    Action.SUBMITTED: (frozenset({Status.DRAFT}), Status.IN_REVIEW),
    Action.SENT_BACK: (frozenset({Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED}), Status.DRAFT),
    Action.APPROVED: (frozenset({Status.IN_REVIEW}), Status.APPROVED),
    Action.SCHEDULED: (frozenset({Status.APPROVED}), Status.SCHEDULED),
    Action.UNSCHEDULED: (frozenset({Status.SCHEDULED}), Status.APPROVED),
    Action.PUBLISHED: (frozenset({Status.APPROVED, Status.SCHEDULED}), Status.PUBLISHED),
    # The crisis fast lane: straight from a concept (or from review) to published, checked afterwards.
    Action.FAST_LANE: (frozenset({Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED}),
                       Status.PUBLISHED),
    Action.WITHDRAWN: (frozenset({Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED,
                                  Status.PUBLISHED}), Status.WITHDRAWN),
})
EDITABLE = frozenset({Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.SCHEDULED})



class Channel(models.TextChoices):
    PAGE = "page", _("Nieuwspagina")
    ATOM = "atom", _("Atom-feed")
    PUSH = "push", _("Webpush")
    EMAIL = "email", _("E-mail")
    CAP = "cap", _("CAP-feed (alleen crisis)")
    WHATSAPP = "whatsapp", _("WhatsApp-kanaal (met de hand)")


DEFAULT_CHANNELS = [Channel.PAGE, Channel.ATOM, Channel.PUSH, Channel.EMAIL]
CRISIS_CHANNELS = [Channel.PAGE, Channel.ATOM, Channel.PUSH, Channel.EMAIL, Channel.CAP]


class MsgType(models.TextChoices):
    ALERT = "Alert", _("Nieuwe waarschuwing")
    UPDATE = "Update", _("Update van een waarschuwing")
    CANCEL = "Cancel", _("Einde van de waarschuwing (alles veilig)")


class Severity(models.TextChoices):
    EXTREME = "Extreme", _("Extreem: buitengewoon gevaar voor leven of bezit")
    SEVERE = "Severe", _("Ernstig: groot gevaar voor leven of bezit")
    MODERATE = "Moderate", _("Matig: mogelijk gevaar voor leven of bezit")
    MINOR = "Minor", _("Klein: weinig of geen gevaar")
    UNKNOWN = "Unknown", _("Onbekend")


class Urgency(models.TextChoices):
    IMMEDIATE = "Immediate", _("Meteen: nu handelen")
    EXPECTED = "Expected", _("Verwacht: binnen het uur handelen")
    FUTURE = "Future", _("Later: in de nabije toekomst handelen")
    PAST = "Past", _("Voorbij: niet meer nodig")
    UNKNOWN = "Unknown", _("Onbekend")


class Certainty(models.TextChoices):
    OBSERVED = "Observed", _("Vastgesteld")
    LIKELY = "Likely", _("Waarschijnlijk")
    POSSIBLE = "Possible", _("Mogelijk")
    UNLIKELY = "Unlikely", _("Onwaarschijnlijk")
    UNKNOWN = "Unknown", _("Onbekend")


class CapCategory(models.TextChoices):
    SAFETY = "Safety", _("Veiligheid (algemeen)")
    FIRE = "Fire", _("Brand")
    MET = "Met", _("Weer (storm, hitte, overstroming door regen)")
    ENV = "Env", _("Milieu (vervuiling)")
    HEALTH = "Health", _("Gezondheid")
    INFRA = "Infra", _("Nutsvoorzieningen (gas, water, stroom)")
    TRANSPORT = "Transport", _("Verkeer en vervoer")
    CBRNE = "CBRNE", _("Chemisch, biologisch, nucleair of explosief")
    SECURITY = "Security", _("Openbare orde")
    RESCUE = "Rescue", _("Redding")
    GEO = "Geo", _("Aardbeving of andere geofysische gebeurtenis")
    OTHER = "Other", _("Andere")


class ResponseType(models.TextChoices):
    SHELTER = "Shelter", _("Blijf binnen: ramen en deuren dicht")
    EVACUATE = "Evacuate", _("Verlaat het gebied")
    PREPARE = "Prepare", _("Maak je klaar")
    AVOID = "Avoid", _("Vermijd het gebied")
    MONITOR = "Monitor", _("Volg de berichten")
    ASSESS = "Assess", _("Beoordeel de toestand")
    ALL_CLEAR = "AllClear", _("Alles veilig")
    NONE = "None", _("Geen actie nodig")


class AreaShape(models.TextChoices):
    CITY = "city", _("De hele stad")
    CIRCLE = "circle", _("Een cirkel rond een punt")
    POLYGON = "polygon", _("Een veelhoek (punten)")


# Words a post's slug may not take: news/urls.py has pages of their own there.
RESERVED_SLUGS = frozenset({"volgen", "inschrijven", "bevestigen", "bevestigd", "afmelden", "feed", "crisis", "cap",
                            "push"})

# The fixed set of reactions (C6): an identifier (forms, URLs, the database) → the emoji.
REACTIONS = {
    "thumbs_up": "👍",
    "heart": "❤️",
    "surprised": "😮",
    "sad": "😢",
    "thanks": "🙏",
}
REACTION_LABELS = {
    "thumbs_up": _("Duim omhoog"),
    "heart": _("Hartje"),
    "surprised": _("Verrast"),
    "sad": _("Verdrietig"),
    "thanks": _("Dankjewel"),
}
