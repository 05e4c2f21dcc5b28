from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        """Listen to the apps reminders reads; they never import reminders. Each receiver only
        enqueues a sync task after commit (reminders.receivers)."""
        from organizations.models import Membership
        from permits.signals import application_event, authority_reviewed, deadlines_changed
        from reminders import receivers, telegram  # noqa: F401 (registers the Telegram acknowledge button)

        deadlines_changed.connect(receivers.deadlines_changed, dispatch_uid="reminders.deadlines_changed")
        application_event.connect(receivers.application_event, dispatch_uid="reminders.application_event")
        authority_reviewed.connect(receivers.authority_reviewed, dispatch_uid="reminders.authority_reviewed")
        # Every membership change (added, role changed, left, invitation accepted) goes through
        # save() or delete(): Django's own model signals see them all.
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(
                receivers.membership_saved_or_deleted, sender=Membership, dispatch_uid=f"reminders.membership.{name}"
            )
        post_save.connect(receivers.user_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="reminders.user")
        try:
            volunteer = apps.get_model("appeals", "AppealVolunteer")
        except LookupError:
            return  # the appeals app has no volunteers yet
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            uid = f"reminders.volunteer.{name}"
            signal.connect(receivers.appeal_volunteer_saved_or_deleted, sender=volunteer, dispatch_uid=uid)
