"""filing_prepare(): the one verb behind "Prepare a filing", for the page and the API."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from config.docx_export import draft_docx
from permits.filing import check, document
from permits.filing.answers import (
    LEGAL_EVENT_TYPES,
    NOT_A_LEGAL_FORM,
    FilingAnswers,
    answers_from_application,
    check_times,
)
from permits.filing.requirements import Regime, requirements
from permits.models import Document, FilingDetails, PermitApplication
from permits.models.planning import DeadlineKind, local_today
from permits.models.rules import working_calendar

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class FilingIncomplete(Exception):
    """Items the law asks for are missing: nothing was written."""

    def __init__(self, missing: list[check.MissingItem]):
        super().__init__(", ".join(item.code for item in missing))
        self.missing = missing


class NotADraft(Exception):
    """Only a draft is prepared for filing: a filed application's filing is already made."""

    @classmethod
    def of(cls, application: PermitApplication) -> NotADraft:
        return cls(
            _("Only a draft application is prepared for filing; the status of this one: %(status)s.")
            % {"status": application.get_status_display()}
        )


@dataclass(frozen=True)
class PreparedFiling:
    document: Document
    filename: str
    content: bytes


def remembered_details(application: PermitApplication) -> FilingDetails | None:
    return FilingDetails.objects.filter(application=application).first()


def starting_answers(application: PermitApplication, *, language: str = "ru") -> FilingAnswers:
    return answers_from_application(application, remembered_details(application), language=language)


def regime_of(answers: FilingAnswers) -> Regime:
    regime = requirements().regime_for(answers.event_type)
    if regime is None:
        raise ValidationError({"event_type": NOT_A_LEGAL_FORM}, code="event_type")
    return regime


def window_for(application: PermitApplication, answers: FilingAnswers) -> check.FilingWindow:
    """The last day to file: the application's own deadline (a person may have overridden it) when
    the interview keeps its day and form; otherwise planned afresh for the day and form answered."""
    jurisdiction = application.jurisdiction
    candidate = copy.copy(application)  # planned, never saved: the same row's rules and calendar
    candidate.starts_at, candidate.event_type = answers.starts_at, answers.event_type
    if answers.starts_at is None:
        latest = None
    elif candidate.event_day == application.event_day and answers.event_type == application.event_type:
        latest = application.latest_filing_on
    else:
        plan = candidate.plan_deadlines().get(DeadlineKind.LATEST_FILING)
        latest = plan.due_on if plan else None
    return check.filing_window(local_today(jurisdiction.time_zone), latest, working_calendar(jurisdiction))


def check_filing(application: PermitApplication, answers: FilingAnswers) -> tuple[Regime, list[check.MissingItem]]:
    if answers.event_type not in LEGAL_EVENT_TYPES:
        raise ValidationError({"event_type": NOT_A_LEGAL_FORM}, code="event_type")
    regime = regime_of(answers)
    return regime, check.missing_items(answers, regime, requirements().for_regime(regime))


def filing_facts(application: PermitApplication, answers: FilingAnswers, regime: Regime) -> document.FilingFacts:
    with translation.override(answers.language):
        authority = application.authority.name  # in the document's language (modeltranslation)
    organizations = [application.organization.name, *(group.name for group in application.co_organizers.all())]
    return document.FilingFacts(
        language=answers.language,
        regime=regime,
        requirements=requirements().for_regime(regime),
        authority=authority,
        answers=answers,
        time_zone=application.jurisdiction.time_zone,
        window=window_for(application, answers),
        organizations=tuple(organizations),
    )


@transaction.atomic
def filing_prepare(*, application: PermitApplication, answers: FilingAnswers, remember: bool, by) -> PreparedFiling:
    """Check the answers, write the filing as a Word file and attach it to the application as its
    filing document. Raises NotADraft, ValidationError (a form the law does not name) or
    FilingIncomplete (the missing items, each with its article); then nothing is written or kept.

    The organizers' personal details go into the file; they are kept on the application
    (FilingDetails) only when `remember`, and forgotten when it is not."""
    if not application.is_draft:
        raise NotADraft.of(application)
    check_times(answers.starts_at, answers.ends_at)
    regime, missing = check_filing(application, answers)
    if missing:
        raise FilingIncomplete(missing)
    facts = filing_facts(application, answers, regime)
    with translation.override(answers.language):
        text = document.filing_text(facts)
        title = pgettext("filing document: the file's title", "Filing: %(title)s") % {"title": application.title}
    content = draft_docx(text, title=title, language=answers.language, addressee=document.addressee(facts))
    filename = f"filing-{application.pk}-{answers.language}.docx"
    attached = Document(
        application=application,
        kind=Document.Kind.FILING,
        # The kind and language only: the title is shown in lists and the timeline of changes, and
        # must not name the organizers.
        title=_("Filing prepared in Ruqsat (%(language)s)") % {"language": answers.language},
        content_type=DOCX,
        size=len(content),
        original_name=filename,
        uploaded_by=by,
    )
    attached.file.save(filename, ContentFile(content), save=False)
    attached.save()
    remember_details(application=application, answers=answers, remember=remember, by=by)
    return PreparedFiling(attached, filename, content)


def remember_details(*, application: PermitApplication, answers: FilingAnswers, remember: bool, by) -> None:
    if not remember:
        FilingDetails.objects.filter(application=application).delete()
        return
    FilingDetails.objects.update_or_create(
        application=application,
        defaults={
            "language": answers.language,
            "organizers": [organizer.as_dict() for organizer in answers.organizers],
            "order_and_safety": answers.order_and_safety,
            "medical_help": answers.medical_help,
            "sound_equipment": answers.sound_equipment,
            "updated_by": by,
        },
    )
