from django import forms
from django.utils.translation import gettext_lazy as _

from .. import nrn


class StaffPasswordForm(forms.Form):
    username = forms.CharField(
        label=_("Gebruikersnaam"), max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none",
                                      "spellcheck": "false", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class _CodeField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("widget", forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True,
            "autocapitalize": "none", "spellcheck": "false", "class": "code-input",
        }))
        super().__init__(**kwargs)


class VerifyCodeForm(forms.Form):
    code = _CodeField(
        label=_("Code"),
        help_text=_("De 6 cijfers uit je authenticator-app, of een van je reservecodes."),
    )


class EnrolConfirmForm(forms.Form):
    code = _CodeField(
        label=_("Code uit de app"),
        max_length=7,
        help_text=_("Typ de 6 cijfers die de app nu toont."),
    )


LOOKUP_REASONS = [
    # (stable code, text for the audit trail — kept in Dutch, the language of the administration)
    ("attest", _("Aanvraag attest")),
    ("loket", _("Vraag van de inwoner aan het loket")),
    ("adrescontrole", _("Controle adres")),
    ("andere", _("Andere")),
]
AUDIT_REASON_TEXT = {
    "attest": "aanvraag attest",
    "loket": "vraag van de inwoner aan het loket",
    "adrescontrole": "controle adres",
    "andere": "andere",
}


class RegisterLookupForm(forms.Form):
    national_number = forms.CharField(
        label=_("Rijksregisternummer of bisnummer"), max_length=20,
        help_text=_("Bijvoorbeeld 85.07.30-033.28 of 85073003328."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )
    reason = forms.ChoiceField(
        label=_("Reden van de raadpleging"), choices=[("", _("Kies een reden"))] + LOOKUP_REASONS,
        help_text=_("Elke raadpleging wordt bewaard met deze reden. De inwoner kan ze inkijken."),
    )
    reason_detail = forms.CharField(
        label=_("Toelichting"), max_length=200, required=False,
        help_text=_("Bijvoorbeeld het dossiernummer. Verplicht bij 'Andere'."),
    )

    def clean_national_number(self):
        try:
            return nrn.validate(self.cleaned_data["national_number"])
        except nrn.InvalidNationalNumber:
            raise forms.ValidationError(
                _("Dit is geen geldig rijksregisternummer of bisnummer. Controleer de cijfers."),
                code="invalid_nrn",
            ) from None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == "andere" and not (cleaned.get("reason_detail") or "").strip():
            self.add_error("reason_detail", _("Geef een toelichting als je 'Andere' kiest."))
        return cleaned

    def purpose(self) -> str:
        """The reason as it goes into the audit trail."""
        text = AUDIT_REASON_TEXT[self.cleaned_data["reason"]]
        detail = (self.cleaned_data.get("reason_detail") or "").strip()
        return f"{text}: {detail}" if detail else text
