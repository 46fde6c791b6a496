"""Admin for the digital-inclusion models. Registered from identity.admin (one import line)."""
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models_assist import AssistedSession, PublicComputer
from . import public_computer


@admin.register(PublicComputer)
class PublicComputerAdmin(admin.ModelAdmin):
    list_display = ("label", "enrolled_by", "enrolled_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("label",)
    readonly_fields = ("enrolled_by", "enrolled_at", "revoked_at")
    fields = ("label", "enrolled_by", "enrolled_at", "revoked_at")
    actions = ["revoke"]

    @admin.action(description=_("Intrekken: geen publieke computer meer"))
    def revoke(self, request, queryset):
        for computer in queryset.filter(revoked_at__isnull=True):
            public_computer.revoke(computer)

    def has_add_permission(self, request):
        return False  # enrolled from the computer itself (/helpen/computer/), which sets its cookie


@admin.register(AssistedSession)
class AssistedSessionAdmin(admin.ModelAdmin):
    """Read-only: the programme's figures come from these rows."""

    list_display = ("started_at", "purpose", "location", "volunteer", "resident_signed_in", "ended_at")
    list_filter = ("purpose", "resident_signed_in")
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
