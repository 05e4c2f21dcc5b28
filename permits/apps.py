from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "permits"
    verbose_name = _("Permits")

    def ready(self):
        from config import audit
        from permits.models import (
            Applicant,
            Authority,
            CalendarOverride,
            CoOrganizer,
            Deadline,
            DeadlineRule,
            Decision,
            Document,
            Jurisdiction,
            PermitApplication,
            RefusalGround,
            RefusalReason,
            TimelineEntry,
        )
        from permits.search import register_sqlite_functions

        # The application search's case folding on SQLite (permits.search).
        connection_created.connect(register_sqlite_functions, dispatch_uid="permits.search.sqlite_functions")

        # The audit trail (config/audit.py): everything under an application is scoped to it, so
        # its history page lists it, deleted rows included.
        audit.track(PermitApplication, application="pk", organization="organization_id", m2m_fields={"co_organizers"})
        audit.track(Applicant, application="application_id")
        audit.track(CoOrganizer, application="application_id")
        audit.track(TimelineEntry, application="application_id")
        audit.track(Decision, application="application_id")
        audit.track(RefusalGround, application=RefusalGround.audited_application_id)
        # Metadata only: the stored file's path says nothing, and the content is never logged.
        audit.track(Document, application="application_id", exclude_fields=["file"])
        # computation_data is the machine form of `computation`; due_at follows from due_on.
        audit.track(
            Deadline, application="application_id", appeal="appeal_id", exclude_fields=["computation_data", "due_at"]
        )
        # Operators' rules and calendar corrections move every group's deadlines: who changed them, when.
        audit.track(DeadlineRule)
        audit.track(CalendarOverride)
        # The rest of the reference data site editors change (the library is tracked in appeals.apps).
        audit.track(Jurisdiction)
        audit.track(RefusalReason)
        audit.track(Authority, organization="organization_id")
