"""Staff wording of a request in templates: ``{{ item.for_whom|staff_for_whom }}``, ``|staff_delivery``,
``|staff_status`` (certificates.staff_labels)."""
from django import template

from certificates import staff_labels

register = template.Library()

register.filter("staff_for_whom", staff_labels.for_whom_label)
register.filter("staff_delivery", staff_labels.delivery_label)
register.filter("staff_status", staff_labels.status_label)
