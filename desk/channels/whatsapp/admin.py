"""Read-only admin of the WhatsApp adapter: what came in (and what could not be read), what went out."""
import json

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common import jobs
from common.admin import ReadOnlyAdmin
from desk.channels.whatsapp.models import InboundDelivery, Outbound


class HasErrorFilter(admin.SimpleListFilter):
    title = _("fout")
    parameter_name = "fout"

    def lookups(self, request, model_admin):
        return [("ja", _("met fout")), ("nee", _("zonder fout"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.exclude(error="")
        if self.value() == "nee":
            return queryset.filter(error="")
        return queryset


class ProcessedFilter(admin.SimpleListFilter):
    title = _("verwerkt")
    parameter_name = "verwerkt"

    def lookups(self, request, model_admin):
        return [("ja", _("verwerkt")), ("nee", _("nog niet verwerkt"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(processed_at__isnull=False)
        if self.value() == "nee":
            return queryset.filter(processed_at__isnull=True)
        return queryset


@admin.register(InboundDelivery)
class InboundDeliveryAdmin(ReadOnlyAdmin):
    """Every signed webhook delivery; a delivery that could not be read shows its error here."""

    list_display = ("received_at", "processed_at", "attempts", "summary", "short_error")
    list_filter = (HasErrorFilter, ProcessedFilter)
    date_hierarchy = "received_at"
    fields = ("received_at", "processed_at", "attempts", "summary", "error", "pretty_body")
    readonly_fields = fields
    actions = ["process_again"]

    @admin.display(description=_("fout"))
    def short_error(self, obj):
        return (obj.error.splitlines() or [""])[0][:120]

    @admin.display(description=_("inhoud"))
    def pretty_body(self, obj):
        try:
            text = json.dumps(json.loads(obj.body), indent=2, ensure_ascii=False)
        except ValueError:
            text = obj.body
        return format_html("<pre>{}</pre>", text)

    @admin.action(description=_("Opnieuw verwerken"), permissions=["view"])
    def process_again(self, request, queryset):
        chosen = list(queryset.values_list("pk", flat=True))
        queryset.update(processed_at=None, locked_until=None, error="", attempts=0)
        for pk in chosen:
            jobs.enqueue_after_commit("desk.channels.whatsapp.tasks.process_delivery", pk)
        self.message_user(request, ngettext("%(count)d levering wordt opnieuw verwerkt.",
                                            "%(count)d leveringen worden opnieuw verwerkt.",
                                            len(chosen)) % {"count": len(chosen)}, messages.SUCCESS)


@admin.register(Outbound)
class OutboundAdmin(ReadOnlyAdmin):
    list_display = ("message", "state", "attempts", "updated_at", "message_status", "message_error")
    list_filter = ("state",)
    fields = ("message", "state", "template_wamid", "attempts", "updated_at")
    readonly_fields = fields

    @admin.display(description=_("status"))
    def message_status(self, obj):
        return obj.message.status

    @admin.display(description=_("fout"))
    def message_error(self, obj):
        return obj.message.error

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("message")
