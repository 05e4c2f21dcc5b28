"""Reminders in the admin: read-only records of what was planned and what happened, with a filter
for staff on reminders that have been failing for more than a day."""

import datetime as dt

from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reminders.models import (
    Acknowledgement,
    Digest,
    Notification,
    NotificationDelivery,
    Reminder,
    ReminderPreference,
    SweepRecord,
)


class FailingFilter(admin.SimpleListFilter):
    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [
            ("failing_day", _("Failing for more than a day")),
            ("failing", _("Failing, being retried")),
            ("gave_up", _("Failed for good")),
        ]

    def queryset(self, request, queryset):
        period = dt.timedelta(seconds=settings.REMINDER_FAILURE_REPORT_AFTER_SECONDS)
        if self.value() == "failing_day":
            return queryset.failing_for(period)
        if self.value() == "failing":
            return queryset.filter(status=Reminder.Status.PENDING, attempts__gt=0)
        if self.value() == "gave_up":
            return queryset.filter(status=Reminder.Status.FAILED)
        return queryset


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows written by the sweep and the sync; changing them by hand would break their record."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["send_at", "recipient", "deadline", "purpose", "offset_days", "status", "attempts", "sent_at"]
    list_filter = [FailingFilter, "status", "purpose", "offset_days"]
    search_fields = ["recipient__username", "recipient__email", "deadline__application__title", "last_error"]
    list_select_related = ["recipient", "deadline"]
    date_hierarchy = "send_at"
    ordering = ["-send_at", "-id"]
    readonly_fields = [field.name for field in Reminder._meta.fields]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind", "text", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    search_fields = ["user__username", "title"]
    list_select_related = ["user", "application", "actor"]
    readonly_fields = [field.name for field in Notification._meta.fields]


@admin.register(NotificationDelivery)
class NotificationDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "notification", "channel", "status", "attempts", "sent_at"]
    list_filter = ["channel", "status"]
    search_fields = ["notification__user__username"]
    list_select_related = ["notification__user"]
    readonly_fields = [field.name for field in NotificationDelivery._meta.fields]


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ["period_start", "user", "frequency", "status", "attempts", "sent_at"]
    list_filter = ["status", "frequency"]
    search_fields = ["user__username", "last_error"]
    list_select_related = ["user"]
    date_hierarchy = "period_start"
    readonly_fields = [field.name for field in Digest._meta.fields]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ReadOnlyAdmin):
    list_display = ["acknowledged_at", "user", "deadline", "via"]
    list_select_related = ["user", "deadline"]
    readonly_fields = [field.name for field in Acknowledgement._meta.fields]


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(ReadOnlyAdmin):
    list_display = [
        "user",
        "wants_reminders",
        "offsets",
        "by_email",
        "in_app",
        "email_events",
        "discreet",
        "digest",
        "updated_at",
    ]
    search_fields = ["user__username"]
    readonly_fields = [field.name for field in ReminderPreference._meta.fields]


@admin.register(SweepRecord)
class SweepRecordAdmin(ReadOnlyAdmin):
    list_display = ["name", "last_started_at", "last_finished_at", "sent", "failed", "skipped", "age"]
    readonly_fields = [field.name for field in SweepRecord._meta.fields]

    @admin.display(description=_("minutes since"))
    def age(self, record):
        if record.last_finished_at is None:
            return "—"
        return int((timezone.now() - record.last_finished_at).total_seconds() // 60)
