from permits.models.applications import (
    Applicant,
    CoOrganizer,
    EventType,
    PermitApplication,
    Status,
    TimelineEntry,
    TransitionNotAllowed,
)
from permits.models.decisions import Decision, RefusalGround, RefusalReason
from permits.models.documents import Document
from permits.models.jurisdictions import Authority, Jurisdiction

__all__ = [
    "Applicant",
    "Authority",
    "CoOrganizer",
    "Decision",
    "Document",
    "EventType",
    "Jurisdiction",
    "PermitApplication",
    "RefusalGround",
    "RefusalReason",
    "Status",
    "TimelineEntry",
    "TransitionNotAllowed",
]
