"""Forms of the chat: the visitor's message, the left message outside office hours, ending a chat, and the
agent's actions on a live conversation. Thin: desk.cases.services and desk.channels.chat.services decide and save."""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from desk.cases.forms.staff import ActionForm, CategoryChoiceField, DepartmentChoiceField
from desk.routing.models import CannedAnswer, Category, Department
from desk.states import Kind

EMAIL_INVALID = _("Typ een e-mailadres zoals naam@voorbeeld.be.")
STAFF_KINDS = (Kind.QUESTION, Kind.REPORT, Kind.SUGGESTION, Kind.COMPLAINT)


def _message_field(label, *, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label, help_text=help_text, strip=True, widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": _("Typ eerst je bericht.")})


def _limit_length(field: forms.CharField) -> None:
    """CHAT_MAX_MESSAGE_LENGTH as it is now (settings can change after import, e.g. in tests)."""
    from django.core.validators import MaxLengthValidator

    limit = settings.CHAT_MAX_MESSAGE_LENGTH
    field.max_length = limit
    field.widget.attrs["maxlength"] = str(limit)
    field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator)]
    field.validators.append(MaxLengthValidator(limit, message=_(
        "Je bericht is te lang: maximaal %(limit_value)d tekens. Verstuur het in twee delen.")))


def _email_field(*, required: bool, help_text) -> forms.EmailField:
    return forms.EmailField(
        label=_("Je e-mailadres"), required=required, max_length=254, help_text=help_text,
        error_messages={"invalid": EMAIL_INVALID,
                        "required": _("Geef je e-mailadres: anders kunnen we je niet antwoorden.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class MessageForm(forms.Form):
    """A chat message. The first message of someone not signed in may carry a name and an e-mail address."""

    name = forms.CharField(label=_("Je naam"), required=False, max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = _email_field(required=False, help_text=_("Dan sturen we je het antwoord en het verslag van het gesprek, "
                                                     "ook als je deze pagina sluit."))
    body = _message_field(_("Je bericht"))

    def __init__(self, *args, with_contact: bool = False, **kwargs):
        kwargs.setdefault("auto_id", "chat_%s")
        super().__init__(*args, **kwargs)
        _limit_length(self.fields["body"])
        if not with_contact:
            del self.fields["name"]
            del self.fields["email"]


class LeaveMessageForm(forms.Form):
    """Outside office hours: a message that becomes a question for the contact centre."""

    name = forms.CharField(label=_("Je naam"), required=False, max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = _email_field(required=True, help_text=_("We sturen ons antwoord naar dit adres."))
    subject = forms.CharField(label=_("Onderwerp"), max_length=200,
                              help_text=_("In een paar woorden, bijvoorbeeld: afspraak voor een identiteitskaart."),
                              error_messages={"required": _("Geef je bericht een onderwerp.")})
    body = _message_field(_("Je bericht"), rows=6,
                          help_text=_("Stuur geen rijksregisternummer, medische of financiële gegevens."))

    def __init__(self, *args, signed_in: bool = False, **kwargs):
        kwargs.setdefault("auto_id", "leave_%s")
        super().__init__(*args, **kwargs)
        _limit_length(self.fields["body"])
        self.fields["body"].error_messages["required"] = _("Schrijf je vraag of je bericht.")
        if signed_in:  # the answer goes to their mailbox, like every case of a signed-in resident
            del self.fields["name"]
            del self.fields["email"]


class EndForm(forms.Form):
    """Ending a chat: someone not signed in may give (or correct) the address for the transcript."""

    email = _email_field(required=False, help_text=_("Dan sturen we je het verslag van dit gesprek."))

    def __init__(self, *args, with_email: bool = True, **kwargs):
        kwargs.setdefault("auto_id", "end_%s")
        super().__init__(*args, **kwargs)
        if not with_email:
            del self.fields["email"]


# ------------------------------------------------------------------------------------------------ staff


class CannedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


def chat_canned_answers():
    """Standard answers an agent can use in a chat: the ones not tied to a category or a case status."""
    return CannedAnswer.objects.filter(is_active=True).filter(Q(category__isnull=True)).order_by("title")


class AnswerForm(ActionForm):
    id_prefix = "answer"

    canned = CannedChoiceField(
        label=_("Standaardantwoord"), queryset=CannedAnswer.objects.none(), required=False, empty_label=_("Geen"),
        help_text=_("Kies een standaardantwoord en klik op ‘Gebruik’: de tekst komt in het tekstvak, in de taal van "
                    "de inwoner. Je kan hem daarna nog aanpassen."))
    body = forms.CharField(label=_("Antwoord aan de inwoner"), widget=forms.Textarea(attrs={"rows": 4}),
                           max_length=4000,
                           error_messages={"required": _("Schrijf een antwoord of kies een standaardantwoord.")})

    def __init__(self, *args, language: str = "nl", **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        self.fields["canned"].queryset = chat_canned_answers()

    def canned_text(self) -> str | None:
        try:
            answer = self.fields["canned"].clean(self.data.get("canned"))
        except forms.ValidationError:
            return None
        return answer.text(self.language) if answer else None

    def with_canned_text(self) -> AnswerForm:
        """Without JavaScript: the same form, unbound, with the standard answer's text in the text field."""
        initial = {"canned": self.data.get("canned"), "body": self.data.get("body", "")}
        text = self.canned_text()
        if text is not None:
            initial["body"] = text
        return AnswerForm(initial=initial, language=self.language)


class DepartmentForm(ActionForm):
    id_prefix = "department"

    department = DepartmentChoiceField(label=_("Dienst"), queryset=Department.objects.none(),
                                       error_messages={"required": _("Kies een dienst.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.filter(is_active=True)


class ConvertForm(ActionForm):
    """"Maak er een zaak van": the kind, a category and a title; the description defaults to the messages."""

    id_prefix = "convert"

    kind = forms.ChoiceField(label=_("Soort"), widget=forms.RadioSelect, initial=Kind.QUESTION,
                             choices=[(kind.value, kind.label) for kind in STAFF_KINDS],
                             error_messages={"required": _("Kies wat voor soort bericht het is.")})
    category = CategoryChoiceField(label=_("Categorie"), queryset=Category.objects.none(), required=False,
                                   empty_label=_("Nog geen categorie"))
    title = forms.CharField(label=_("Onderwerp"), max_length=200, required=False,
                            help_text=_("Kort, voor de inbox en voor de inwoner."))
    description = forms.CharField(
        label=_("Omschrijving"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Leeg laten: dan wordt alles wat de inwoner in dit gesprek schreef de omschrijving."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = Category.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        category, kind = data.get("category"), data.get("kind")
        if category is not None and kind and not category.allows(kind):
            self.add_error("category", _("Deze categorie past niet bij dit soort bericht."))
        return data
