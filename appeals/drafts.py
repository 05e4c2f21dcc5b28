"""An appeal's draft: its facts gathered for the assembler (appeals/drafting.py), saving with
optimistic locking, regenerating, restoring, comparing, the Word export, and the texts the
workspace inserts (an argument, the authority's record). Views and API viewsets call these; none
of them writes a draft or a revision by hand.

Permissions (organizations/access.py): a caller who may *see* an appeal but not do the thing gets
PermissionDenied (a 403 — they already know it exists); one who may not see it never gets here
(views fetch through `Appeal.objects.visible_to(user)` and answer 404).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from appeals import comparison, drafting
from appeals.models import (
    MAX_DRAFT_CHARS,
    Appeal,
    AppealDraft,
    Argument,
    ArgumentKind,
    DraftConflict,
    DraftRevision,
    DraftTemplate,
    RevisionOrigin,
)
from config import audit
from config.docx_export import EmptyDraft, draft_docx
from config.text import strip_control_characters
from organizations import access
from organizations.access import require
from reports.services import authority_record

# --- the first draft -----------------------------------------------------------------------------------


def _citations(argument: Argument) -> tuple[drafting.CitationText, ...]:
    return tuple(
        drafting.CitationText(
            instrument=c.instrument,
            article_or_paragraph=c.article_or_paragraph,
            url=c.url,
            confirmed=c.confirmed,
        )
        for c in argument.citations.all()
    )


def _argument_text(argument: Argument) -> drafting.ArgumentText:
    return drafting.ArgumentText(
        title=argument.title,
        text=argument.text,
        citations=_citations(argument),
        code=argument.code,
        version=argument.version,
        shared=argument.is_shared,
        in_force_from=argument.holds_from,
    )


def _deadline_text(deadline) -> drafting.DeadlineText | None:
    if deadline is None:
        return None
    data = deadline.computation_data or {}
    if deadline.rule_id is None or deadline.is_overridden or data.get("method") != "rule":
        return drafting.DeadlineText(due_on=deadline.due_on, title=deadline.label)
    return drafting.DeadlineText(
        due_on=deadline.due_on,
        source=deadline.source_citation,  # the rule's citation in the active (the draft's) language
        rule_code=deadline.rule.code,
        start=deadline.starts_on,
        count=int(data.get("count") or 0),
        unit=data.get("unit", ""),
        rolled=bool(data.get("rolled_over")),
        needs_verification=deadline.needs_verification,
    )


def draft_facts(appeal: Appeal, *, language: str, template: DraftTemplate | None) -> drafting.CaseFacts:
    """Everything the assembler needs, read from the case and the library."""
    application = appeal.application
    decision = appeal.decision
    # The shared library and the lead group's own arguments: never another group's.
    arguments = (
        Argument.objects.for_organization(application.organization_id)
        .in_language(language)
        .prefetch_related("citations", "reasons")
        .for_venue(appeal.venue)
    )

    def of_kind(kind):
        return tuple(_argument_text(a) for a in arguments if a.kind == kind)

    grounds = []
    for ground in decision.grounds.select_related("reason"):
        answering = tuple(
            _argument_text(a)
            for a in arguments
            if a.kind == ArgumentKind.GROUND and any(r.code == ground.reason.code for r in a.reasons.all())
        )
        grounds.append(
            drafting.GroundText(
                reason_code=ground.reason.code,
                reason_name=ground.reason.name,
                # In the draft's language, not the reader's: the text is translated in the database
                # (permits/translation.py); drafting.legal_basis_text words an English one for ru/kk.
                legal_basis=getattr(ground.reason, f"legal_basis_{language}", None)
                or ground.reason.legal_basis_en
                or "",
                quote=ground.quote,
                arguments=answering,
            )
        )
    timeline = tuple(
        drafting.TimelineFact(on=entry.happened_on, kind=entry.kind, summary=entry.summary, details=entry.details)
        for entry in application.timeline.filter(kind__in=drafting.FACT_KINDS).order_by("happened_on", "created_at")
    )
    outlook = application.remedy_outlook
    filing = appeal.filing_deadline if appeal.filing_deadline_id else None
    template_text = (
        drafting.TemplateText(template.heading, template.request, template.closing)
        if template is not None
        else drafting.TemplateText("", "", "")
    )
    return drafting.CaseFacts(
        language=language,
        venue=appeal.venue,
        template=template_text,
        lead=application.organization.name,
        co_organizers=tuple(o.name for o in application.co_organizers.order_by("name")),
        applicants=tuple(a.name for a in application.applicants.all()),
        authority=application.authority.name,
        jurisdiction=application.jurisdiction.name,
        event_title=application.title,
        event_type=application.event_type,
        event_day=application.event_day,
        place=application.location,
        route=application.route,
        filed_on=application.filed_on,
        filing_reference=application.reference_number,
        decision_date=decision.decided_on,
        decision_number=decision.reference_number,
        decision_received_on=decision.received_on,
        response_due_on=application.response_due_on,
        answered_late=application.answered_late,
        timeline=timeline,
        grounds=tuple(grounds),
        no_alternative=of_kind(ArgumentKind.NO_ALTERNATIVE) if decision.place_taken_without_alternative else (),
        standards=of_kind(ArgumentKind.STANDARD),
        remedy=of_kind(ArgumentKind.REMEDY),
        remedy_before_event=outlook.decided_before_event if outlook else None,
        deadline=_deadline_text(filing),
    )


class AssembledDraft(NamedTuple):
    text: str
    language: str  # the language used
    notes: list[str]  # for the volunteer
    arguments_used: list[dict]  # the library's codes and versions, recorded on the revision


def draft_assemble(appeal: Appeal) -> AssembledDraft:
    """The draft text for the appeal as it stands now. A language without a template falls back
    to Russian, then English, with a note."""
    available = set(DraftTemplate.objects.filter(venue=appeal.venue).values_list("language", flat=True))
    language = drafting.draft_language(appeal.language, available)
    notes = []
    if language != appeal.language:
        asked = dict(settings.LANGUAGES).get(appeal.language, appeal.language)
        notes.append(drafting.fallback_note(str(asked), language))
    template = DraftTemplate.objects.filter(venue=appeal.venue, language=language).first()
    # Names with translations (the authority, the jurisdiction, the reasons, the deadline rule's
    # citation) in the draft's language, not in the language of whoever opened or regenerated it.
    with translation.override(language):
        facts = draft_facts(appeal, language=language, template=template)
    facts = dataclasses.replace(facts, notes=tuple(notes))
    return AssembledDraft(drafting.assemble(facts), language, notes, drafting.arguments_used(facts))


# --- saving, regenerating, restoring -------------------------------------------------------------------


def draft_of(appeal: Appeal) -> AppealDraft:
    """The appeal's draft; an appeal made outside appeal_open (the admin) gets an empty one."""
    try:
        return appeal.draft
    except AppealDraft.DoesNotExist:
        return AppealDraft.objects.get_or_create(appeal=appeal)[0]


