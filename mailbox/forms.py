from django import forms
from django.utils.translation import gettext_lazy as _


class PreferencesForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres"), required=False, max_length=254,
        help_text=_("We sturen alleen een korte melding dat er een nieuw bericht is, nooit de inhoud."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    notify_by_email = forms.BooleanField(
        label=_("Stuur me een e-mail als er een nieuw bericht is"), required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("notify_by_email") and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Vul je e-mailadres in als je een e-mail wilt krijgen."))
        return cleaned
