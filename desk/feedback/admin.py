"""Admin: the standard answers (reasons) are configuration; the answers themselves are read-only."""
from django.contrib import admin

from desk.feedback.models import Feedback, FeedbackReason


@admin.register(FeedbackReason)
class FeedbackReasonAdmin(admin.ModelAdmin):
    list_display = ("text", "for_satisfied", "reopens_when_unhappy", "order", "is_visible")
    list_filter = ("for_satisfied", "reopens_when_unhappy", "is_visible")
    list_editable = ("order", "is_visible")
    search_fields = ("text", "text_fr", "text_en", "code")
    prepopulated_fields = {"code": ("text",)}
    ordering = ("-for_satisfied", "order")


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Answers are part of the case's record: shown, never edited here."""

    list_display = ("case", "created_at", "reach", "channel", "answered_at", "satisfied", "reopen_requested")
    list_filter = ("satisfied", "reopen_requested", "reach", "channel")
    search_fields = ("case__reference",)
    date_hierarchy = "created_at"
    fields = ("case", "reach", "channel", "language", "created_at", "expires_at", "answered_at", "satisfied",
              "reasons", "text", "allows_contact", "reopen_requested")
    readonly_fields = fields
    list_select_related = ("case",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
