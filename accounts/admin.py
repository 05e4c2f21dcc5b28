from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, User
from organizations.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["organization", "role", "joined_at"]
    readonly_fields = ["joined_at"]


class ApiTokenInline(admin.TabularInline):
    """A person's API tokens, for an operator to revoke (tick "delete"). Created only by their
    owner or `manage.py api_token`: the key is shown once, and never here."""

    model = ApiToken
    extra = 0
    fields = ["name", "created_at", "expires_at", "last_used_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Preferences"), {"fields": ("language", "time_zone")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Preferences"), {"fields": ("email", "first_name", "last_name", "language", "time_zone")}),
    )
    list_display = ["username", "email", "first_name", "last_name", "language", "time_zone", "is_staff", "is_active"]
    list_filter = [*DjangoUserAdmin.list_filter, "language"]
    search_fields = ["username", "email", "first_name", "last_name"]
    inlines = [MembershipInline, ApiTokenInline]
