from django import forms
from django.utils.translation import gettext_lazy as _

from ..models_assist import AssistPurpose

EXAMPLE_PLACE = _("Bijvoorbeeld: Bibliotheek Centrum, computer 3.")


class StartAssistedSessionForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Waarmee help je?"), choices=AssistPurpose.choices,
                                widget=forms.RadioSelect,
                                error_messages={"required": _("Kies waarmee je helpt.")})
    location = forms.CharField(label=_("Waar help je?"), help_text=EXAMPLE_PLACE, max_length=200, required=False)


class EnrolComputerForm(forms.Form):
    label = forms.CharField(label=_("Naam van deze computer"), help_text=EXAMPLE_PLACE, max_length=200,
                            error_messages={"required": _("Geef deze computer een naam.")})
