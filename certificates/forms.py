"""Forms of the certificate wizard, the resident's answer and the staff decisions.

Forms validate input and ask ``services.check_may_request`` who may ask for whom; they change nothing.
"""
from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from identity import nrn
from registry import services as registry

from . import mandates, services, staff_labels, types, uploads, wording
from .models import CertificateRequest
from .pdf_sandbox import TryLater
from .types import ActFormat, ForWhom

# A relation in the registry → the "for whom" it stands for.
FOR_WHOM_OF_RELATION = {
    "self": ForWhom.SELF,
    "parent_of_minor": ForWhom.MINOR_CHILD,
    "heir_child": ForWhom.DECEASED_RELATIVE,
    "heir_spouse": ForWhom.DECEASED_RELATIVE,
}
MANDATE_MAX_BYTES = mandates.MAX_BYTES
# What the file is, read from its first bytes: the name and the browser's content type can lie.
MANDATE_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
)
NOT_FOR_THIS_PERSON = _("Je kan dit attest niet aanvragen voor deze persoon. Kies iemand uit de lijst.")


def sniff_mandate(upload) -> str | None:
    """The content type the file's first bytes show, or None when it is not a PDF, JPEG or PNG."""
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(16)
    upload.seek(position)
    for signature, content_type in MANDATE_SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


