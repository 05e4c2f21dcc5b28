"""Admin for appeals and the argument library.

An appeal's status, outcome and deadlines change only through its verbs (the API and the
workspace), and its draft only through the conflict-safe save: here they are read-only. Its filing
day and case number are corrected here through the same verb as there (Appeal.correct, issue 13). The
library and the templates are reference data: only site editors change them (ReferenceDataAdmin),
and they publish what a group added for itself ("Publish for everyone")."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from appeals.models import (
    Appeal,
    AppealDraft,
    AppealInvitation,
    AppealVolunteer,
    Argument,
    Citation,
    DraftRevision,
    DraftTemplate,
    Hearing,
)
from organizations.admin import SingleUseLinkAdmin
from permits.admin import SharedOrGroupFilter, report_published
from permits.admin_reference import ReferenceDataAdmin


class AppealVolunteerInline(admin.TabularInline):
    model = AppealVolunteer
    fk_name = "appeal"
    extra = 0
    fields = ["user", "assigned_by", "assigned_at"]
    readonly_fields = ["assigned_by", "assigned_at"]
    autocomplete_fields = ["user"]


class AppealInvitationInline(SingleUseLinkAdmin, admin.TabularInline):
    model = AppealInvitation
    extra = 0
    fields = ["email", "invited_by", "expires_at", "accepted_by", "state_display"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # sent through appeals.volunteers.appeal_invite_and_send, which mails the link


class HearingInline(admin.TabularInline):
    model = Hearing
    extra = 0
    fields = ["starts_at", "place", "notes", "result"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False  # scheduled through Appeal.schedule_hearing, which adds the deadline


class AppealAdminForm(forms.ModelForm):
    class Meta:
        model = Appeal
        fields = ["filed_on", "case_number", "language"]

    def clean(self):
        # The verb's rules, asked before anything is saved (a day still to come, before the refusal).
        data = super().clean()
        corrections = {name: data.get(name) for name in ("filed_on", "case_number") if name in self.changed_data}
        if corrections and not self.errors:
            try:
                Appeal.objects.get(pk=self.instance.pk).check_correction(**corrections)
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    form = AppealAdminForm
    list_display = ["application", "venue", "status", "filing_deadline_on", "outcome", "created_at"]
    list_filter = ["venue", "status", "outcome", "language"]
    search_fields = ["application__title", "case_number", "application__organization__name"]
    list_select_related = ["application", "filing_deadline"]
    readonly_fields = [
        "application",
        "decision",
        "venue",
        "status",
        "outcome",
        "decided_on",
        "filing_deadline",
        # Moves the venue's answer deadline: set on the workspace or in the API (the verb).
        "complaint_decision_received_on",
        "created_by",
        "created_at",
        "updated_at",
    ]
    fields = [
        "application",
        "decision",
        "venue",
        "status",
        "filing_deadline",
        "filed_on",
        "case_number",
        "outcome",
        "decided_on",
        "complaint_decision_received_on",
        "language",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [AppealVolunteerInline, AppealInvitationInline, HearingInline]

    @admin.display(description=_("last day to file"), ordering="filing_deadline__due_on")
    def filing_deadline_on(self, appeal):
        return appeal.filing_due_on

    def has_add_permission(self, request):
        return False  # opened through appeals.services.appeal_open (deadline, timeline, first draft)

    def save_model(self, request, appeal, form, change):
        corrections = {
            name: form.cleaned_data[name] for name in ("filed_on", "case_number") if name in form.changed_data
        }
        current = Appeal.objects.get(pk=appeal.pk)
        if "language" in form.changed_data:
            current.language = form.cleaned_data["language"]
            current.save(update_fields=["language", "updated_at"])
        if corrections:
            current.correct(by=request.user, **corrections)
        form.instance = current


class DraftRevisionInline(admin.TabularInline):
    model = DraftRevision
    extra = 0
    fields = ["version", "origin", "author", "created_at", "note", "arguments_used"]
    readonly_fields = fields
    can_delete = False
    ordering = ["-created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AppealDraft)
class AppealDraftAdmin(admin.ModelAdmin):
    list_display = ["appeal", "version", "updated_by", "updated_at"]
    readonly_fields = ["appeal", "text", "version", "updated_by", "updated_at"]
    inlines = [DraftRevisionInline]

    def has_add_permission(self, request):
        return False


class CitationInline(ReferenceDataAdmin, admin.TabularInline):
    model = Citation
    extra = 1
    # A link typed without a scheme is https (what Django 6 will assume; 5.2 warns otherwise).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = ["instrument", "article_or_paragraph", "url", "in_force_from", "confirmed", "position"]


@admin.register(Argument)
class ArgumentAdmin(ReferenceDataAdmin, admin.ModelAdmin):
    list_display = [
        "title",
        "code",
        "kind",
        "language",
        "in_force_from",
        "organization",
        "version",
        "is_active",
        "updated_at",
    ]
    list_filter = [SharedOrGroupFilter, "language", "kind", "is_active", "reasons"]
    search_fields = ["title", "text", "code"]
    filter_horizontal = ["reasons"]
    autocomplete_fields = ["organization"]
    readonly_fields = ["version", "updated_by", "created_at", "updated_at"]
    inlines = [CitationInline]
    actions = ["publish"]

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            return  # only the citations may have changed: save_related() counts that version
        obj.save_new_version(by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change and not form.has_changed() and any(formset.has_changed() for formset in formsets):
            form.instance.save_new_version(by=request.user)

    @admin.action(description=_("Publish for everyone"), permissions=["change"])
    def publish(self, request, queryset):
        report_published(self, request, *queryset.publish(by=request.user))


@admin.register(DraftTemplate)
class DraftTemplateAdmin(ReferenceDataAdmin, admin.ModelAdmin):
    list_display = ["venue", "language", "updated_at"]
    list_filter = ["venue", "language"]


@admin.register(AppealInvitation)
class AppealInvitationAdmin(SingleUseLinkAdmin, admin.ModelAdmin):
    """Read and revoke. Invitations are made on the workspace or in the API (the coordinator check
    and the email); accepting one happens only through its link."""

    list_display = ["email", "appeal", "invited_by", "expires_at", "state_display"]
    search_fields = ["email", "appeal__application__title", "invited_by__username", "accepted_by__username"]
    list_select_related = ["appeal__application", "invited_by"]
    fields = ["appeal", "email", "invited_by", "created_at", "expires_at", "accepted_at", "accepted_by", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke_selected"]
    view_on_site = False  # the accept page: an operator has no business opening it

    def has_add_permission(self, request):
        return False
