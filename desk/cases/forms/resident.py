"""Forms of the resident side of the desk: the report/question form, following, reacting, reopening.

They validate and shape input; ``desk.cases.services`` decides and saves. The report form resolves the place
(typed coordinates, else a geocoded address, else the photo's GPS) so the view can look for duplicates
before anything is stored.
"""
from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from city import geo, photos
from desk.cases import services
from desk.cases.services import CaseError
from desk.routing.models import Category
from desk.states import Kind

MAX_TEXT = 4000
PHOTO_ACCEPT = "image/jpeg,image/png,image/heic,image/heif"
STREET_LIST_ID = "desk-streets"
HONEYPOT_FIELD = "website"
# The kinds a resident can choose on the website (requests are opened by other apps).
RESIDENT_KINDS = (Kind.REPORT, Kind.QUESTION, Kind.SUGGESTION, Kind.COMPLAINT)

DESCRIPTION_LABELS = {
    Kind.REPORT: gettext_lazy("Wat is er aan de hand?"),
    Kind.QUESTION: gettext_lazy("Wat is je vraag?"),
    Kind.SUGGESTION: gettext_lazy("Wat is je idee?"),
    Kind.COMPLAINT: gettext_lazy("Waarover gaat je klacht?"),
}
DESCRIPTION_HINTS = {
    Kind.REPORT: gettext_lazy("Beschrijf kort wat je ziet, bijvoorbeeld: de lamp voor huisnummer 12 brandt niet. "
                              "Meldingen over de straat kunnen openbaar worden, bijvoorbeeld in apps: schrijf er "
                              "geen namen, telefoonnummers of andere persoonlijke gegevens in."),
    Kind.QUESTION: gettext_lazy("Stel je vraag zo duidelijk mogelijk. Geef geen rijksregisternummer of "
                                "bankgegevens."),
    Kind.SUGGESTION: gettext_lazy("Wat kan de stad beter doen, en waarom?"),
    Kind.COMPLAINT: gettext_lazy("Wat liep er mis, wanneer, en met welke dienst? Wat verwacht je van ons?"),
}


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.label()  # the category's own translation in the current language


def categories_for(kind: str) -> list[Category]:
    """Active categories that allow ``kind``, in their display order."""
    # Filtered in Python: ``kinds`` is a JSON list, and JSON "contains" is not portable to SQLite.
    return [category for category in Category.objects.filter(is_active=True) if category.allows(kind)]


def _text_area(max_length: int = MAX_TEXT, rows: int = 6) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows, "maxlength": max_length})


