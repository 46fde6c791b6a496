"""Forms of the desk's inbox: its filters, a saved filter, and a phone call noted as a case."""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from city import geo
from desk.cases.forms.staff import CategoryChoiceField, DepartmentChoiceField, active_categories
from desk.cases.selectors import inbox as inbox_selectors
from desk.routing.models import Category, Department
from desk.states import Channel, Kind, staff_state_choices

BLANK = [("", _("Alle"))]


class InboxFilterForm(forms.Form):
    """The inbox filters: a plain GET form, so every filter is a link that can be saved or shared."""

    STATUS_CHOICES = [
        (inbox_selectors.STATUS_OPEN, _("Open")),
        (inbox_selectors.STATUS_CLOSED, _("Afgesloten")),
        (inbox_selectors.STATUS_ALL, _("Alle")),
        *staff_state_choices(),
    ]
    DUE_CHOICES = [
        ("", _("Alle")),
        (inbox_selectors.DUE_OVERDUE, _("Te laat")),
        (inbox_selectors.DUE_TODAY, _("Termijn verloopt vandaag")),
        (inbox_selectors.DUE_NEAR, _("Bijna te laat")),
    ]
    SORT_CHOICES = [
        (inbox_selectors.SORT_DUE, _("Eerst te laat, dan volgens termijn")),
        (inbox_selectors.SORT_NEW, _("Nieuwste eerst")),
    ]

    q = forms.CharField(label=_("Zoek op referentie of onderwerp"), required=False, max_length=100)
    department = DepartmentChoiceField(label=_("Dienst"), queryset=Department.objects.none(), required=False,
                                       empty_label=_("Alle"))
    channel = forms.ChoiceField(label=_("Kanaal"), choices=BLANK + list(Channel.choices), required=False)
    category = CategoryChoiceField(label=_("Categorie"), queryset=Category.objects.none(), required=False,
                                   empty_label=_("Alle"))
    kind = forms.ChoiceField(label=_("Soort"), choices=BLANK + list(Kind.choices), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    due = forms.ChoiceField(label=_("Termijn"), choices=DUE_CHOICES, required=False)
    mine = forms.BooleanField(label=_("Alleen aan mij toegewezen"), required=False)
    unassigned = forms.BooleanField(label=_("Alleen zonder behandelaar"), required=False)
    sort = forms.ChoiceField(label=_("Volgorde"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = inbox_selectors.visible_departments(user)
        self.fields["category"].queryset = active_categories()

    def filters(self) -> dict:
        """The cleaned filters for desk.cases.selectors.inbox.inbox_cases (the defaults when the form is invalid)."""
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "", False)}


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Naam van de filter"), max_length=100,
                           help_text=_("Bijvoorbeeld: te laat bij openbare werken."))
    query = forms.CharField(widget=forms.HiddenInput, required=False, max_length=1000)


class PhoneCallForm(forms.Form):
    caller_name = forms.CharField(label=_("Naam van de beller"), max_length=200, required=False)
    caller_phone = forms.CharField(label=_("Telefoonnummer"), max_length=40, required=False)
    caller_email = forms.EmailField(label=_("E-mailadres"), required=False,
                                    help_text=_("Dan krijgt de beller een link om de melding te volgen."))
    kind = forms.ChoiceField(label=_("Soort"), choices=[c for c in Kind.choices if c[0] != Kind.REQUEST],
                             widget=forms.RadioSelect, initial=Kind.REPORT)
    category = CategoryChoiceField(label=_("Categorie"), queryset=Category.objects.none(), required=False,
                                   empty_label=_("Nog niet bekend"))
    summary = forms.CharField(label=_("Samenvatting van het gesprek"), widget=forms.Textarea(attrs={"rows": 5}),
                              max_length=4000)
    duration_minutes = forms.IntegerField(label=_("Duur van het gesprek (minuten)"), min_value=0, max_value=600,
                                          required=False)
    address = forms.CharField(label=_("Adres"), max_length=300, required=False,
                              help_text=_("Straat en huisnummer. We zoeken de plaats zelf op als je geen "
                                          "coördinaten invult."))
    latitude = forms.CharField(label=_("Breedtegraad"), max_length=30, required=False,
                               help_text=_("Bijvoorbeeld 50.8466"))
    longitude = forms.CharField(label=_("Lengtegraad"), max_length=30, required=False,
                                help_text=_("Bijvoorbeeld 4.3528"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = active_categories()

    def _coordinate(self, name):
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        try:
            return geo.parse_coordinate(value)
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Geef een getal, bijvoorbeeld 50.8466.")) from None

    def clean_latitude(self):
        return self._coordinate("latitude")

    def clean_longitude(self):
        return self._coordinate("longitude")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None):
            raise forms.ValidationError(_("Geef zowel de breedtegraad als de lengtegraad op."))
        address = (data.get("address") or "").strip()
        if latitude is None and address:
            place = geo.geocode(address)
            if place is None:
                self.add_error("address", _("We vinden dit adres niet in de stad. Controleer de straatnaam of "
                                            "vul de coördinaten in."))
            else:
                data["latitude"], data["longitude"] = place.lat, place.lon
                data["address"] = place.label
        category, kind = data.get("category"), data.get("kind")
        if category is not None and kind and not category.allows(kind):
            self.add_error("category", _("Deze categorie past niet bij dit soort bericht. Kies een andere "
                                         "categorie of soort."))
        return data
