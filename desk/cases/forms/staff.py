"""What the desk's back-office forms share: showing a CaseError on a form, the choice fields of
departments, categories and staff, and :class:`ActionForm` (the forms on a case's page). Thin: the rules live
in desk.cases.services, whose CaseError is shown on the form (see ``show_case_error``).

The forms themselves: the inbox's in ``desk.cases.forms.staff_inbox``, a case's actions in
``desk.cases.forms.staff_case``.
"""
from __future__ import annotations

from django import forms

from desk.routing.models import Category


def show_case_error(form: forms.Form, error) -> None:
    """Put a services.CaseError on the field it names, or on the form as a whole."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class DepartmentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label()


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.label()


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()



def active_categories():
    """The categories staff can choose (the active ones)."""
    return Category.objects.filter(is_active=True)


class ActionForm(forms.Form):
    """The case page holds several forms: each gets its own id prefix, so labels and ids stay unique
    while the field names stay plain."""

    id_prefix = "action"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", f"{self.id_prefix}_%s")
        super().__init__(*args, **kwargs)

