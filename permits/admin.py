"""Admin for every permits model: search, filters, and the children edited beside their parent.

Statuses change only through the lifecycle verbs (STYLE.md §2): `status` is read-only here, and
decisions and documents are recorded on the application page (the verb and the upload check), so
the admin corrects them but does not add them. What the admin does change goes through the same
verb as the page and the API (issue 13): an application's fields through PermitApplication.change,
which recomputes the deadlines and files a draft given a filing date; a field no verb of the admin
covers is read-only."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from permits.admin_reference import ReferenceDataAdmin
from permits.models import (
    Applicant,
    Authority,
    CoOrganizer,
    Decision,
    Document,
    Jurisdiction,
    PermitApplication,
    RefusalGround,
    RefusalReason,
    TimelineEntry,
)


class AuthorityInline(ReferenceDataAdmin, TranslationTabularInline):
    model = Authority
    extra = 0
    fields = ["name"]


@admin.register(Jurisdiction)
class JurisdictionAdmin(ReferenceDataAdmin, TranslationAdmin):
    list_display = ["code", "name", "parent", "country", "subdivision", "time_zone"]
    list_filter = ["country"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    inlines = [AuthorityInline]


class SharedOrGroupFilter(admin.SimpleListFilter):
    """Shared reference data, or a group's own addition waiting to be published."""

    title = _("shared")
    parameter_name = "shared"

    def lookups(self, request, model_admin):
        return [("yes", _("Shared with every group")), ("no", _("A group's own"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(organization__isnull=self.value() == "yes")
        return queryset


def report_published(model_admin, request, published: int, clashing: list):
    """Tell the editor what "Publish for everyone" did, and what it left private and why."""
    if published:
        model_admin.message_user(
            request,
            ngettext(
                "%(count)d entry published for every group.", "%(count)d entries published for every group.", published
            )
            % {"count": published},
            messages.SUCCESS,
        )
    if clashing:
        model_admin.message_user(
            request,
            gettext("Left with their group, as a shared one of the same name exists: %(names)s.")
            % {"names": ", ".join(str(item) for item in clashing)},
            messages.WARNING,
        )


@admin.register(Authority)
class AuthorityAdmin(ReferenceDataAdmin, TranslationAdmin):
    list_display = ["name", "jurisdiction", "organization", "created_by"]
    list_filter = [SharedOrGroupFilter, "jurisdiction"]
    search_fields = ["name", "jurisdiction__code", "jurisdiction__name"]
    list_select_related = ["jurisdiction", "organization", "created_by"]
    autocomplete_fields = ["jurisdiction", "organization"]
    raw_id_fields = ["created_by"]
    # The review is the editors' verbs' (publish, merge, decline: the queue page and the API), never
    # a field typed here.
    readonly_fields = ["review_status", "review_note", "reviewed_by", "reviewed_at"]
    actions = ["publish"]

    @admin.action(description=_("Publish for everyone"), permissions=["change"])
    def publish(self, request, queryset):
        report_published(self, request, *queryset.publish(by=request.user))


class ApplicantInline(admin.TabularInline):
    model = Applicant
    extra = 0
    fields = ["name", "position"]


class CoOrganizerInline(admin.TabularInline):
    model = CoOrganizer
    extra = 0
    autocomplete_fields = ["organization"]


class TimelineEntryInline(admin.TabularInline):
    # Read here: an entry is written by a verb or by a member on the application page (TimelineEntry.add).
    model = TimelineEntry
    extra = 0
    fields = ["happened_on", "kind", "summary", "created_by"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class PermitApplicationAdminForm(forms.ModelForm):
    """The model's rules run on the form as on the page (ModelForm's full_clean: the registration
    date not in the future, the end after the start); the verb's own rule on the change too."""

    class Meta:
        model = PermitApplication
        fields = [*PermitApplication.PLAIN_FIELDS, *PermitApplication.DATE_FIELDS]

    def clean(self):
        data = super().clean()
        current = PermitApplication.objects.get(pk=self.instance.pk) if self.instance.pk else None
        # A draft given a filing date is filed by the verb; a filed one must keep a date.
        if current is not None and not current.is_draft and "filed_on" in self.changed_data:
            try:
                current.check_date_changes(filed_on=data.get("filed_on"))
            except ValidationError as error:
                self.add_error(None, error)
        return data


@admin.register(PermitApplication)
class PermitApplicationAdmin(admin.ModelAdmin):
    form = PermitApplicationAdminForm
    list_display = ["title", "status", "event_type", "organization", "authority", "starts_at", "filed_on"]
    list_filter = ["status", "event_type", "channel", "authority__jurisdiction", "starts_at"]
    search_fields = ["title", "purpose", "location", "reference_number", "organization__name", "applicants__name"]
    list_select_related = ["organization", "authority"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["organization", "authority"]
    readonly_fields = ["status", "created_by", "created_at", "updated_at"]
    inlines = [ApplicantInline, CoOrganizerInline, TimelineEntryInline]

    def save_model(self, request, application, form, change):
        # Through the verbs, as on the page: a plain save would move no deadline and could leave a
        # draft with a filing date.
        if not change:
            filed_on, application.filed_on = application.filed_on, None
            application.created_by = request.user
            application.save()
            if filed_on is not None:
                application.file(on=filed_on, by=request.user)
            else:
                application.refresh_deadlines(by=request.user)
            return
        fields = {*PermitApplication.PLAIN_FIELDS, *PermitApplication.DATE_FIELDS}
        changes = {name: form.cleaned_data[name] for name in form.changed_data if name in fields}
        form.instance = PermitApplication.objects.get(pk=application.pk).change(by=request.user, **changes)


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["name", "application"]
    search_fields = ["name", "application__title"]
    list_select_related = ["application"]
    list_filter = ["application__organization"]
    raw_id_fields = ["application"]


@admin.register(CoOrganizer)
class CoOrganizerAdmin(admin.ModelAdmin):
    list_display = ["organization", "application"]
    search_fields = ["organization__name", "application__title"]
    list_select_related = ["organization", "application"]
    list_filter = ["organization"]
    raw_id_fields = ["application", "organization"]


@admin.register(TimelineEntry)
class TimelineEntryAdmin(admin.ModelAdmin):
    """Read and, for what a person wrote, delete (abuse, a private detail). An entry is added and
    edited on the application page or in the API, through TimelineEntry.add and edit, which hold
    the rules (a date a person can mean, the kinds a person may write, who may change it); what
    Ruqsat wrote is the record of a verb and stays."""

    list_display = ["happened_on", "kind", "summary", "application", "created_by"]
    list_filter = ["kind", "happened_on"]
    search_fields = ["summary", "details", "application__title"]
    list_select_related = ["application", "created_by"]
    date_hierarchy = "happened_on"
    fields = ["application", "happened_on", "kind", "summary", "details", "created_by", "created_at", "edited_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, entry=None):
        if entry is not None and entry.is_system:
            return False
        return super().has_delete_permission(request, entry)


class NamedValuesFilter(admin.AllValuesFieldListFilter):
    """Django's filter by each value in use, except that a blank value gets the admin's name for an
    empty one: Django leaves it an empty link, which a screen reader announces as nothing."""

    def choices(self, changelist):
        for choice in super().choices(changelist):
            yield {**choice, "display": self.empty_value_display} if choice["display"] == "" else choice


@admin.register(RefusalReason)
class RefusalReasonAdmin(ReferenceDataAdmin, TranslationAdmin):
    list_display = ["code", "name", "legal_basis", "position"]
    list_editable = ["position"]
    search_fields = ["code", "name", "description", "legal_basis"]
    list_filter = [("legal_basis", NamedValuesFilter)]


class RefusalGroundInline(admin.StackedInline):
    model = RefusalGround
    extra = 0
    fields = ["reason", "quote", "note", "position"]
    readonly_fields = fields  # corrected through Decision.correct, on the application page or the API

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["application", "outcome", "decided_on", "received_on", "reference_number"]
    list_filter = ["outcome", "decided_on", "application__authority"]
    search_fields = ["application__title", "reference_number", "grounds__quote"]
    list_select_related = ["application"]
    date_hierarchy = "decided_on"
    raw_id_fields = ["application", "recorded_by"]
    # What was recorded changes only through Decision.correct / void (the application page, the API),
    # which write the timeline and move the deadlines that follow: a plain save here would do neither.
    readonly_fields = ["application", *Decision.CORRECTABLE, "created_at"]
    inlines = [RefusalGroundInline]

    def has_add_permission(self, request):
        return False  # recorded through PermitApplication.record_decision, which sets the status

    def has_delete_permission(self, request, obj=None):
        return False  # voided through Decision.void, which files the application again


@admin.register(RefusalGround)
class RefusalGroundAdmin(admin.ModelAdmin):
    list_display = ["reason", "decision", "short_quote"]
    list_filter = ["reason"]
    search_fields = ["quote", "note", "decision__application__title"]
    list_select_related = ["reason", "decision", "decision__application"]
    # Corrected through Decision.correct (the application page, the API), which names the change on
    # the timeline: a plain save here would not.
    fields = ["decision", "reason", "quote", "note", "position"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, ground=None):
        return False

    @admin.display(description=_("the authority's words"))
    def short_quote(self, ground):
        return ground.quote[:80]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "application", "content_type", "size", "uploaded_by", "uploaded_at"]
    list_filter = ["kind", "content_type", "uploaded_at"]
    search_fields = ["title", "original_name", "application__title"]
    list_select_related = ["application", "uploaded_by"]
    fields = ["application", "kind", "title", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]
    readonly_fields = ["application", "original_name", "content_type", "size", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False  # uploads go through the application page, which checks the file's bytes

    # Deleting here, too, removes the file from the disk at once (Document.remove), and the timeline
    # says so; a plain delete would leave the scan on the server.
    def delete_model(self, request, document):
        document.remove(by=request.user)

    def delete_queryset(self, request, queryset):
        for document in queryset.select_related("application__authority__jurisdiction"):
            document.remove(by=request.user)


from permits.admin_deadlines import *  # noqa: E402,F403
