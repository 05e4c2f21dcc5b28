from permits.models.applications import (
    Applicant,
    CoOrganizer,
    EventType,
    PermitApplication,
    Status,
    TimelineEntry,
)
from permits.models.co_organizers import CoOrganizerInvitation
from permits.models.deadlines import Deadline
from permits.models.decisions import Decision, RefusalGround, RefusalReason
from permits.models.documents import Document
from permits.models.filing import FilingDetails
from permits.models.jurisdictions import (
    EDIT_REFERENCE_DATA,
    Authority,
    Jurisdiction,
    is_site_editor,
    within_jurisdiction,
)
from permits.models.planning import DeadlineKind, RemedyOutlook
from permits.models.rules import (
    CalendarOverride,
    CountedFrom,
    DeadlineRule,
    RuleKind,
    SourceStatus,
    Unit,
    working_calendar,
)
from permits.models.transitions import StatusTransitions, TransitionNotAllowed

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
    "FilingDetails",
    "Jurisdiction",
    "PermitApplication",
    "RefusalGround",
    "RefusalReason",
    "RemedyOutlook",
    "RuleKind",
    "SourceStatus",
    "Status",
    "StatusTransitions",
    "TimelineEntry",
    "TransitionNotAllowed",
    "Unit",
    "is_site_editor",
    "within_jurisdiction",
    "working_calendar",
]
