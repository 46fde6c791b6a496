"""Back-office wording of the desk: ``{{ case.state|staff_state }}`` reads "wacht op antwoord van de melder"
where the resident reads "we wachten op je antwoord" (desk.states.STAFF_STATE_LABELS)."""
from django import template

from desk.states import staff_state_label

register = template.Library()


@register.filter
def staff_state(state: str) -> str:
    return staff_state_label(state)
