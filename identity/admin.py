from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from . import nrn
from .models import Resident, User
from .sign_in_labels import describe_acr


@admin.register(User)
class ThuisloketUserAdmin(UserAdmin):
    list_display = ("username", "first_name", "last_name", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    """Read-mostly: residents are created by signing in; the national number is only shown masked."""

    list_display = ("__str__", "masked_number", "preferred_language", "last_sign_in_at")
    list_filter = ("preferred_language",)
    search_fields = ("family_name", "given_name")
    fields = ("user", "given_name", "family_name", "masked_number", "preferred_language",
              "created_at", "last_sign_in_at", "last_sign_in")
    readonly_fields = ("user", "given_name", "family_name", "masked_number", "created_at",
                       "last_sign_in_at", "last_sign_in")
    ordering = ("family_name", "given_name")

    @admin.display(description=_("rijksregisternummer"))
    def masked_number(self, obj):
        return nrn.masked(obj.national_number) if obj.national_number else ""

    @admin.display(description=_("laatste aanmelding met"))
    def last_sign_in(self, obj):
        return describe_acr(obj.last_sign_in_acr)

    def get_search_results(self, request, queryset, search_term):
        # A full national number is found through its keyed hash, never by comparing the number.
        try:
            digits = nrn.validate(search_term)
        except nrn.InvalidNationalNumber:
            return super().get_search_results(request, queryset, search_term)
        return queryset.filter(nrn_hash=nrn.keyed_hash(digits)), False

    def has_add_permission(self, request):
        return False

from .assist import admin as _assist_admin  # noqa: E402,F401  (registers public computers and assisted sessions)
