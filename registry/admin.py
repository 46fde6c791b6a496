from django.contrib import admin

from registry.models import AccessRecord, Household, Person


@admin.register(AccessRecord)
class AccessRecordAdmin(admin.ModelAdmin):
    """The audit trail, readable by administrators and never editable."""

    list_display = ["at", "actor_label", "role", "category", "purpose", "assisted_by_label"]
    list_filter = ["role", "category"]
    search_fields = ["actor_label", "purpose", "subject_key"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """Registry data changes in the registry, not here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    list_display = ["family_name", "given_names", "birth_year", "death_date", "is_bis_number"]
    search_fields = ["family_name", "given_names"]


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    list_display = ["number", "address", "reference_person"]
