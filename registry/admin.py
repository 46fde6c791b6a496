from django.contrib import admin

from common.admin import ReadOnlyAdmin
from registry.models import AccessRecord, Household, Person


@admin.register(AccessRecord)
class AccessRecordAdmin(ReadOnlyAdmin):
    """The audit trail, readable by administrators and never editable."""

    list_display = ["at", "actor_label", "role", "category", "purpose", "assisted_by_label"]
    list_filter = ["role", "category"]
    search_fields = ["actor_label", "purpose", "subject_key"]
    date_hierarchy = "at"


# Registry data changes in the registry, not here.
@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["family_name", "given_names", "birth_year", "death_date", "is_bis_number"]
    search_fields = ["family_name", "given_names"]


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ["number", "address", "reference_person"]
