from permits.models.applications import (
    Applicant,
    CoOrganizer,
    EventType,
    PermitApplication,
    Status,
    TimelineEntry,
    TransitionNotAllowed,
)
from permits.models.co_organizers import CoOrganizerInvitation
from permits.models.deadlines import (
    CalendarOverride,
    CountedFrom,
    Deadline,
    DeadlineKind,
    DeadlineRule,
    RemedyOutlook,
    RuleKind,
    SourceStatus,
    Unit,
    working_calendar,
)
from permits.models.decisions import Decision, RefusalGround, RefusalReason
from permits.models.documents import Document
from permits.models.jurisdictions import EDIT_REFERENCE_DATA, Authority, Jurisdiction, is_site_editor

__all__ = [
    "EDIT_REFERENCE_DATA",
    "Applicant",
    "Authority",
    "CalendarOverride",
    "CoOrganizer",
    "CoOrganizerInvitation",
    "CountedFrom",
    "Deadline",
    "DeadlineKind",
    "DeadlineRule",
    "Decision",
    "Document",
    "EventType",
    "Jurisdiction",
    "PermitApplication",
    "RefusalGround",
    "RefusalReason",
    "RemedyOutlook",
    "RuleKind",
    "SourceStatus",
    "Status",
    "TimelineEntry",
    "TransitionNotAllowed",
    "Unit",
    "is_site_editor",
    "working_calendar",
]
