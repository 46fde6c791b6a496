"""What residents and followers read about their case, in their language (B1 Dutch by default)."""
from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from desk.states import EventKind, State


def _public_url(path: str) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def update_message(case, event, language: str, *, in_conversation: bool = False) -> tuple[str, str]:
    """Subject and body of the message about a public case event.

    ``in_conversation``: it goes into the resident's chat or WhatsApp conversation, not to an account.
    """
    with translation.override(language or "nl"):
        values = {"reference": case.reference, "title": case.display_title(), "text": event.text or ""}
        if event.kind == EventKind.CREATED:
            subject = _("We ontvingen je %(kind)s %(reference)s") % {**values, "kind": case.get_kind_display()}
            body = _("Bedankt. We ontvingen je bericht over '%(title)s' met referentie %(reference)s.") % values
            if case.resolution_due:
                body += "\n\n" + _("We laten je uiterlijk op %(date)s weten wat we ermee doen.") % {
                    "date": formats.date_format(timezone.localtime(case.resolution_due), "j F Y")}
            if case.category_id and case.category.handling_message:
                body += "\n\n" + case.category.handling_message
        elif event.kind == EventKind.MESSAGE_OUT:
            subject = _("Antwoord op %(reference)s") % values
            body = _("We beantwoordden je bericht over '%(title)s':\n\n%(text)s") % values
        elif event.kind == EventKind.STATE_CHANGED:
            values["state"] = State(event.to_state).label
            subject = _("Nieuwe status voor %(reference)s: %(state)s") % values
            body = _("Je dossier '%(title)s' (%(reference)s) heeft een nieuwe status: %(state)s.") % values
            if event.text:
                body += "\n\n" + event.text
        else:
            subject = _("Nieuws over %(reference)s") % values
            body = _("Er is nieuws over je dossier '%(title)s' (%(reference)s).") % values
            if event.text:
                body += "\n\n" + event.text
        if in_conversation:
            body += "\n\n" + _("We laten je hier weten als er nieuws is over je dossier.")
        else:
            body += "\n\n" + _("Je kan je dossier volgen via 'Mijn meldingen en vragen' op het Thuisloket.")
        return subject, body


def tracking_message(case, token: str, language: str) -> tuple[str, str]:
    with translation.override(language or "nl"):
        url = _public_url(reverse("desk:track", args=[token]))
        values = {"reference": case.reference, "title": case.display_title(), "url": url}
        return (_("Je melding %(reference)s: volg ze hier") % values,
                _("Bedankt voor je bericht over '%(title)s' (referentie %(reference)s).\n\n"
                  "Via deze persoonlijke link volg je wat we ermee doen en kan je reageren:\n%(url)s\n\n"
                  "Deel deze link niet: wie hem heeft, ziet je melding.") % values)


def forward_message(forward, token: str) -> tuple[str, str]:
    with translation.override("nl"):
        url = _public_url(reverse("desk:forward_answer", args=[token]))
        values = {"reference": forward.case.reference, "question": forward.question, "url": url,
                  "date": forward.expires_at.strftime("%d/%m/%Y") if forward.expires_at else ""}
        return (_("Vraag van de stad over %(reference)s") % values,
                _("De stad vraagt uw hulp bij dossier %(reference)s:\n\n%(question)s\n\n"
                  "Antwoord via deze link (geldig tot %(date)s):\n%(url)s") % values)