def _clean_text(text) -> str:
    if not isinstance(text, str):
        raise ValidationError({"text": _("Send the draft's text.")})
    # The conditional UPDATE below sends no pre_save signal: the stored-text rule is applied here.
    text = strip_control_characters(text.replace("\r\n", "\n"))
    if len(text) > MAX_DRAFT_CHARS:
        raise ValidationError(
            {"text": _("The draft is too long: at most %(count)d characters.") % {"count": MAX_DRAFT_CHARS}}
        )
    return text


def _require_editable_draft(appeal: Appeal):
    if not appeal.can("edit_draft"):
        raise ValidationError(
            _("This appeal is %(status)s: its draft is kept as it was.") % {"status": appeal.get_status_display()}
        )


def draft_save(
    *,
    draft: AppealDraft,
    text: str,
    based_on_version: int | None,
    by,
    origin: str = RevisionOrigin.EDITED,
    note: str = "",
    restored_from: DraftRevision | None = None,
) -> DraftRevision:
    """Save `text` as the new current draft if `based_on_version` is still the current version.

    The check and the write are one conditional UPDATE (… WHERE version = based_on_version), so
    of two people saving on the same version exactly one wins; the other gets DraftConflict with
    the winner's text and version, and nothing of theirs is written — their text is still in their
    hands (the page shows both side by side). Every successful save is a DraftRevision. Saving
    the text unchanged on the current version changes nothing and returns the current revision."""
    if based_on_version is None or isinstance(based_on_version, bool) or not isinstance(based_on_version, int):
        raise ValidationError({"version": _("Send the version your text is based on (the number you loaded).")})
    text = _clean_text(text)
    require(Appeal.objects.workable_by(by), draft.appeal, forbidden=access.NOT_WORKABLE)
    _require_editable_draft(draft.appeal)
    new_version = based_on_version + 1
    with transaction.atomic():
        changed = (
            AppealDraft.objects.filter(pk=draft.pk, version=based_on_version)
            .exclude(text=text)
            .update(text=text, version=new_version, updated_by=by, updated_at=timezone.now())
        )
        if not changed:
            current = AppealDraft.objects.values("text", "version").get(pk=draft.pk)
            if current["version"] == based_on_version and current["text"] == text:
                return draft.revisions.saved().first()
            raise DraftConflict(text=current["text"], version=current["version"])
        # The text edited (or restored) still cites what its base was assembled from.
        base = restored_from or draft.revisions.saved().first()
        revision = DraftRevision.objects.create(
            draft=draft,
            version=new_version,
            text=text,
            origin=origin,
            author=by,
            note=note[:300],
            restored_from=restored_from,
            arguments_used=base.arguments_used if base is not None else [],
        )
    draft.text, draft.version, draft.updated_by = text, new_version, by
    # The conditional UPDATE sends no signal: the audit trail gets the new version by hand.
    audit.record_update(draft, {"version": (based_on_version, new_version)})
    return revision


