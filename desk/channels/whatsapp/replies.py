"""What the WhatsApp adapter tells residents by itself, in the conversation's language (the caller sets it)."""
from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _


def portal_url() -> str:
    """The secure portal residents are pointed to for what does not belong in WhatsApp."""
    return (settings.WHATSAPP_PORTAL_URL or settings.PUBLIC_BASE_URL or "").rstrip("/") + "/"


def standing_notice() -> str:
    """The first answer in a new conversation: we answer on working days; send no privacy-sensitive data here."""
    return _("Bedankt voor je bericht aan %(city)s. We antwoorden zo snel mogelijk, op werkdagen. Stuur geen "
             "privacygevoelige gegevens via WhatsApp, zoals je rijksregisternummer, bankgegevens of informatie "
             "over je gezondheid. Daarvoor gebruik je het beveiligde Thuisloket: %(url)s"
             ) % {"city": settings.CITY_NAME, "url": portal_url()}


def privacy_reply() -> str:
    """The answer to a message in which a national, bank or card number was masked."""
    return _("Je bericht bevat een rijksregisternummer, rekeningnummer of kaartnummer. Stuur zulke gegevens niet "
             "via WhatsApp. We hebben het nummer onleesbaar gemaakt. Hebben we het nodig voor je vraag? Gebruik dan "
             "het beveiligde Thuisloket: %(url)s") % {"url": portal_url()}


def unsupported_reply() -> str:
    """The answer to a document, voice message, video or other kind we do not accept."""
    return _("Via WhatsApp kunnen we alleen tekst, foto's en locaties ontvangen. Een document, spraakbericht of "
             "video stuur je via het beveiligde Thuisloket: %(url)s") % {"url": portal_url()}


def photo_refused_reply(reason: str) -> str:
    """The answer to a photo the checks refused, with the reason."""
    return _("We konden je foto niet gebruiken. %(reason)s") % {"reason": reason}


def photo_lost_reply() -> str:
    """The answer to a photo that could not be downloaded from Meta."""
    return _("Je foto is niet goed bij ons aangekomen. Wil je hem nog eens sturen?")

