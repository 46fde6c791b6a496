"""Admin: broadcasts and their batches, read-only (failed ones first to find). Subscriptions are not shown:
they are anonymous, and their endpoints are secrets that let anyone send to that browser."""
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from common.admin import ReadOnlyAdmin

from .models import Broadcast, PushBatch


class WithFailuresFilter(admin.SimpleListFilter):
    title = _("resultaat")
    parameter_name = "result"

    def lookups(self, request, model_admin):
        return [("failed", _("met mislukte meldingen")), ("open", _("nog bezig"))]

    def queryset(self, request, queryset):
        if self.value() == "failed":
            return queryset.filter(failed__gt=0)
        if self.value() == "open":
            return queryset.filter(finished_at__isnull=True)
        return queryset


class PushBatchInline(admin.TabularInline):
    model = PushBatch
    fields = ("first_id", "last_id", "size", "status", "attempts", "delivered", "gone", "failed", "last_error")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        # Only the batches worth a look: thousands of finished, clean ones would bury them.
        return super().get_queryset(request).filter(Q(failed__gt=0) | ~Q(status=PushBatch.Status.DONE))

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Broadcast)
class BroadcastAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "post_id", "urgency", "created_at", "finished_at", "total", "delivered", "gone",
                    "failed", "pending", "error")
    list_filter = ("topic", WithFailuresFilter)
    search_fields = ("=post_id",)
    date_hierarchy = "created_at"
    inlines = [PushBatchInline]


@admin.register(PushBatch)
class PushBatchAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "status", "attempts", "size", "delivered", "gone", "failed", "last_error",
                    "updated_at")
    list_filter = ("status", WithFailuresFilter)
    list_select_related = ("broadcast",)
    exclude = ("retry_ids",)