class CaseForm(forms.Form):
    """One page for a report, question, suggestion or complaint; works without JavaScript.

    After ``is_valid()``, ``cleaned_data`` holds the resolved ``latitude``/``longitude``/``address``
    (reports only), ``processed_photo`` the cleaned photo (or None) and ``location_from_photo`` whether
    the place came from the photo's GPS.
    """

    category = CategoryChoiceField(
        label=gettext_lazy("Waarover gaat het?"), queryset=Category.objects.none(), widget=forms.RadioSelect,
        empty_label=None, error_messages={"required": gettext_lazy("Kies waarover het gaat."),
                                          "invalid_choice": gettext_lazy("Kies een onderwerp uit de lijst.")})
    description = forms.CharField(
        max_length=MAX_TEXT, widget=_text_area(),
        error_messages={"required": gettext_lazy("Beschrijf kort wat er aan de hand is."),
                        "max_length": gettext_lazy("Je tekst is te lang: maximaal %(limit_value)d tekens.")})
    photo = forms.FileField(
        label=gettext_lazy("Foto"), required=False,
        help_text=gettext_lazy("Een foto helpt ons het probleem snel te vinden. JPG, PNG of HEIC. We verwijderen "
                               "de gegevens van je toestel uit de foto."),
        widget=forms.FileInput(attrs={"accept": PHOTO_ACCEPT}))
    address = forms.CharField(
        label=gettext_lazy("Adres"), required=False, max_length=200,
        help_text=gettext_lazy("Straat en huisnummer in de buurt, bijvoorbeeld: Kerkstraat 12."),
        widget=forms.TextInput(attrs={"list": STREET_LIST_ID, "autocomplete": "off"}))
    latitude = forms.CharField(
        label=gettext_lazy("Breedtegraad"), required=False, max_length=40,
        help_text=gettext_lazy("Bijvoorbeeld 51,0301"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    longitude = forms.CharField(
        label=gettext_lazy("Lengtegraad"), required=False, max_length=40,
        help_text=gettext_lazy("Bijvoorbeeld 3,4202"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
    name = forms.CharField(label=gettext_lazy("Naam"), required=False, max_length=200,
                           widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"), required=False, max_length=254,
        help_text=gettext_lazy("Niet verplicht, maar zonder e-mailadres kunnen we je geen persoonlijke link sturen "
                               "om je melding te volgen, en je niet laten weten wat we doen."),
        error_messages={"invalid": gettext_lazy("Typ een e-mailadres zoals naam@voorbeeld.be.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    phone = forms.CharField(
        label=gettext_lazy("Telefoonnummer"), required=False, max_length=40,
        help_text=gettext_lazy("Als we je willen bellen met een vraag over je melding."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}))
    # A honeypot: people never see or fill it; scripts that fill every field do.
    website = forms.CharField(
        label=gettext_lazy("Laat dit veld leeg"), required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}))

    LOCATION_FIELDS = ("address", "latitude", "longitude")
    CONTACT_FIELDS = ("name", "email", "phone")

    def __init__(self, *args, kind: str, signed_in: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.signed_in = signed_in
        self.processed_photo: photos.ProcessedPhoto | None = None
        self.location_from_photo = False
        self.fields["category"].queryset = Category.objects.filter(pk__in=[c.pk for c in categories_for(kind)])
        self.fields["description"].label = DESCRIPTION_LABELS[kind]
        self.fields["description"].help_text = DESCRIPTION_HINTS[kind]
        if kind != Kind.REPORT:
            for name in ("photo", *self.LOCATION_FIELDS):
                del self.fields[name]
        if signed_in:
            for name in self.CONTACT_FIELDS:
                del self.fields[name]

    # --- fields -----------------------------------------------------------------------------------
    def _coordinate(self, name: str, limit: float) -> float | None:
        value = (self.cleaned_data.get(name) or "").strip()
        if not value:
            return None
        try:
            number = geo.parse_coordinate(value)
        except ValueError:
            number = None
        if number is None or abs(number) > limit:
            raise forms.ValidationError(_("Typ een getal met een komma, bijvoorbeeld %(example)s.")
                                        % {"example": "51,0301" if name == "latitude" else "3,4202"})
        return number

    def clean_latitude(self):
        return self._coordinate("latitude", 90)

    def clean_longitude(self):
        return self._coordinate("longitude", 180)

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if not upload:
            return None
        try:
            self.processed_photo = photos.process_upload(upload)
        except photos.PhotoRejected as rejected:
            raise forms.ValidationError(str(rejected)) from rejected
        return upload

    def clean_description(self):
        return (self.cleaned_data.get("description") or "").strip()

    # --- the place --------------------------------------------------------------------------------
    def clean(self):
        cleaned = super().clean()
        if self.kind == Kind.REPORT and not any(name in self.errors for name in self.LOCATION_FIELDS):
            self._resolve_location(cleaned)
        return cleaned

    def _resolve_location(self, cleaned: dict) -> None:
        lat, lon = cleaned.get("latitude"), cleaned.get("longitude")
        address = (cleaned.get("address") or "").strip()
        if (lat is None) != (lon is None):
            self.add_error("latitude" if lat is None else "longitude",
                           _("Vul zowel de breedtegraad als de lengtegraad in, of laat beide leeg."))
            return
        if lat is not None:
            try:
                services.check_location(lat, lon)
            except CaseError as error:
                self.add_error("latitude", error.message)
                return
            if not address:
                place = geo.reverse_geocode(lat, lon)
                address = place.label if place else ""
        elif address:
            place = geo.geocode(address)
            if place is None:
                self.add_error("address", _(
                    "We vinden dit adres niet in %(city)s. Typ een straat van %(city)s met het huisnummer, "
                    "bijvoorbeeld ‘Kerkstraat 12’, of geef de coördinaten op. Een adres in een andere gemeente "
                    "kunnen we niet behandelen.") % {"city": settings.CITY_NAME})
                return
            lat, lon, address = place.lat, place.lon, place.label
        elif self.processed_photo is not None and self.processed_photo.gps is not None \
                and geo.inside_city(*self.processed_photo.gps):
            lat, lon = self.processed_photo.gps
            place = geo.reverse_geocode(lat, lon)
            address = place.label if place else ""
            self.location_from_photo = True
        category = cleaned.get("category")
        if lat is None and category is not None and category.location_required:
            self.add_error("address", _("Duid aan waar het is: typ een adres, kies de plaats op de kaart of geef "
                                        "de coördinaten op."))
            return
        cleaned.update(latitude=lat, longitude=lon, address=address)

    # --- for the view -----------------------------------------------------------------------------
    @property
    def location_field(self) -> str | None:
        """The field a location error belongs to: the coordinates when they were typed, else the address."""
        if "address" not in self.fields:
            return None
        return "latitude" if (self.data.get("latitude") or "").strip() else "address"

    @property
    def coordinates_open(self) -> bool:
        """Show the coordinates (in their <details>) when they hold a value or an error."""
        return any(self.data.get(name) or self.errors.get(name) for name in ("latitude", "longitude"))

    def add_case_error(self, error: CaseError) -> None:
        """Show a refusal of ``services.open_case`` next to the field it is about."""
        field = {"location": self.location_field, "category": "category",
                 "description": "description"}.get(error.field or "")
        self.add_error(field if field in self.fields else None, error.message)

    def carried_values(self) -> list[tuple[str, str]]:
        """The validated answers as (name, value) pairs, to send again from the "Is dit al gemeld?" step.

        The photo cannot travel (we keep no half-saved uploads): the resident chooses it again.
        """
        data = self.cleaned_data
        values = [("category", str(data["category"].pk)), ("description", data["description"])]
        if "address" in self.fields:
            values.append(("address", data.get("address") or ""))
            if data.get("latitude") is not None:
                values += [("latitude", f"{data['latitude']:.7f}"), ("longitude", f"{data['longitude']:.7f}")]
        for name in self.CONTACT_FIELDS:
            if name in self.fields:
                values.append((name, data.get(name) or ""))
        return values

    def visible_main_fields(self):
        return [self[name] for name in ("category", "description") if name in self.fields]

    def contact_fields(self):
        return [self[name] for name in self.CONTACT_FIELDS if name in self.fields]


class FollowForm(forms.Form):
    """Follow an existing report by e-mail (signed-in residents follow without a form)."""

    email = forms.EmailField(
        label=gettext_lazy("Je e-mailadres"), max_length=254,
        help_text=gettext_lazy("We sturen je een e-mail als de status verandert."),
        error_messages={"required": gettext_lazy("Typ je e-mailadres om deze melding te volgen."),
                        "invalid": gettext_lazy("Typ een e-mailadres zoals naam@voorbeeld.be.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}))


class ReactForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Je reactie"), max_length=MAX_TEXT, widget=_text_area(rows=4),
        help_text=gettext_lazy("Bijvoorbeeld een antwoord op onze vraag, of iets wat we nog moeten weten."),
        error_messages={"required": gettext_lazy("Typ je reactie.")})


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Waarom is het niet opgelost?"), max_length=MAX_TEXT, widget=_text_area(rows=4),
        error_messages={"required": gettext_lazy("Schrijf kort waarom je het dossier wil heropenen.")})
