"""What the resident reads in the mailbox about a request, in their language."""
from django.utils import translation
from django.utils.translation import gettext as _


def message_for(request, event: str) -> tuple[str, str]:
    language = request.requester.preferred_language or "nl"
    with translation.override(language):
        name = request.certificate_type.name
        values = {"name": name, "reference": request.reference, "subject": request.subject_name}
        if event == "ready":
            return (_("Je attest is klaar: %(name)s") % values,
                    _("Je aanvraag %(reference)s is klaar. Het attest '%(name)s' over %(subject)s zit als PDF bij "
                      "dit bericht. Het draagt het elektronisch zegel van de stad; iedereen kan de echtheid "
                      "nagaan met de code onderaan het attest.") % values)
        if event == "refused":
            values["reason"] = request.decision_reason or ""
            return (_("Je aanvraag %(reference)s werd geweigerd") % values,
                    _("We kunnen het attest '%(name)s' over %(subject)s niet uitreiken.\n\n"
                      "Reden: %(reason)s\n\nHeb je vragen? Bel gratis 1777.") % values)
        if event == "info_requested":
            values["question"] = request.info_question or ""
            return (_("We hebben meer informatie nodig voor aanvraag %(reference)s") % values,
                    _("Voor het attest '%(name)s' over %(subject)s hebben we een vraag:\n\n"
                      "%(question)s\n\nAntwoord via 'Mijn aanvragen' op het Thuisloket.") % values)
    raise ValueError(f"unknown event {event!r}")
