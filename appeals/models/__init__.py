from appeals.models.appeals import (
    Appeal,
    AppealOutcome,
    AppealStatus,
    Venue,
)
from appeals.models.drafts import MAX_DRAFT_CHARS, AppealDraft, DraftConflict, DraftRevision, RevisionOrigin
from appeals.models.hearings import Hearing
from appeals.models.invitations import AppealInvitation
from appeals.models.library import Argument, ArgumentKind, Citation, DraftTemplate
from appeals.models.volunteers import AppealVolunteer

__all__ = [
    "MAX_DRAFT_CHARS",
    "Appeal",
    "AppealDraft",
    "AppealInvitation",
    "AppealOutcome",
    "AppealStatus",
    "AppealVolunteer",
    "Argument",
    "ArgumentKind",
    "Citation",
    "DraftConflict",
    "DraftRevision",
    "DraftTemplate",
    "Hearing",
    "RevisionOrigin",
    "Venue",
]
