from django import forms
from django.conf import settings

from . import personas
from .profiles import MEANS, PROFILES


def _persona_label(persona: personas.Persona) -> str:
    if persona.national_number and len(persona.national_number) == 11:
        n = persona.national_number
        number = f"{n[0:2]}.{n[2:4]}.{n[4:6]}-{n[6:9]}.{n[9:11]}"
    else:
        number = "geen rijksregisternummer"
    name = f"{persona.given_name} {persona.family_name}".strip()
    return f"{name} ({number}): {persona.description}" if persona.description else f"{name} ({number})"


class LoginForm(forms.Form):
    persona = forms.ChoiceField(label="Wie meldt zich aan?", widget=forms.RadioSelect)
    means = forms.ChoiceField(
        label="Digitale sleutel", widget=forms.RadioSelect, choices=list(MEANS.items()), initial="eid"
    )
    profile = forms.ChoiceField(
        label="Claimprofiel (welke identiteitsprovider wordt nagebootst)",
        widget=forms.RadioSelect,
        choices=[(key, profile.label) for key, profile in PROFILES.items()],
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, full_profile=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.personas = {persona.key: persona for persona in personas.all_personas()}
        self.fields["persona"].choices = [(key, _persona_label(p)) for key, p in self.personas.items()]
        self.fields["persona"].initial = next(iter(self.personas), None)
        default_profile = getattr(settings, "DEVIDP_DEFAULT_PROFILE", "fas")
        self.fields["profile"].initial = default_profile if default_profile in PROFILES else "fas"
        if full_profile:
            self.fields["profile"].initial = "itsme"  # the client speaks itsme's full profile

    def clean(self):
        cleaned = super().clean()
        profile, means = cleaned.get("profile"), cleaned.get("means")
        if profile and means and means not in PROFILES[profile].acr:
            self.add_error(
                "means",
                f"{PROFILES[profile].label} kent geen aanmelding met '{MEANS[means]}'. "
                "Kies een andere sleutel.",
            )
        return cleaned

    @property
    def chosen_persona(self) -> personas.Persona:
        return self.personas[self.cleaned_data["persona"]]
