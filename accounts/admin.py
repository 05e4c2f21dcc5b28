from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from organizations.models import Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organization"]
    fields = ["organization", "role", "joined_at"]
    readonly_fields = ["joined_at"]


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
    inlines = [MembershipInline]
