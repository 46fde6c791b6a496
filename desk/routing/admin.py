"""The desk's organisation in the admin: departments, categories, routing rules, closing days, standard
answers and the versioned response matrix.

The response matrix is versioned data: a published version is never edited (a case keeps the terms it
was given, and reports must be able to say which version applied). A change is made on a copy
("Kopiëren als nieuwe versie") that is published when it is ready ("Publiceren").
"""
from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from city import geo
from desk.routing.models import (
    CannedAnswer,
    Category,
    ClosingDay,
    Department,
    ResponseMatrix,
    ResponseTerm,
    RoutingRule,
)
from desk.routing.terms import active_matrix
from desk.states import staff_state_choices


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "email", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "code", "email")
    filter_horizontal = ("members",)
    ordering = ("name",)


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "parent", "group", "is_public", "location_required", "is_active", "order")
    list_filter = ("is_public", "location_required", "is_active", "group")
    search_fields = ("name", "name_fr", "name_en", "slug", "keywords")
    prepopulated_fields = {"slug": ("name",)}
    ordering = ("order", "name")


def _district_choices():
    try:
        found = geo.districts()
    except Exception:  # no city map configured: the field stays free text
        return None
    return [("", _("alle wijken")), *found]


class RoutingRuleForm(forms.ModelForm):
    class Meta:
        model = RoutingRule
        fields = ("rank", "category", "kind", "channel", "district", "department", "is_active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _district_choices()
        if choices:
            current = self.initial.get("district") or ""
            if current and current not in dict(choices):
                choices.append((current, current))
            self.fields["district"] = forms.ChoiceField(label=_("wijk"), choices=choices, required=False)


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    form = RoutingRuleForm
    list_display = ("rank", "category", "kind", "channel", "district", "department", "is_active")
    list_display_links = ("rank",)
    list_filter = ("is_active", "department", "kind", "channel")
    ordering = ("rank", "pk")


@admin.register(ClosingDay)
class ClosingDayAdmin(admin.ModelAdmin):
    list_display = ("date", "name")
    date_hierarchy = "date"
    ordering = ("-date",)


@admin.register(CannedAnswer)
class CannedAnswerAdmin(admin.ModelAdmin):
    list_display = ("title", "category", "state", "proposed_state", "is_active")
    list_filter = ("is_active", "state", "category")
    search_fields = ("title", "body")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("state", "proposed_state"):
            empty = _("elke status") if db_field.name == "state" else _("geen voorstel")
            return forms.ChoiceField(label=db_field.verbose_name, required=False, help_text=db_field.help_text,
                                     choices=[("", empty), *staff_state_choices()])
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ResponseTermInline(admin.TabularInline):
    model = ResponseTerm
    extra = 0
    fields = ("category", "kind", "channel", "priority", "department", "first_response_hours", "resolution_days",
              "calendar_days")

    def _editable(self, obj) -> bool:
        return obj is None or obj.published_at is None

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


def next_version() -> int:
    return (ResponseMatrix.objects.aggregate(highest=Max("version"))["highest"] or 0) + 1


@transaction.atomic
def copy_matrix(matrix: ResponseMatrix) -> ResponseMatrix:
    """A new unpublished version with all the terms of ``matrix``."""
    copy = ResponseMatrix.objects.create(version=next_version(), label=matrix.label, published_at=None)
    ResponseTerm.objects.bulk_create([
        ResponseTerm(matrix=copy, category_id=term.category_id, kind=term.kind, channel=term.channel,
                     priority=term.priority, department_id=term.department_id,
                     first_response_hours=term.first_response_hours, resolution_days=term.resolution_days,
                     calendar_days=term.calendar_days)
        for term in matrix.terms.order_by("pk")
    ])
    return copy


@admin.register(ResponseMatrix)
class ResponseMatrixAdmin(admin.ModelAdmin):
    list_display = ("version", "label", "term_count", "published_at", "is_active_version")
    ordering = ("-version",)
    inlines = [ResponseTermInline]
    actions = ["copy_as_new_version", "publish"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(term_total=Count("terms"))

    @admin.display(description=_("termijnen"), ordering="term_total")
    def term_count(self, obj):
        return obj.term_total

    @admin.display(description=_("in gebruik"), boolean=True)
    def is_active_version(self, obj):
        active = active_matrix()
        return active is not None and active.pk == obj.pk

    def get_fields(self, request, obj=None):
        return ("version", "label", "published_at")

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ("published_at",)
        return ("version", "label", "published_at") if obj.published_at else ("version", "published_at")

    def get_changeform_initial_data(self, request):
        return {"version": next_version(), **super().get_changeform_initial_data(request)}

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.published_at is not None:
            return False  # published: read-only; copy it to change it
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.published_at is not None:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # one version at a time, and never a published one
        return actions

    @admin.action(description=_("Kopiëren als nieuwe versie"), permissions=["add"])
    def copy_as_new_version(self, request, queryset):
        copies = [copy_matrix(matrix) for matrix in queryset.order_by("version")]
        self.message_user(request, ngettext(
            "Nieuwe versie %(versions)s gemaakt. Pas ze aan en publiceer ze dan.",
            "Nieuwe versies %(versions)s gemaakt. Pas ze aan en publiceer ze dan.", len(copies))
            % {"versions": ", ".join(f"v{copy.version}" for copy in copies)}, messages.SUCCESS)

    @admin.action(description=_("Publiceren"), permissions=["change"])
    def publish(self, request, queryset):
        published, skipped = [], []
        now = timezone.now()
        with transaction.atomic():
            # The changelist's queryset counts terms (GROUP BY), which cannot be locked: lock the rows by pk.
            chosen = queryset.values_list("pk", flat=True)
            for matrix in ResponseMatrix.objects.select_for_update().filter(pk__in=list(chosen)).order_by("version"):
                if matrix.published_at is not None:
                    skipped.append(_("v%(version)s is al gepubliceerd") % {"version": matrix.version})
                elif not matrix.terms.exists():
                    skipped.append(_("v%(version)s heeft geen termijnen") % {"version": matrix.version})
                else:
                    ResponseMatrix.objects.filter(pk=matrix.pk).update(published_at=now)
                    published.append(f"v{matrix.version}")
        if published:
            self.message_user(request, _("Gepubliceerd: %(versions)s. Nieuwe dossiers krijgen de termijnen van "
                                         "de hoogste gepubliceerde versie.") % {"versions": ", ".join(published)},
                              messages.SUCCESS)
        if skipped:
            self.message_user(request, _("Niet gepubliceerd: %(reasons)s.") % {"reasons": "; ".join(skipped)},
                              messages.WARNING)
