"""Forms of the actions on a case's page: assign, note, reply, change state, forward, merge, split, publish
a photo. Replies and state changes offer the standard answers (canned answers) of the case's category."""
from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.parsing import parse_id
from desk.cases import services
from desk.cases.forms.staff import (
    ActionForm,
    CategoryChoiceField,
    DepartmentChoiceField,
    UserChoiceField,
    active_categories,
)
from desk.cases.models import Case
from desk.cases.selectors import inbox as inbox_selectors
from desk.routing.models import CannedAnswer, Department
from desk.states import NEEDS_PUBLIC_NOTE, TRANSITIONS, State, staff_state_choices, staff_state_label


def staff_choices(department: Department | None):
    """Who a case can be given to: the members of the department, and the desk agents."""
    users = get_user_model().objects.filter(is_active=True)
    condition = Q(groups__name="desk_agent")
    if department is not None:
        condition |= Q(desk_departments=department)
    return users.filter(condition).distinct().order_by("first_name", "last_name", "username")


class AssignForm(ActionForm):
    id_prefix = "assign"

    department = DepartmentChoiceField(label=_("Dienst"), queryset=Department.objects.none(), required=False,
                                       empty_label=_("Dienst niet wijzigen"))
    assignee = UserChoiceField(
        label=_("Behandelaar"), queryset=get_user_model().objects.none(), required=False,
        empty_label=_("Behandelaar niet wijzigen"),
        help_text=_("Je ziet de medewerkers van de dienst van dit dossier en het contactcenter. Voor iemand van "
                    "een andere dienst: wijs eerst de dienst toe."))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["department"].queryset = Department.objects.filter(is_active=True)
        chosen = None
        if self.is_bound:
            pk = parse_id(str(self.data.get(self.add_prefix("department")) or ""))
            if pk is not None:
                chosen = Department.objects.filter(is_active=True, pk=pk).first()
        # Members of the chosen department are valid too, so a plain form can do both in one go.
        queryset = staff_choices(case.department)
        if chosen is not None:
            queryset = get_user_model().objects.filter(
                Q(pk__in=queryset.values("pk")) | Q(pk__in=staff_choices(chosen).values("pk"))
            ).order_by("first_name", "last_name", "username")
        self.fields["assignee"].queryset = queryset

    def clean(self):
        data = super().clean()
        department, assignee = data.get("department"), data.get("assignee")
        if not self.errors and department is None and assignee is None:
            raise forms.ValidationError(_("Kies een dienst, een behandelaar of allebei."))
        if assignee is not None:
            target = department or self.case.department
            if not staff_choices(target).filter(pk=assignee.pk).exists():
                self.add_error("assignee", _("Deze medewerker hoort niet bij de gekozen dienst. Kies iemand van "
                                             "die dienst of van het contactcenter."))
        return data


