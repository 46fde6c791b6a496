"""Open311 API clients in the admin: keys are created with manage.py create_open311_key, shown once."""
from django.contrib import admin

from desk.cases.open311.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Keys are made with ``manage.py create_open311_key`` (shown once); here they are renamed or revoked."""

    list_display = ("name", "key_prefix", "contact", "is_active", "created_at")
    list_filter = ("is_active",)
    search_fields = ("name", "contact")
    fields = ("name", "contact", "key_prefix", "is_active", "created_at")
    readonly_fields = ("key_prefix", "created_at")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # revoke by making it inactive: cases keep pointing at the app that sent them
