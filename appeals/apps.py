from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "appeals"
    verbose_name = _("Appeals")

    def ready(self):
        # The audit trail (config/audit.py): appeals and their children are scoped to the
        # application, so its history page lists them. The draft's text stays out of the trail:
        # its revisions are the record of every word (draft_save logs each new version).
        from appeals.models import (
            Appeal,
            AppealDraft,
            AppealInvitation,
            AppealVolunteer,
            Argument,
            Citation,
            DraftTemplate,
            Hearing,
        )
        from config import audit

        # `appeal=`: a volunteer reads the history of their own appeal, not of the application's others.
        audit.track(Appeal, application="application_id", appeal="pk")
        audit.track(AppealVolunteer, application=lambda a: a.appeal.application_id, appeal="appeal_id", user="user_id")
        # The token is the invitation link's credential: never in the trail.
        audit.track(
            AppealInvitation,
            application=lambda i: i.appeal.application_id,
            appeal="appeal_id",
            exclude_fields=["token"],
        )
        audit.track(Hearing, application=lambda h: h.appeal.application_id, appeal="appeal_id")
        audit.track(
            AppealDraft, application=lambda d: d.appeal.application_id, appeal="appeal_id", exclude_fields=["text"]
        )
        # The shared library: no application or group; who changed an argument or a template.
        audit.track(Argument)
        audit.track(Citation)
        audit.track(DraftTemplate)

        # An operator's change to a deadline rule or a calendar correction: the appeals' own
        # deadlines follow the applications' (appeals.receivers enqueues the task after commit).
        from appeals import receivers
        from permits.signals import deadlines_recomputed

        deadlines_recomputed.connect(receivers.deadlines_recomputed, dispatch_uid="appeals.deadlines_recomputed")