def draft_regenerate(*, appeal: Appeal, by) -> DraftRevision:
    """Assemble the draft again from the case and the library as they are now, as a *proposal*
    beside the current text: nothing anyone wrote is replaced. The page compares it with the
    current text; draft_restore adopts it (through the same conflict-safe save)."""
    require(Appeal.objects.workable_by(by), appeal, forbidden=access.NOT_WORKABLE)
    _require_editable_draft(appeal)
    draft = draft_of(appeal)
    assembled = draft_assemble(appeal)
    notes = assembled.notes
    if not comparison.has_changes(draft.text, assembled.text):
        notes.append(_("Same as the current text."))
    return DraftRevision.objects.create(
        draft=draft,
        version=None,
        text=assembled.text,
        origin=RevisionOrigin.REGENERATED,
        author=by,
        note=" ".join(notes)[:300],
        arguments_used=assembled.arguments_used,
    )


def draft_restore(*, draft: AppealDraft, revision: DraftRevision, based_on_version: int | None, by) -> DraftRevision:
    """Make an earlier revision (or a regenerated proposal) the current text, as a new revision."""
    if revision.draft_id != draft.pk:
        raise ValidationError({"revision": _("This revision belongs to another draft.")})
    if revision.is_proposal:
        origin = RevisionOrigin.REGENERATED
        note = _("Adopted the text regenerated on %(moment)s.") % {
            "moment": formats.date_format(timezone.localtime(revision.created_at), "DATETIME_FORMAT")
        }
    else:
        origin = RevisionOrigin.RESTORED
        note = _("Restored from version %(version)d.") % {"version": revision.version}
    return draft_save(
        draft=draft,
        text=revision.text,
        based_on_version=based_on_version,
        by=by,
        origin=origin,
        note=note,
        restored_from=revision,
    )


@dataclass(frozen=True)
class Comparison:
    old_label: str
    new_label: str
    rows: list
    unified: str


def draft_compare(old: DraftRevision | AppealDraft, new: DraftRevision | AppealDraft, *, context=3) -> Comparison:
    """Two states of a draft, side by side (rows for a template) and as a unified diff."""

    def label(state) -> str:
        if isinstance(state, AppealDraft):
            return _("current text (version %(version)d)") % {"version": state.version}
        if state.is_proposal:
            return _("regenerated proposal")
        return _("version %(version)d") % {"version": state.version}

    old_label, new_label = label(old), label(new)
    return Comparison(
        old_label=old_label,
        new_label=new_label,
        rows=comparison.side_by_side(old.text, new.text, context=context),
        unified=comparison.unified(old.text, new.text, old_label=old_label, new_label=new_label),
    )


