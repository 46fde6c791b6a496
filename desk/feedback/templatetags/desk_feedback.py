"""{% case_feedback case as items %}: the satisfaction questions of a case, newest first (staff case page)."""
from django import template

from desk.feedback.selectors import feedback_of_case

register = template.Library()


@register.simple_tag
def case_feedback(case):
    return feedback_of_case(case)
