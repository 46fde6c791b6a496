"""``{{ value|acr_label }}``: a sign-in's means and level in words (identity.sign_in_labels)."""
from django import template

from identity.sign_in_labels import describe_acr

register = template.Library()


@register.filter
def acr_label(acr: str | None) -> str:
    return describe_acr(acr)
