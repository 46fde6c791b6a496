"""Printable step-by-step guides for the tasks volunteers help with most (plain Dutch, B1)."""
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    intro: str
    steps: tuple
    need: str = ""


GUIDES = {
    guide.slug: guide
    for guide in (
        Guide(
            slug="gezinssamenstelling",
            title=_("Een gezinssamenstelling aanvragen"),
            intro=_("Een gezinssamenstelling toont wie er op je adres woont. "
                    "Je krijgt ze als PDF in je berichten."),
            need=_("Je identiteitskaart en je pincode, of de app itsme op je smartphone."),
            steps=(
                _("Klik bovenaan op 'Aanmelden'."),
                _("Klik op 'Aanmelden met eID of itsme' en meld je aan."),
                _("Klik op 'Een attest aanvragen'."),
                _("Zoek 'Gezinssamenstelling' en klik op 'Aanvragen'."),
                _("Beantwoord de vragen. Klik telkens op 'Volgende'."),
                _("Kijk alles na en klik op 'Aanvraag versturen'."),
                _("Het attest komt in 'Mijn berichten'. Meestal duurt dat maar een paar minuten."),
            ),
        ),
        Guide(
            slug="iets-melden",
            title=_("Een probleem melden"),
            intro=_("Een kapotte straatlamp, een sluikstort of een put in de weg? "
                    "Meld het aan de stad. Aanmelden hoeft niet."),
            steps=(
                _("Klik bovenaan op 'Melden of vragen'."),
                _("Klik op 'Iets melden'."),
                _("Kies waarover het gaat."),
                _("Schrijf bij 'Wat is er aan de hand?' wat je zag."),
                _("Duid de plaats aan op de kaart, of typ het adres."),
                _("Wil je een foto toevoegen? Dat mag, het hoeft niet."),
                _("Klik op 'Verstuur'. Je krijgt een nummer. Daarmee volg je je melding."),
            ),
        ),
        Guide(
            slug="berichten-lezen",
            title=_("Je berichten lezen"),
            intro=_("De stad stuurt je attesten en brieven naar je berichten in het Thuisloket."),
            need=_("Je identiteitskaart en je pincode, of de app itsme op je smartphone."),
            steps=(
                _("Klik bovenaan op 'Aanmelden' en meld je aan met eID of itsme."),
                _("Klik bovenaan op 'Mijn berichten'. Het getal toont hoeveel berichten nieuw zijn."),
                _("Klik op een bericht om het te lezen."),
                _("Een document open je met 'Openen in de browser'."),
                _("Wil je het op papier? Druk het af met Ctrl+P."),
            ),
        ),
    )
}