@dataclass(frozen=True)
class ConflictComparison:
    """What the conflict screen shows: each side's changes since the version both started from,
    passage by passage, and both changes merged when they do not touch the same lines."""

    version: int  # the current (their) version, on which the editor now stands
    text: str  # their text
    based_on_version: int | None  # the version the refused save started from, if it is still known
    saved: DraftRevision | None  # their revision: who saved it and when
    passages: list
    merged: str | None  # their changes and mine together; None when a passage clashes
    identical: bool  # my text is already theirs: nothing to merge


def conflict_comparison(
    *, draft: AppealDraft, based_on_version: int | None, current_text: str, current_version: int, mine: str
) -> ConflictComparison:
    """Compare a refused save (`mine`, started from `based_on_version`) with the current text.

    Both are compared with the revision they started from, so a line the colleague added shows as
    *their addition*, not as something missing from mine. When that revision is not known (a draft
    made outside Ruqsat's saves), the current text stands in for it: everything then reads as my
    changes to theirs."""
    revisions = {r.version: r for r in draft.revisions.filter(version__in=[based_on_version, current_version])}
    base = revisions.get(based_on_version)
    passages = comparison.three_way(base.text if base else current_text, current_text, mine)
    return ConflictComparison(
        version=current_version,
        text=current_text,
        based_on_version=based_on_version if base else None,
        saved=revisions.get(current_version),
        passages=passages,
        merged=comparison.merge(passages),
        identical=not comparison.has_changes(current_text, mine),
    )


# --- export --------------------------------------------------------------------------------------------


def draft_export_docx(appeal: Appeal) -> tuple[str, bytes]:
    """(file name, Word bytes) of the current draft. An empty draft is a ValidationError, never
    an empty file."""
    draft = draft_of(appeal)
    try:
        with translation.override(appeal.language):
            title = str(appeal)  # the file's title property, in the draft's language
        content = draft_docx(draft.text, title=title, language=appeal.language)
    except EmptyDraft:
        raise ValidationError(
            _("The draft is empty: write it, or restore an earlier version, before exporting it.")
        ) from None
    return f"appeal-{appeal.pk}-v{draft.version}.docx", content


# --- click to insert: an argument or the authority's record, appended to the draft ------------------


def argument_insert_text(argument: Argument, language: str) -> str:
    """The argument as the draft shows it: its title, its text and its citations, one a line."""
    lines = [argument.title, argument.text.strip()]
    lines += [f"- {citation.render(language)}" for citation in _citations(argument)]
    return "\n".join(line for line in lines if line)


def evidence_record(appeal: Appeal):
    """The refusing authority's record for the refusal's year (reports.authority_record)."""
    return authority_record(authority=appeal.application.authority, year=appeal.decision.decided_on.year)


def evidence_counts_refusal(appeal: Appeal) -> bool:
    """Whether the authority's record counts this appeal's own refusal: only when its lead group
    shares its statistics (the rule of reports.services._sharing_refusals). When it does not, the
    workspace says so, or "no refusal in 2021" would sit beside the 2021 refusal being appealed."""
    return appeal.application.organization.share_statistics


def evidence_draft_text(appeal: Appeal) -> str:
    """The authority's record as inserted into the draft: in the draft's language, whatever the
    language of the volunteer who clicks."""
    with translation.override(appeal.language):
        return evidence_insert_text(evidence_record(appeal))


def evidence_insert_text(record) -> str:
    lines = [record.paragraph]
    for case in record.cases:
        reasons = "; ".join(case.reasons)
        lines.append(f"- {formats.date_format(case.decided_on, 'DATE_FORMAT')}: {case.event_type} ({reasons})")
    return "\n".join(lines)


def draft_append(*, text: str, addition: str) -> str:
    """The editor's text with `addition` after a blank line (what the Insert button does in the browser)."""
    text = text.rstrip("\n")
    return f"{text}\n\n{addition}\n" if text else f"{addition}\n"
