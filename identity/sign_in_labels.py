"""Sign-in values as staff read them: "eID (hoog)" instead of ``urn:be:fedict:iam:fas:Level500``.

One mapping for every page and the admin (identity.oidc.assurance.KNOWN_ACRS knows each acr's level and
means); the raw value stays visible only for an acr we do not know, because then it is the only clue.
"""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from .oidc import assurance

LEVEL_LABELS = {
    # A context of their own: "hoog" is also a priority, and French needs other words for each.
    assurance.HIGH: pgettext_lazy("betrouwbaarheidsniveau", "hoog"),
    assurance.SUBSTANTIAL: pgettext_lazy("betrouwbaarheidsniveau", "substantieel"),
    assurance.LOW: pgettext_lazy("betrouwbaarheidsniveau", "laag"),
}

MEANS_LABELS = {
    assurance.EID: gettext_lazy("eID"),
    assurance.ITSME: gettext_lazy("itsme"),
    assurance.APP_CODE: gettext_lazy("code in een app"),
    assurance.SMS_CODE: gettext_lazy("sms-code"),
    assurance.SECURITY_CODE: gettext_lazy("beveiligingscode"),
    assurance.PASSWORD: gettext_lazy("gebruikersnaam en wachtwoord"),
    assurance.SELF_REGISTERED: gettext_lazy("zelfregistratie"),
    assurance.EIDAS: gettext_lazy("Europese eID"),
}


def describe_acr(acr: str | None) -> str:
    """The means and level of a sign-in in plain words, e.g. "itsme (hoog)"; "—" when there is none."""
    if not acr:
        return "—"
    known = assurance.KNOWN_ACRS.get(acr)
    if known is None:
        return _("onbekend aanmeldmiddel (%(acr)s)") % {"acr": acr}
    level, means = known
    return _("%(means)s (%(level)s)") % {"means": MEANS_LABELS[means], "level": LEVEL_LABELS[level]}
