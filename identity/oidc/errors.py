from django.utils.translation import gettext_lazy as _


class SignInRefused(Exception):
    """A sign-in that must not go through; ``reason`` selects the page the resident sees."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# What the resident reads for each reason, with the HTTP status of the page.
REASONS = {
    "cancelled": (400, _("Je hebt het aanmelden afgebroken."),
                  _("Er is niets veranderd. Je kunt opnieuw aanmelden wanneer je wilt.")),
    "idp_error": (502, _("Het aanmelden is niet gelukt bij de aanmeldingsdienst."),
                  _("Probeer het over enkele minuten opnieuw. Lukt het dan nog niet, bel dan 1777.")),
    "state_unknown": (400, _("Deze aanmeldpoging is verlopen of al gebruikt."),
                      _("Dat gebeurt als je de knop 'terug' gebruikt, een oud tabblad opent of te lang wacht. "
                        "Start het aanmelden opnieuw.")),
    "token_invalid": (403, _("We konden niet controleren wie je bent."),
                      _("Het antwoord van de aanmeldingsdienst was niet geldig. Je bent niet aangemeld. "
                        "Probeer het opnieuw.")),
    "nrn_missing": (403, _("We kregen je rijksregisternummer niet."),
                    _("Om je gegevens te tonen hebben we je rijksregisternummer nodig. Meld je aan met je "
                      "identiteitskaart (eID) of itsme en geef toestemming om je rijksregisternummer te delen.")),
    "nrn_invalid": (403, _("Je rijksregisternummer is niet geldig."),
                    _("De aanmeldingsdienst gaf een rijksregisternummer dat niet klopt. Neem contact op met "
                      "de dienst Burgerzaken (1777).")),
    "acr_too_low": (403, _("Deze manier van aanmelden is niet veilig genoeg."),
                    _("Meld je aan met je identiteitskaart (eID), itsme of een beveiligingscode uit een app. "
                      "Een gebruikersnaam met wachtwoord alleen is niet genoeg voor je persoonlijke gegevens.")),
    "provider_unavailable": (503, _("Aanmelden lukt nu even niet."),
                             _("De aanmeldingsdienst antwoordt niet. Probeer het over enkele minuten opnieuw.")),
    "failed": (403, _("Het aanmelden is niet gelukt."), _("Probeer het opnieuw.")),
}
