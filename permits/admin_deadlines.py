"""Admin for deadline rules, calendar corrections and deadlines (loaded by permits/admin.py).

Rules and calendar corrections are edited here by operators; their model's clean() refuses a
zero count and overlapping validity periods, so the form shows those errors on the field. Deadlines
themselves are computed by the application's verbs and overridden on the application page with a
reason: here they are read-only.

Saving or deleting a rule or a calendar correction queues the recomputation of the deadlines it
governs (permits.tasks), after the commit; the "Recompute" actions stay for doing it at once."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from permits.admin_reference import ReferenceDataAdmin
from permits.models import CalendarOverride, Deadline, DeadlineRule, EventType, Jurisdiction
from permits.models.deadlines import refresh_deadlines_in
from permits.tasks import enqueue_refresh_deadlines_in

__all__ = ["CalendarOverrideAdmin", "DeadlineAdmin", "DeadlineRuleAdmin"]


class DeadlineRuleForm(forms.ModelForm):
    event_types = forms.MultipleChoiceField(
        label=_("event types"),
        choices=EventType.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: the rule applies to every event type."),
    )
    url = forms.URLField(label=_("link to the text"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = DeadlineRule
        fields = [
            "jurisdiction",
            "code",
            "kind",
            "event_types",
            "description",
            "when_missed",
            "count",
            "unit",
            "counted_from",
            "roll_forward",
            "valid_from",
            "valid_to",
            "law",
            "article",
            "paragraph",
            "url",
            "status",
            "counting_status",
            "counting_note",
        ]


def _report_refresh(modeladmin, request, jurisdictions):
    count = refresh_deadlines_in(jurisdictions)
    modeladmin.message_user(
        request,
        ngettext(
            "Deadlines recomputed for %(count)d application.",
            "Deadlines recomputed for %(count)d applications.",
            count,
        )
        % {"count": count},
        messages.SUCCESS,
    )


class RecomputesDeadlinesOnChange:
    """For the admins of models with a `jurisdiction` that deadlines are computed from (rules,
    calendar corrections): a save or a delete queues the recomputation of that jurisdiction's
    deadlines — the old one's too when a row moved to another jurisdiction — and tells the operator."""

    def save_model(self, request, obj, form, change):
        before = set()
        if change:
            before = set(type(obj).objects.filter(pk=obj.pk).values_list("jurisdiction_id", flat=True))
        super().save_model(request, obj, form, change)
        if change and not form.has_changed():
            return  # saved as it was: nothing to recompute
        self._schedule_recompute(request, before | {obj.jurisdiction_id})

    def delete_model(self, request, obj):
        jurisdiction_id = obj.jurisdiction_id
        super().delete_model(request, obj)
        self._schedule_recompute(request, {jurisdiction_id})

    def delete_queryset(self, request, queryset):
        jurisdiction_ids = set(queryset.values_list("jurisdiction_id", flat=True))
        super().delete_queryset(request, queryset)
        self._schedule_recompute(request, jurisdiction_ids)

    def _schedule_recompute(self, request, jurisdiction_ids):
        names = [str(j) for j in Jurisdiction.objects.filter(pk__in=jurisdiction_ids).order_by("code")]
        if not names:
            return
        enqueue_refresh_deadlines_in(jurisdiction_ids)
        self.message_user(
            request,
            # Translators: %(jurisdictions)s is a list of places, e.g. "Almaty (KZ-ALA)".
            gettext(
                "The deadlines of applications and appeals in %(jurisdictions)s are being recomputed "
                "with this change; their pages show the new dates in a moment."
            )
            % {"jurisdictions": ", ".join(names)},
            messages.INFO,
        )


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(ReferenceDataAdmin, RecomputesDeadlinesOnChange, TranslationAdmin):
    form = DeadlineRuleForm
    list_display = ["code", "jurisdiction", "kind", "count", "unit", "counted_from", "valid_from", "valid_to", "status"]
    list_filter = ["jurisdiction", "kind", "status", "counting_status"]
    search_fields = ["code", "law", "article", "description"]
    list_select_related = ["jurisdiction"]
    autocomplete_fields = ["jurisdiction"]
    actions = ["recompute_deadlines"]
    fieldsets = [
        (None, {"fields": ["jurisdiction", "code", "kind", "event_types", "description", "when_missed"]}),
        (_("Period"), {"fields": ["count", "unit", "counted_from", "roll_forward", "valid_from", "valid_to"]}),
        (
            _("Source"),
            {"fields": ["law", "article", "paragraph", "url", "status", "counting_status", "counting_note"]},
        ),
    ]

    @admin.action(description=_("Recompute the deadlines of applications these rules govern"))
    def recompute_deadlines(self, request, queryset):
        _report_refresh(self, request, {rule.jurisdiction for rule in queryset.select_related("jurisdiction")})


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(ReferenceDataAdmin, RecomputesDeadlinesOnChange, admin.ModelAdmin):
    list_display = ["date", "jurisdiction", "is_working_day", "note", "created_by"]
    list_filter = ["jurisdiction", "is_working_day"]
    search_fields = ["note"]
    date_hierarchy = "date"
    list_select_related = ["jurisdiction", "created_by"]
    autocomplete_fields = ["jurisdiction"]
    fields = ["jurisdiction", "date", "is_working_day", "note"]
    actions = ["recompute_deadlines"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Recompute the deadlines of applications in these jurisdictions"))
    def recompute_deadlines(self, request, queryset):
        _report_refresh(self, request, {o.jurisdiction for o in queryset.select_related("jurisdiction")})


@admin.register(Deadline)
class DeadlineAdmin(admin.ModelAdmin):
    list_display = ["label", "application", "due_on", "kind", "rule_source", "is_overridden_flag", "done_at"]
    list_filter = ["kind", "source_status", ("overridden_at", admin.EmptyFieldListFilter), "done_at"]
    search_fields = ["title", "application__title", "rule_source", "override_reason"]
    date_hierarchy = "due_on"
    list_select_related = ["application", "rule"]
    readonly_fields = [
        "application",
        "kind",
        "title",
        "due_on",
        "due_at",
        "starts_on",
        "computed_due_on",
        "rule",
        "rule_source",
        "source_status",
        "computation_text",
        "original_due_on",
        "override_reason",
        "overridden_by",
        "overridden_at",
        "done_at",
        "done_by",
        "created_by",
        "created_at",
    ]
    fields = readonly_fields

    @admin.display(description=_("how it was computed"))
    def computation_text(self, obj):
        return obj.computation

    @admin.display(description=_("overridden"), boolean=True)
    def is_overridden_flag(self, obj):
        return obj.is_overridden

    def has_add_permission(self, request):
        return False  # computed by the application's verbs, or added on the application page

    def has_change_permission(self, request, obj=None):
        return False  # overrides need a reason and a timeline entry: Deadline.override()

    def has_delete_permission(self, request, obj=None):
        return False  # a computed deadline would come back at the next recomputation
