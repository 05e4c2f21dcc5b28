from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from organizations.models import INVITATION_LIFETIME, Invitation, Membership, Organization

INVITATION_STATES = {
    "pending": _("Pending"),
    "accepted": _("Accepted"),
    "revoked": _("Revoked"),
    "expired": _("Expired"),
}


class SingleUseLinkAdmin:
    """What the admin shows and does for any invitation (organizations.SingleUseLink): its state,
    and a revoke action for the list (list it in `actions` to offer it)."""

    @admin.display(description=_("state"))
    def state_display(self, invitation):
        return INVITATION_STATES[invitation.state]

    @admin.action(description=_("Revoke the selected pending invitations"))
    def revoke_selected(self, request, queryset):
        revoked = 0
        for invitation in queryset.pending():
            invitation.revoke()
            revoked += 1
        self.message_user(
            request,
            ngettext("%(count)d invitation revoked.", "%(count)d invitations revoked.", revoked) % {"count": revoked},
            messages.SUCCESS,
        )


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "organization", "role"]

    def clean(self):
        cleaned_data = super().clean()
        # The same rule the pages follow: a group keeps at least one coordinator.
        if self.instance.pk and self.instance.role == Membership.Role.COORDINATOR:
            new_role = cleaned_data.get("role")
            if new_role and new_role != Membership.Role.COORDINATOR:
                original = Membership.objects.get(pk=self.instance.pk)
                original.ensure_not_last_coordinator()
        return cleaned_data


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipAdminForm
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "joined_at"]
    readonly_fields = ["joined_at"]


class InvitationInline(SingleUseLinkAdmin, admin.TabularInline):
    model = Invitation
    extra = 0
    fields = ["email", "role", "invited_by", "expires_at", "state_display"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True
    view_on_site = False  # the accept page: an operator has no business opening it

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "member_count", "created_at"]
    list_filter = ["kind", "city"]
    search_fields = ["name", "city"]
    date_hierarchy = "created_at"
    inlines = [MembershipInline, InvitationInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, organization):
        return organization.member_count


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "organization", "role", "joined_at"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__email", "user__first_name", "user__last_name", "organization__name"]
    autocomplete_fields = ["user", "organization"]
    list_select_related = ["user", "organization"]


class InvitationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(INVITATION_STATES.items())

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "pending":
            return queryset.pending()
        if self.value() == "accepted":
            return queryset.filter(accepted_at__isnull=False)
        if self.value() == "revoked":
            return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(SingleUseLinkAdmin, admin.ModelAdmin):
    list_display = ["organization", "email", "role", "invited_by", "expires_at", "state_display"]
    list_filter = [InvitationStateFilter, "role", "organization"]
    search_fields = ["email", "organization__name", "invited_by__username", "accepted_by__username"]
    autocomplete_fields = ["organization", "invited_by"]
    readonly_fields = ["token", "created_at", "accepted_at", "accepted_by", "revoked_at"]
    list_select_related = ["organization", "invited_by"]
    actions = ["revoke_selected"]
    view_on_site = False

    def get_changeform_initial_data(self, request):
        return {"expires_at": timezone.now() + INVITATION_LIFETIME, "invited_by": request.user.pk}
