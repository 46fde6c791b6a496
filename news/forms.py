"""Forms of the news channel. Thin: the rules live in news.services, whose PostError is shown on the form."""
from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Post, Topic
from .models.posts import SUMMARY_MAX, TITLE_MAX
from .states import (
    REACTIONS,
    AreaShape,
    CapCategory,
    Certainty,
    Channel,
    Kind,
    ResponseType,
    Severity,
    Urgency,
)

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def show_post_error(form: forms.Form, error) -> None:
    """Put a services.PostError on the field it names, or on the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format=DATETIME_FORMAT)


def _datetime_field(label, help_text="", required=False):
    return forms.DateTimeField(label=label, help_text=help_text, required=required, widget=DateTimeLocalInput(),
                               input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"])


class TopicChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.name()


def _blank(choices):
    return [("", _("Kies..."))] + list(choices)


# ------------------------------------------------------------------------------------------------ staff


class PostForm(forms.Form):
    """A post in Dutch, its channels and planning; for a crisis also what the CAP message says."""

    kind = forms.ChoiceField(label=_("Soort bericht"), widget=forms.RadioSelect,
                             choices=[(Kind.NEWS, Kind.NEWS.label), (Kind.SERVICE, Kind.SERVICE.label)])
    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX)
    summary = forms.CharField(
        label=_("Samenvatting"), max_length=SUMMARY_MAX,
        help_text=_("Hoogstens %(limit)s tekens. Verschijnt in meldingen op de telefoon, in e-mails en in de "
                    "lijst.") % {"limit": SUMMARY_MAX})
    body = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 10}),
                           help_text=_("Gewone tekst. Een lege regel begint een nieuwe alinea."))
    topics = TopicChoiceField(label=_("Onderwerpen"), queryset=Topic.objects.none(), required=False,
                              help_text=_("Wie een onderwerp volgt per e-mail, krijgt het bericht. Zonder "
                                          "onderwerp gaat het naar iedereen die nieuws volgt."))
    channels = forms.MultipleChoiceField(label=_("Kanalen"), widget=forms.CheckboxSelectMultiple,
                                         choices=[], required=False)
    reactions_enabled = forms.BooleanField(label=_("Reacties met emoji toestaan"), required=False)
    scheduled_at = _datetime_field(_("Gepland op"), _("Wanneer het bericht verschijnt. Je plant het pas in "
                                                      "nadat een collega het goedkeurde."))
    expires_at = _datetime_field(_("Geldig tot"), _("Voor een crisis: tot wanneer de waarschuwing geldt."))

    def __init__(self, *args, crisis: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.crisis = crisis
        self.fields["topics"].queryset = selectors.active_topics()
        channels = [(code, label) for code, label in Channel.choices if crisis or code != Channel.CAP]
        self.fields["channels"].choices = channels
        if crisis:
            del self.fields["kind"]
            self.fields["expires_at"].required = True
            self.fields.update(CrisisFields().fields)
        else:
            del self.fields["expires_at"]

    def clean_summary(self):
        return " ".join(self.cleaned_data["summary"].split())

    def clean(self):
        data = super().clean()
        if self.crisis:
            data["kind"] = Kind.CRISIS
            shape = data.get("area_shape")
            if shape == AreaShape.CIRCLE:
                for name in ("circle_lat", "circle_lon", "circle_radius_km"):
                    if data.get(name) is None and name not in self.errors:
                        self.add_error(name, _("Vul dit in voor een cirkel."))
            elif shape == AreaShape.POLYGON and not data.get("polygon"):
                self.add_error("polygon", _("Geef de punten van de veelhoek."))
        return data

    def post_fields(self) -> dict:
        names = ["kind", "title", "summary", "body", "reactions_enabled", "scheduled_at", "expires_at",
                 *CrisisFields.base_fields]
        return {name: self.cleaned_data.get(name) for name in names if name in self.cleaned_data}


class CrisisFields(forms.Form):
    """What a crisis post adds (CAP 1.2 <info> and <area>)."""

    event = forms.CharField(label=_("Soort gebeurtenis"), max_length=100,
                            help_text=_("Kort, bijvoorbeeld 'Gaslek' of 'Zware storm'."))
    instruction = forms.CharField(label=_("Wat moet je doen?"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}),
                                  help_text=_("Concrete stappen voor de inwoners, bijvoorbeeld: 'Blijf binnen. "
                                              "Sluit ramen en deuren.'"))
    cap_category = forms.ChoiceField(label=_("Categorie"), choices=_blank(CapCategory.choices))
    cap_response_type = forms.ChoiceField(label=_("Gevraagde reactie"), choices=_blank(ResponseType.choices),
                                          required=False)
    cap_severity = forms.ChoiceField(label=_("Ernst"), choices=_blank(Severity.choices))
    cap_urgency = forms.ChoiceField(label=_("Dringendheid"), choices=_blank(Urgency.choices))
    cap_certainty = forms.ChoiceField(label=_("Zekerheid"), choices=_blank(Certainty.choices))
    area_desc = forms.CharField(label=_("Omschrijving van het gebied"), max_length=200,
                                help_text=_("Zoals inwoners het kennen, bijvoorbeeld 'Stationsbuurt, tussen de "
                                            "Kerkstraat en de Molenlaan'."))
    area_shape = forms.ChoiceField(label=_("Gebied op de kaart"), choices=AreaShape.choices,
                                   widget=forms.RadioSelect, initial=AreaShape.CITY)
    circle_lat = forms.FloatField(label=_("Midden van de cirkel: breedtegraad"), required=False,
                                  help_text=_("Bijvoorbeeld 51.03"))
    circle_lon = forms.FloatField(label=_("Midden van de cirkel: lengtegraad"), required=False,
                                  help_text=_("Bijvoorbeeld 3.42"))
    circle_radius_km = forms.FloatField(label=_("Straal van de cirkel in km"), required=False, min_value=0.01)
    polygon = forms.CharField(label=_("Punten van de veelhoek"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Breedtegraad,lengtegraad per punt, gescheiden door een spatie. "
                                          "Bijvoorbeeld: 51.031,3.415 51.034,3.421 51.029,3.426"))


class TranslationForm(forms.Form):
    """A post in French or English: all fields optional; a translation without a title is no translation."""

    title = forms.CharField(label=_("Titel"), max_length=TITLE_MAX, required=False)
    summary = forms.CharField(label=_("Samenvatting"), max_length=SUMMARY_MAX, required=False)
    body = forms.CharField(label=_("Tekst"), widget=forms.Textarea(attrs={"rows": 8}), required=False)

    def __init__(self, *args, crisis: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if crisis:
            self.fields["event"] = forms.CharField(label=_("Soort gebeurtenis"), max_length=100, required=False)
            self.fields["instruction"] = forms.CharField(label=_("Wat moet je doen?"), required=False,
                                                         widget=forms.Textarea(attrs={"rows": 4}))
            self.fields["area_desc"] = forms.CharField(label=_("Omschrijving van het gebied"), max_length=200,
                                                       required=False)
        for field in self.fields.values():  # what is typed here is French or English, the labels are Dutch
            field.widget.attrs["lang"] = self.prefix

    def clean(self):
        data = super().clean()
        filled = any(value for value in data.values())
        if filled:
            for name in ("title", "summary", "body"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Vul dit in, of laat de hele vertaling leeg."))
        return data


def initial_for(post: Post) -> dict:
    names = ("kind", "title", "summary", "body", "reactions_enabled", "scheduled_at", "expires_at",
             *CrisisFields.base_fields)
    values = {name: getattr(post, name) for name in names}
    for name in ("scheduled_at", "expires_at"):
        if values[name]:
            values[name] = timezone.localtime(values[name])
    values["topics"] = list(post.topics.all())
    values["channels"] = post.channels
    return values


def initial_for_new(kind: str) -> dict:
    if kind == Kind.CRISIS:
        return {"channels": [Channel.PAGE, Channel.ATOM, Channel.PUSH, Channel.EMAIL, Channel.CAP],
                "reactions_enabled": False, "area_shape": AreaShape.CITY,
                "area_desc": settings.NEWS_CITY_AREA_DESC,
                "expires_at": timezone.localtime() + timedelta(hours=settings.NEWS_CRISIS_DEFAULT_HOURS)}
    return {"kind": Kind.NEWS, "channels": [Channel.PAGE, Channel.ATOM, Channel.PUSH, Channel.EMAIL],
            "reactions_enabled": True}


class ScheduleForm(forms.Form):
    scheduled_at = _datetime_field(_("Verschijnt op"), required=True)


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 3}))


# ------------------------------------------------------------------------------------------------ public


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Je e-mailadres"), max_length=254)
    crisis = forms.BooleanField(label=_("Crisisberichten (bijvoorbeeld een gaslek of een zware storm)"),
                                required=False, initial=True)
    topics = TopicChoiceField(label=_("Nieuws over"), queryset=Topic.objects.none(), required=False)
    language = forms.ChoiceField(label=_("In welke taal?"), widget=forms.RadioSelect,
                                 choices=[("nl", "Nederlands"), ("fr", "Français"), ("en", "English")])
    consent = forms.BooleanField(
        label=_("Ik wil deze e-mails krijgen. De stad bewaart mijn e-mailadres en mijn keuzes tot ik me afmeld."),
        error_messages={"required": _("Vink aan dat je de e-mails wil krijgen.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = selectors.active_topics()
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def clean(self):
        data = super().clean()
        if not data.get("crisis") and not data.get("topics") and "topics" not in self.errors:
            self.add_error("topics", _("Kies minstens één onderwerp, of de crisisberichten."))
        return data


class ReactionForm(forms.Form):
    emoji = forms.ChoiceField(choices=[(key, key) for key in REACTIONS])
