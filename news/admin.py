"""Admin: topics are managed here; posts are read-only (they change through the calendar's services, which
keep the audit trail); e-mail followers can be looked up and removed (a request to be forgotten)."""
from django.contrib import admin

from .models import Post, PostEvent, Subscriber, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name_nl", "slug", "position", "is_active")
    list_editable = ("position", "is_active")
    prepopulated_fields = {"slug": ("name_nl",)}


class PostEventInline(admin.TabularInline):
    model = PostEvent
    fields = ("at", "action", "actor", "actor_label", "from_status", "to_status", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "published_at", "author")
    list_filter = ("kind", "status")
    search_fields = ("title", "slug")
    inlines = [PostEventInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in Post._meta.fields] + ["topics"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ("pk", "language", "crisis", "created_at", "confirmed_at")
    list_filter = ("language", "crisis")
    search_fields = ("email",)  # exact look-ups for a person's request; the list shows no addresses
    fields = ("email", "language", "crisis", "topics", "created_at", "confirmed_at")
    readonly_fields = ("created_at", "confirmed_at")
    show_full_result_count = False

    def has_add_permission(self, request):
        return False
