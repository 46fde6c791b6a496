"""Cases in the admin: read-only; they change only through desk.cases.services (the inbox at /balie/desk/)."""
from django.contrib import admin

from common.admin import ReadOnlyAdmin, ReadOnlyAdminMixin
from desk.cases.models import Case, CaseEvent


class CaseEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CaseEvent
    fields = ("at", "kind", "from_state", "to_state", "actor", "actor_label", "department", "is_public", "text",
              "within_term")
    readonly_fields = fields
    extra = 0
    max_num = 0
    can_delete = False
    show_change_link = False
    ordering = ("at", "pk")


@admin.register(Case)
class CaseAdmin(ReadOnlyAdmin):
    """Read-only view of the cases; they change only through desk.cases.services (the inbox at /balie/desk/)."""

    list_display = ("reference", "kind", "category", "channel", "state", "department", "created_at",
                    "resolution_due")
    list_filter = ("state", "kind", "channel", "department", "category", "priority")
    search_fields = ("reference", "title")
    date_hierarchy = "created_at"
    list_select_related = ("category", "department")
    exclude = ("tracking_token_hash",)
    inlines = [CaseEventInline]