class NoteForm(ActionForm):
    id_prefix = "note"

    text = forms.CharField(label=_("Interne notitie"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000,
                           help_text=_("Alleen medewerkers zien deze notitie, de inwoner niet."))


def canned_answers(case: Case, state: str | None = None):
    """Standard answers for the case's category (or for every category), for a state (or for any)."""
    answers = CannedAnswer.objects.filter(is_active=True).filter(
        Q(category__isnull=True) | Q(category_id=case.category_id))
    if state:
        answers = answers.filter(Q(state="") | Q(state=state))
    return answers.order_by("title")


class CannedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


class _CannedMixin:
    """A select of standard answers and a "Gebruik" button that puts the chosen text (in the case's
    language) in the text field without JavaScript."""

    text_field = "body"
    canned_state: str | None = None

    def _add_canned(self, case: Case, state: str | None):
        self.case = case
        self.fields["canned"] = CannedChoiceField(
            label=_("Standaardantwoord"), queryset=canned_answers(case, state), required=False,
            empty_label=_("Geen"),
            help_text=_("Kies een standaardantwoord en klik op ‘Gebruik’: de tekst komt in het tekstvak, in "
                        "de taal van de inwoner. Je kan hem daarna nog aanpassen."))
        self.order_fields(["canned", self.text_field, "to_state", "confirm_unresolved"] if self.text_field == "body"
                          else ["to_state", "canned", self.text_field])

    def chosen_answer(self) -> CannedAnswer | None:
        """The chosen standard answer, or None when none (valid) was chosen."""
        try:
            return self.fields["canned"].clean(self.data.get(self.add_prefix("canned")))
        except forms.ValidationError:
            return None

    def canned_text(self) -> str | None:
        """The text of the chosen standard answer in the case's language, or None."""
        answer = self.chosen_answer()
        return answer.text(self.case.language) if answer else None

    def with_canned_text(self) -> forms.Form:
        """A new, unbound form holding what was typed, with the standard answer in the text field and the
        status the answer proposes chosen (when this case may go there)."""
        initial = {name: self.data.get(self.add_prefix(name)) for name in self.fields}
        initial = {name: value for name, value in initial.items() if value not in (None, "")}
        answer = self.chosen_answer()
        if answer is not None:
            initial[self.text_field] = answer.text(self.case.language)
            allowed = {value for value, _label in self.fields["to_state"].choices}
            if answer.proposed_state and answer.proposed_state in allowed:
                initial["to_state"] = answer.proposed_state
        return type(self)(case=self.case, initial=initial)

    def clean(self):
        data = super().clean()
        to_state = data.get("to_state")
        if to_state in NEEDS_PUBLIC_NOTE and not (data.get(self.text_field) or "").strip():
            self.add_error(self.text_field, _("Schrijf voor de inwoner waarom de status verandert."))
        if to_state == State.CLOSED_UNRESOLVED and not data.get("confirm_unresolved"):
            # A second, explicit step instead of guessing from the words: closing without a solution counts as
            # unsolved in the reports and the resident reads it, so the agent confirms it on purpose.
            self.fields["confirm_unresolved"].widget = forms.CheckboxInput()
            self.add_error("confirm_unresolved", _(
                "Afsluiten zonder oplossing telt als niet opgelost, en de melder leest dat. Lees je tekst nog eens: "
                "is het probleem toch opgelost, kies dan ‘afgehandeld: opgelost’. Anders: vink dit aan en "
                "bevestig."))
        return data


def _confirm_field() -> forms.BooleanField:
    # Hidden until a closing without solution asks for it (see _CannedMixin.clean).
    return forms.BooleanField(label=_("Ja, sluit af zonder oplossing"), required=False, widget=forms.HiddenInput)


class ReplyForm(_CannedMixin, ActionForm):
    id_prefix = "reply"

    to_state = forms.ChoiceField(
        label=_("Status na dit antwoord"), required=False,
        help_text=_("Een nieuw dossier gaat bij je eerste antwoord vanzelf naar ‘in behandeling’. Afsluiten met "
                    "dit antwoord: de melder krijgt de tekst als uitleg bij het afsluiten."))
    confirm_unresolved = _confirm_field()

    body = forms.CharField(label=_("Antwoord aan de inwoner"), widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=4000,
                           error_messages={"required": _("Schrijf een antwoord of kies een standaardantwoord.")},
                           help_text=_("De inwoner krijgt dit antwoord in Mijn berichten of per e-mail."))

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        automatic = services.state_after_reply(case.state)
        unchanged = (_("automatisch: %(state)s") % {"state": staff_state_label(automatic)} if automatic
                     else _("niet wijzigen (%(state)s)") % {"state": staff_state_label(case.state)})
        self.fields["to_state"].choices = [("", unchanged), *[(value, label) for value, label in next_states(case)
                                                               if value != automatic]]
        self._add_canned(case, case.state)


def next_states(case: Case) -> list[tuple[str, str]]:
    """The states staff can move this case to (merging has its own form; a reopen request is the resident's)."""
    allowed = TRANSITIONS.targets(case.state) - {State.DUPLICATE, State.REOPEN_REQUESTED}
    return [(value, label) for value, label in staff_state_choices() if value in allowed]


class StateForm(_CannedMixin, ActionForm):
    id_prefix = "state"
    text_field = "public_note"

    to_state = forms.ChoiceField(label=_("Nieuwe status"), widget=forms.RadioSelect)
    public_note = forms.CharField(
        label=_("Toelichting voor de inwoner"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000,
        required=False,
        help_text=_("Verplicht bij afhandelen, afsluiten zonder oplossing, annuleren en heropenen: schrijf "
                    "waarom. De inwoner (en bij openbare meldingen iedereen op de kaart) leest dit."))
    internal_note = forms.CharField(label=_("Interne notitie"), widget=forms.Textarea(attrs={"rows": 2}),
                                    max_length=4000, required=False)
    confirm_unresolved = _confirm_field()

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_state"].choices = next_states(case)
        self._add_canned(case, None)


class ForwardForm(ActionForm):
    id_prefix = "forward"

    to_department = DepartmentChoiceField(label=_("Naar een andere dienst"), queryset=Department.objects.none(),
                                          required=False, empty_label=_("Geen dienst"))
    to_email = forms.EmailField(label=_("Of naar een externe partner (e-mailadres)"), required=False,
                                help_text=_("De partner krijgt een link om te antwoorden, zonder aan te melden. "
                                            "Hij ziet geen persoonsgegevens van de melder."))
    question = forms.CharField(label=_("Vraag of opdracht"), widget=forms.Textarea(attrs={"rows": 3}),
                               max_length=4000)

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_department"].queryset = Department.objects.filter(is_active=True).exclude(
            pk=case.department_id)

    def clean(self):
        data = super().clean()
        if not self.errors and (data.get("to_department") is None) == (not data.get("to_email")):
            raise forms.ValidationError(_("Kies een dienst of geef een e-mailadres van een externe partner, "
                                          "niet allebei."))
        return data


class MergeForm(ActionForm):
    id_prefix = "merge"

    into = forms.CharField(label=_("Samenvoegen met dossier (referentie)"), max_length=24,
                           help_text=_("Dit dossier wordt afgesloten als dubbel; de melder en de volgers "
                                       "volgen voortaan het andere dossier."))
    public_note = forms.CharField(label=_("Toelichting voor de inwoner"), widget=forms.Textarea(attrs={"rows": 2}),
                                  max_length=4000, required=False,
                                  help_text=_("Leeg laten voor de standaardtekst met de referentie."))

    def __init__(self, *args, case: Case, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.case, self.user = case, user

    def clean_into(self):
        reference = self.cleaned_data["into"].strip().upper()
        target = inbox_selectors.visible_cases(self.user).filter(reference=reference).first()
        if target is None:
            raise forms.ValidationError(_("Geen dossier met deze referentie gevonden. Controleer de referentie."))
        return target


class SplitForm(ActionForm):
    id_prefix = "split"

    PARTS = 3

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        for number in range(1, self.PARTS + 1):
            self.fields[f"description_{number}"] = forms.CharField(
                label=_("Deel %(number)s: omschrijving") % {"number": number}, required=False, max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}))
            self.fields[f"category_{number}"] = CategoryChoiceField(
                label=_("Deel %(number)s: categorie") % {"number": number}, queryset=active_categories(),
                required=False, empty_label=_("Zelfde categorie als dit dossier"))

    def clean(self):
        data = super().clean()
        if not self.errors and not self.parts():
            raise forms.ValidationError(_("Beschrijf minstens één deel."))
        return data

    def parts(self) -> list[dict]:
        parts = []
        for number in range(1, self.PARTS + 1):
            description = (self.cleaned_data.get(f"description_{number}") or "").strip()
            if description:
                parts.append({"description": description, "category": self.cleaned_data.get(f"category_{number}")})
        return parts


class PublishPhotoForm(forms.Form):
    public = forms.BooleanField(required=False)