class ForWhomForm(forms.Form):
    """Step "voor wie": the people the resident may act for, plus proxy/anyone when the type allows it."""

    PROXY = "proxy"
    ANYONE = "anyone"

    choice = forms.ChoiceField(label=_("Voor wie vraag je dit attest aan?"), widget=forms.RadioSelect,
                               error_messages={"required": _("Kies voor wie je dit attest aanvraagt."),
                                               "invalid_choice": NOT_FOR_THIS_PERSON})
    other_number = forms.CharField(
        label=_("Rijksregisternummer van die persoon"), required=False, max_length=20,
        help_text=_("Bijvoorbeeld 85.07.30-033.28."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "spellcheck": "false"}),
    )
    other_name = forms.CharField(
        label=_("Naam van die persoon"), required=False, max_length=300,
        help_text=_("Voornaam en familienaam, zoals op de identiteitskaart."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    mandate = forms.FileField(
        label=_("Ondertekende volmacht"), required=False,
        help_text=_("Een PDF, JPEG of PNG van maximaal 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, certificate_type, requester_number: str, resident=None, address="unknown",
                 own_access=None, checked=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.own_access = own_access  # how the resident's own reads are audited (an assisted session)
        self.checked = checked  # register rules already asked in this HTTP request (services.check_eligible)
        self.resident = resident  # for the quota of files waiting in unfinished wizards
        self.address = address  # for the limits of the PDF check
        self.certificate_type = certificate_type
        self.requester_number = requester_number
        self.relations = {}
        choices = []
        for relation in registry.persons_one_may_act_for(requester_number):
            for_whom = FOR_WHOM_OF_RELATION.get(relation.kind)
            if for_whom is None or not certificate_type.allows(for_whom):
                continue
            person = relation.subject
            self.relations[person.national_number] = (for_whom, relation)
            if relation.kind == "self":
                label = _("Mezelf (%(name)s)") % {"name": person.full_name}
            else:
                label = f"{person.full_name} — {ForWhom(for_whom).label}"
            choices.append((person.national_number, label))
        if certificate_type.allows(ForWhom.PROXY):
            choices.append((self.PROXY, _("Iemand anders, met een ondertekende volmacht")))
        if certificate_type.allows(ForWhom.ANYONE):
            choices.append((self.ANYONE, _("Iemand anders")))
        self.fields["choice"].choices = choices
        self.fields["choice"].label = wording.question(certificate_type, "for_whom")
        if not (certificate_type.allows(ForWhom.PROXY) or certificate_type.allows(ForWhom.ANYONE)):
            for name in ("other_number", "other_name", "mandate"):
                del self.fields[name]
        elif not certificate_type.allows(ForWhom.PROXY):
            del self.fields["mandate"]
        for name in ("other_number", "other_name", "mandate"):
            if name in self.fields:
                # Asked only once "Iemand anders" is chosen (shown then, and checked in clean()).
                self.fields[name].conditional = True

    @property
    def other_fields(self) -> list:
        """The fields about someone else, rendered together and shown only when that choice is made."""
        return [self[name] for name in ("other_number", "other_name", "mandate") if name in self.fields]

    @property
    def has_choices(self) -> bool:
        return bool(self.fields["choice"].choices)

    def files_to_keep(self) -> list[str]:
        """The fields whose cleaned file the wizard stores (the cleaned copy, not the upload)."""
        return ["mandate"] if self.cleaned_data.get("mandate") else []

    def clean_mandate(self):
        upload = self.cleaned_data.get("mandate")
        if not upload:
            return upload
        try:
            clean = mandates.clean_mandate(upload, address=self.address)
        except mandates.MandateRejected as rejected:
            raise forms.ValidationError(rejected.message) from rejected
        except TryLater as busy:
            raise forms.ValidationError(_("We kunnen de volmacht nu niet controleren. Probeer het over enkele "
                                          "minuten opnieuw.")) from busy
        if self.resident is not None:
            try:
                uploads.check_quota(self.resident, self.certificate_type.code, clean.size)
            except uploads.QuotaExceeded as exceeded:
                raise forms.ValidationError(exceeded.message) from exceeded
        return clean

    def clean(self):
        data = super().clean()
        choice = data.get("choice")
        if not choice:
            return data
        if choice in (self.PROXY, self.ANYONE):
            for_whom = ForWhom.PROXY if choice == self.PROXY else ForWhom.ANYONE
            number = (data.get("other_number") or "").strip()
            if not number:
                self.add_error("other_number", _("Vul het rijksregisternummer in van de persoon."))
            else:
                try:
                    data["subject_number"] = nrn.validate(number)
                except nrn.InvalidNationalNumber:
                    self.add_error("other_number", _("Dit rijksregisternummer klopt niet. Kijk het na op de "
                                                     "identiteitskaart."))
            if not (data.get("other_name") or "").strip():
                self.add_error("other_name", _("Vul de naam in van de persoon."))
            else:
                data["subject_name"] = data["other_name"].strip()
            if for_whom == ForWhom.PROXY and not data.get("mandate") and "mandate" not in self.errors:
                self.add_error("mandate", _("Voeg de ondertekende volmacht toe."))
            if data.get("subject_number") == nrn.normalise(self.requester_number):
                self.add_error("other_number", _("Dit is je eigen rijksregisternummer. Kies dan 'Mezelf'."))
        else:
            for_whom, relation = self.relations[choice]
            data["subject_number"] = relation.subject.national_number
            data["subject_name"] = relation.subject.full_name
        data["for_whom"] = str(for_whom)
        if not self.errors:
            try:
                services.check_may_request(self.certificate_type, requester_number=self.requester_number,
                                           subject_number=data["subject_number"], for_whom=for_whom)
                if self.resident is not None:  # the subject is known here: ask the type's register rule
                    services.check_eligible(
                        self.certificate_type, subject_number=data["subject_number"], for_whom=for_whom,
                        access=services.eligibility_access(self.resident.user, self.certificate_type,
                                                           for_whom=for_whom, own_access=self.own_access),
                        checked=self.checked)
            except services.RequestRefused as refused:
                raise forms.ValidationError(refused.message) from None
        return data


class PurposeForm(forms.Form):
    """Step "doel": purpose and recipient (when the type asks), use abroad, the act's format."""

    purpose = forms.CharField(label=_("Waarvoor heb je het attest nodig?"), max_length=300,
                              widget=forms.TextInput(attrs={"autocomplete": "off"}))
    recipient = forms.CharField(label=_("Voor wie is het attest bestemd?"), max_length=300, required=False,
                                help_text=_("Bijvoorbeeld de naam van een werkgever, school of vereniging."),
                                widget=forms.TextInput(attrs={"autocomplete": "off"}))
    act_format = forms.ChoiceField(label=_("Welke vorm heb je nodig?"), widget=forms.RadioSelect,
                                   error_messages={"required": _("Kies de vorm van de akte.")})
    use_abroad = forms.TypedChoiceField(
        label=_("Gebruik je het attest in het buitenland?"), widget=forms.RadioSelect,
        choices=(("no", _("Nee")), ("yes", _("Ja"))), coerce=lambda value: value == "yes", initial="no",
        error_messages={"required": _("Zeg of je het attest in het buitenland gebruikt.")},
    )
    abroad_country = forms.CharField(label=_("In welk land?"), max_length=100, required=False,
                                     help_text=_("Alleen invullen als je 'Ja' koos."),
                                     widget=forms.TextInput(attrs={"autocomplete": "country-name"}))

    def __init__(self, *args, certificate_type, **kwargs):
        super().__init__(*args, **kwargs)
        self.certificate_type = certificate_type
        for name in ("purpose", "recipient", "use_abroad"):
            self.fields[name].label = wording.question(certificate_type, name)
        if certificate_type.purposes:
            self.fields["purpose"] = forms.ChoiceField(
                label=wording.question(certificate_type, "purpose"), widget=forms.RadioSelect,
                choices=[(str(code), label) for code, label in certificate_type.purposes],
                error_messages={"required": _("Kies waarvoor je het attest nodig hebt.")},
            )
        elif not certificate_type.asks_purpose:
            del self.fields["purpose"]
        else:
            self.fields["purpose"].error_messages["required"] = _("Vul in waarvoor je het attest nodig hebt.")
        if not certificate_type.asks_purpose:
            del self.fields["recipient"]
        if certificate_type.formats:
            self.fields["act_format"].choices = [(code, ActFormat(code).label) for code in certificate_type.formats]
            if len(certificate_type.formats) == 1:
                self.fields["act_format"].initial = certificate_type.formats[0]
        else:
            del self.fields["act_format"]

    def clean(self):
        data = super().clean()
        if data.get("use_abroad") and not (data.get("abroad_country") or "").strip():
            self.add_error("abroad_country", wording.question(self.certificate_type, "abroad_country"))
        if not data.get("use_abroad"):
            data["abroad_country"] = ""
        if data.get("act_format") == ActFormat.MULTILINGUAL and not data.get("use_abroad"):
            self.add_error("act_format", _("Het meertalig uittreksel is voor gebruik in een ander EU-land. "
                                           "Kies 'Ja' bij gebruik in het buitenland, of een andere vorm."))
        return data

    def purpose_label(self, value: str) -> str:
        return str(dict(self.certificate_type.purposes).get(value, value)) if value else ""


class DeliveryForm(forms.Form):
    delivery = forms.ChoiceField(label=_("Hoe wil je het attest ontvangen?"), widget=forms.RadioSelect,
                                 error_messages={"required": _("Kies hoe je het attest wil ontvangen.")})

    def __init__(self, *args, **kwargs):
        certificate_type = kwargs.pop("certificate_type", None)
        super().__init__(*args, **kwargs)
        if certificate_type is not None:
            self.fields["delivery"].label = wording.question(certificate_type, "delivery")
        self.fields["delivery"].choices = CertificateRequest.Delivery.choices
        self.fields["delivery"].initial = CertificateRequest.Delivery.MAILBOX


class ReviewForm(forms.Form):
    """Step "controle": nothing to fill in; the confirm button posts it."""

    def __init__(self, *args, **kwargs):
        kwargs.pop("certificate_type", None)
        super().__init__(*args, **kwargs)


# What a refused answer file means for the resident (mandates.clean_mandate's codes speak of a mandate).
ATTACHMENT_REFUSALS = {
    "too_large": _("Het bestand is groter dan 5 MB. Kies een kleiner bestand."),
    "markup": _("Dit bestand bevat code van een webpagina en is dus geen gewone scan of foto. Maak een nieuwe "
                "scan of foto van het document."),
    "pdf_active": _("Deze PDF bevat scripts of ingebedde bestanden. Druk het document af en scan het, of maak er "
                    "een foto van."),
    "pdf_too_big": _("Deze PDF heeft te veel pagina's of onderdelen: hooguit 10 pagina's."),
    "pdf_unreadable": _("We kunnen deze PDF niet lezen. Kies een ander bestand, of maak een foto van het document."),
    "not_a_mandate": _("Het bestand moet een PDF, JPEG of PNG zijn. Kies een ander bestand, of maak een foto van "
                       "het document."),
}


class AnswerForm(forms.Form):
    """The resident's answer to a question of burgerzaken: text, a document, or both."""

    answer = forms.CharField(label=_("Je antwoord"), max_length=4000, required=False,
                             widget=forms.Textarea(attrs={"rows": 5}))
    attachment = forms.FileField(
        label=_("Een document toevoegen"), required=False,
        help_text=_("Vraagt de medewerker een document? Voeg een PDF, JPEG of PNG van maximaal 5 MB toe, of een "
                    "foto ervan."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )

    def __init__(self, *args, address: str = "unknown", **kwargs):
        super().__init__(*args, **kwargs)
        self.address = address  # for the limits of the PDF check

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if not upload:
            return upload
        # The same strict check and rebuild as a mandate: never stored as uploaded.
        try:
            return mandates.clean_mandate(upload, address=self.address)
        except mandates.MandateRejected as rejected:
            raise forms.ValidationError(ATTACHMENT_REFUSALS.get(rejected.code, rejected.message)) from rejected
        except TryLater as busy:
            raise forms.ValidationError(_("We kunnen het bestand nu niet controleren. Probeer het over enkele "
                                          "minuten opnieuw.")) from busy

    def clean(self):
        data = super().clean()
        if not (data.get("answer") or "").strip() and not data.get("attachment") and not self.errors:
            raise forms.ValidationError(_("Schrijf je antwoord of voeg een document toe."))
        if self.errors.get("attachment") and (data.get("answer") or "").strip():
            # Nothing is sent half: the text stays in the form, the file must be chosen again.
            self.add_error(None, _("Je antwoord is nog niet verstuurd. Kies het bestand opnieuw of verstuur zonder "
                                   "bestand."))
        return data


# --- staff ----------------------------------------------------------------------------------------
REFUSAL_REASONS = (
    ("not_allowed", _("Je kan dit attest niet aanvragen voor deze persoon.")),
    ("mandate_invalid", _("De volmacht is niet geldig of onleesbaar.")),
    ("no_act", _("Er is geen akte gekend.")),
    ("not_our_municipality", _("De akte of inschrijving is niet bij onze stad gekend.")),
)


class RefuseForm(forms.Form):
    template_reason = forms.ChoiceField(label=_("Reden"), required=False, widget=forms.RadioSelect,
                                        choices=REFUSAL_REASONS)
    free_text = forms.CharField(label=_("Uitleg voor de inwoner"), required=False, max_length=2000,
                                widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=_("De inwoner leest dit. Geef een reden, uitleg, of beide."))

    def clean(self):
        data = super().clean()
        chosen = dict(REFUSAL_REASONS).get(data.get("template_reason") or "")
        free = (data.get("free_text") or "").strip()
        if not chosen and not free:
            raise forms.ValidationError(_("Kies een reden of schrijf een uitleg voor de inwoner."))
        data["reason"] = " ".join(str(part) for part in (chosen, free) if part)
        return data


class AskInformationForm(forms.Form):
    question = forms.CharField(label=_("Vraag aan de inwoner"), max_length=2000,
                               widget=forms.Textarea(attrs={"rows": 4}),
                               error_messages={"required": _("Schrijf de vraag voor de inwoner.")})


class QueueFilterForm(forms.Form):
    """The approval queue's filters (a GET form: it works without JavaScript and can be bookmarked)."""

    type = forms.ChoiceField(label=_("Soort attest"), required=False)
    for_whom = forms.ChoiceField(label=_("Voor wie"), required=False)
    older_than = forms.IntegerField(label=_("Minstens zoveel dagen oud"), required=False, min_value=0,
                                    max_value=3650)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Alle soorten"))] + [(t.code, t.name) for t in types.all_types()]
        self.fields["for_whom"].choices = [("", _("Iedereen"))] + staff_labels.for_whom_choices()
