"""Admin pages for histories and data that change elsewhere: shown, never added, changed or deleted there."""
from django.contrib import admin


class ReadOnlyAdminMixin:
    """For a ModelAdmin or an inline: Django asks ``(request)`` of the one and ``(request, obj)`` of the other."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass
