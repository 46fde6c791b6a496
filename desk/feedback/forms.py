"""The satisfaction form: yes/no, the reasons of the chosen branch, a text and "may we contact you"."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from desk.feedback.models import FeedbackReason
from desk.feedback.services import MAX_TEXT, visible_reasons

YES, NO = "ja", "nee"


class ReasonField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: FeedbackReason) -> str:
        return obj.label()


class FeedbackForm(forms.Form):
    satisfied = forms.ChoiceField(
        label=_("Ben je tevreden over hoe we je melding hebben afgehandeld?"),
        choices=[(YES, _("Ja, ik ben tevreden")), (NO, _("Nee, ik ben niet tevreden"))],
        widget=forms.RadioSelect, error_messages={"required": _("Kies ja of nee.")})
    reasons_yes = ReasonField(label=_("Als je tevreden bent: wat ging goed?"), queryset=FeedbackReason.objects.none(),
                              required=False, help_text=_("Kies er zoveel je wil."))
    reasons_no = ReasonField(label=_("Als je niet tevreden bent: wat ging er mis?"),
                             queryset=FeedbackReason.objects.none(), required=False,
                             help_text=_("Kies er zoveel je wil. Kies je niets, schrijf dan in de toelichting wat "
                                         "er misging."))
    text = forms.CharField(
        label=_("Toelichting"), required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat kunnen we beter doen? Schrijf hier geen rijksregisternummer of andere gevoelige "
                    "gegevens."))
    allows_contact = forms.ChoiceField(
        label=_("Mogen we je contacteren over je antwoord?"), required=False,
        choices=[(YES, _("Ja, dat mag")), (NO, _("Nee, liever niet"))], widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reasons_yes"].queryset = visible_reasons(True)
        self.fields["reasons_no"].queryset = visible_reasons(False)

    def clean(self):
        data = super().clean()
        answer = data.get("satisfied")
        if answer == YES and data.get("reasons_no"):
            self.add_error("reasons_no", _("Je koos 'ja, tevreden'. Kies dan alleen redenen bij 'wat ging goed'."))
        elif answer == NO and data.get("reasons_yes"):
            self.add_error("reasons_yes", _("Je koos 'nee, niet tevreden'. Kies dan alleen redenen bij 'wat ging "
                                            "er mis'."))
        elif answer == NO and not data.get("reasons_no") and not (data.get("text") or "").strip():
            self.add_error("reasons_no", _("Kies wat er misging, of schrijf het in de toelichting."))
        return data

    def answer(self) -> dict:
        """The cleaned answer, as desk.feedback.services.record_feedback takes it."""
        data = self.cleaned_data
        satisfied = data["satisfied"] == YES
        contact = data.get("allows_contact")
        return {
            "satisfied": satisfied,
            "reasons": list(data.get("reasons_yes" if satisfied else "reasons_no") or []),
            "text": data.get("text") or "",
            "allows_contact": None if not contact else contact == YES,
        }
