"""A person's and a group's data: export it, erase it.

These span every app (accounts, organizations, permits, appeals, the audit trail), so they live
here, above all of them. Views call them; each runs in one transaction.

- user_export / user_delete: what Ruqsat holds about one person. Deleting an account keeps what
  they wrote in their groups (the FKs to the user are SET_NULL: pages say "former member") but
  removes their name and email from the audit trail and from accepted invitations.
- organization_export / organization_delete: everything of one group, as a ZIP of JSON and the
  documents' files; and erasing the group with the applications it leads, their documents and
  their audit trail (see organization_delete for why the trail goes too).
"""

import json
import zipfile
from collections.abc import Iterable
from typing import IO

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import history
from messenger.models import TelegramLink
from organizations.models import Invitation, Membership, Organization
from permits.models import Decision, Document, FilingDetails, PermitApplication, TimelineEntry
from permits.uploads import remove_files_on_commit

EXPORT_FORMAT = 1


def _json(data) -> str:
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def _author(user) -> str | None:
    return user.username if user is not None else None


# --- one person ----------------------------------------------------------------------------------


def user_export(*, user) -> str:
    """Everything Ruqsat holds about `user`, as JSON: the account, and what they wrote or did in
    the groups they still belong to."""
    visible = PermitApplication.objects.visible_to(user)
    data = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "account": {
            "username": user.username,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "language": user.language,
            "time_zone": user.time_zone,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        "two_factor": [
            {"type": a.type, "created_at": a.created_at, "last_used_at": a.last_used_at}
            for a in Authenticator.objects.filter(user=user)
        ],
        # Never the key (only its digest is kept, and that is no business of an export either).
        "api_tokens": list(user.api_tokens.values("name", "created_at", "expires_at", "last_used_at")),
        "telegram": _telegram_export(user),
        "memberships": [
            {"organization": m.organization.name, "role": m.role, "joined_at": m.joined_at}
            for m in user.memberships.select_related("organization")
        ],
        "applications_created": list(
            visible.filter(created_by=user).values("id", "title", "organization__name", "created_at")
        ),
        "timeline_entries": [
            {
                "application_id": e.application_id,
                "happened_on": e.happened_on,
                "kind": e.kind,
                # What the system wrote in the reader's language, what people typed as typed.
                "summary": e.display_summary(),
                "details": e.display_details(),
                "created_at": e.created_at,
            }
            for e in TimelineEntry.objects.filter(application__in=visible, created_by=user).select_related(
                "application__authority"
            )
        ],
        "decisions_recorded": list(
            Decision.objects.filter(application__in=visible, recorded_by=user).values(
                "application_id", "outcome", "decided_on", "received_on", "reference_number", "created_at"
            )
        ),
        "documents_uploaded": list(
            Document.objects.filter(application__in=visible, uploaded_by=user).values(
                "application_id", "title", "kind", "original_name", "size", "content_type", "uploaded_at"
            )
        ),
        "invitations_sent": [
            # By username: what the inviter typed, never the account's address (hidden from them).
            {
                "organization": i.organization.name,
                "email": "" if i.username else i.email,
                "username": i.username,
                "role": i.role,
                "created_at": i.created_at,
            }
            for i in Invitation.objects.filter(invited_by=user).select_related("organization")
        ],
        "activity": [
            {"at": e.entry.timestamp, "action": e.action, "what": e.kind, "object": e.entry.object_repr}
            for e in history.describe(LogEntry.objects.filter(actor=user).select_related("content_type"))
        ],
    }
    return _json(data)


def _telegram_export(user) -> dict:
    """Whether Ruqsat reaches the person in Telegram, and since when. Not the chat id: an export is a
    file that travels (a download folder, a seized laptop), and the id would tie the account to the
    person's Telegram identity for whoever holds it; the person knows their own Telegram, and
    unlinking erases the id."""
    link = TelegramLink.objects.filter(user=user).first()
    if link is None:
        return {"linked": False}
    return {
        "linked": True,
        "linked_at": link.linked_at,
        "working": link.is_working,
        "stopped_working_at": link.broken_at,
        "show_details": link.show_details,
    }


def last_coordinator_of(user) -> list[Organization]:
    """Groups that would be left without a coordinator if `user` went."""
    groups = []
    for membership in user.memberships.coordinators().select_related("organization"):
        others = membership.organization.memberships.coordinators().exclude(pk=membership.pk)
        if not others.exists():
            groups.append(membership.organization)
    return groups


@transaction.atomic
def user_delete(*, user) -> None:
    """Delete the account. What they wrote in a group stays, by a "former member"."""
    orphaned = last_coordinator_of(user)
    if orphaned:
        raise ValidationError(
            _(
                "You are the only coordinator of %(groups)s. Appoint another coordinator or delete the group "
                "first, so that nobody is locked out of it."
            )
            % {"groups": ", ".join(g.name for g in orphaned)}
        )
    emails = {e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    if user.email:
        emails.add(user.email.lower())
    personal = emails | ({user.username, user.get_full_name(), str(user)} - {""})

    membership_ids = [str(pk) for pk in user.memberships.values_list("pk", flat=True)]
    addressed_to_them = Q(accepted_by=user)
    for email in emails:
        addressed_to_them |= Q(email__iexact=email)
    invitation_ids = [
        str(pk)
        for pk in Invitation.objects.filter(addressed_to_them | Q(username__iexact=user.username)).values_list(
            "pk", flat=True
        )
    ]
    # Invitations to work on an appeal (appeals.AppealInvitation) carry their address the same way.
    appeal_invitation = apps.get_model("appeals", "AppealInvitation")
    appeal_invitation_ids = [
        str(pk) for pk in appeal_invitation.objects.filter(addressed_to_them).values_list("pk", flat=True)
    ]
    # Leaving each group is in its trail, as any member leaving is.
    for membership in user.memberships.all():
        membership.delete()
    # An open one is revoked first: with its address erased it would read as a shareable link
    # that anyone holding it could accept.
    group_invitations = Invitation.objects.filter(pk__in=invitation_ids)
    group_invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=timezone.now())
    group_invitations.update(email="", username="")
    addressed = appeal_invitation.objects.filter(pk__in=appeal_invitation_ids)
    # An open one is revoked first: its link was for this person, and two open ones to one appeal
    # both with the address "" would break that model's one-open-per-address constraint.
    addressed.filter(accepted_at__isnull=True, revoked_at__isnull=True).update(revoked_at=timezone.now())
    addressed.update(email="")
    acted = list(LogEntry.objects.filter(actor=user).values_list("pk", flat=True))

    user.delete()

    # Their actions stay in the trail, by a former member: actor_email "" (not NULL) marks them.
    LogEntry.objects.filter(pk__in=acted).update(actor=None, actor_email="")
    _scrub_entries(Membership, membership_ids, personal)
    _scrub_entries(Invitation, invitation_ids, personal)
    _scrub_entries(appeal_invitation, appeal_invitation_ids, personal)


def _scrub_entries(model, object_ids: Iterable[str], personal: set[str]) -> None:
    """Remove a person's name, username and emails from the trail of records about them."""
    former = str(history.FORMER_MEMBER)
    entries = LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model), object_pk__in=object_ids)
    for entry in entries:
        entry.object_repr = _replace(entry.object_repr, personal, former)
        changes = entry.changes_dict or {}
        entry.changes = {
            field: [_replace(str(v), personal, former) for v in values] if isinstance(values, list) else values
            for field, values in changes.items()
        }
        entry.changes_text = ""
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=entry.object_repr, changes=entry.changes, changes_text="", serialized_data=None
        )


def _replace(text: str, personal: set[str], by: str) -> str:
    for value in sorted(personal, key=len, reverse=True):
        if value and value.lower() in text.lower():
            start = text.lower().index(value.lower())
            text = text[:start] + by + text[start + len(value) :]
    return text


# --- one group -----------------------------------------------------------------------------------


def _application_record(application, *, led: bool) -> dict:
    return {
        "id": application.pk,
        "role_of_group": "lead" if led else "co_organizer",
        "title": application.title,
        "event_type": application.event_type,
        "purpose": application.purpose,
        "lead_organization": application.organization.name,
        "co_organizers": [o.name for o in application.co_organizers.all()],
        "applicants": [a.name for a in application.applicants.all()],
        "starts_at": application.starts_at,
        "ends_at": application.ends_at,
        "location": application.location,
        "route": application.route,
        "expected_participants": application.expected_participants,
        "authority": application.authority.name,
        "jurisdiction": application.authority.jurisdiction.code,
        "filed_on": application.filed_on,
        "channel": application.channel,
        "reference_number": application.reference_number,
        "status": application.status,
        "created_by": _author(application.created_by),
        "created_at": application.created_at,
        "timeline": [
            {
                "happened_on": e.happened_on,
                "kind": e.kind,
                "summary": e.display_summary(),
                "details": e.display_details(),
                "created_by": _author(e.created_by),
                "created_at": e.created_at,
            }
            for e in application.timeline.select_related("created_by")
        ],
        "decisions": [
            {
                "outcome": d.outcome,
                "decided_on": d.decided_on,
                "received_on": d.received_on,
                "reference_number": d.reference_number,
                "conditions": d.conditions,
                "alternative_offered": d.alternative_offered,
                "recorded_by": _author(d.recorded_by),
                "grounds": [{"reason": g.reason.code, "quote": g.quote, "note": g.note} for g in d.grounds.all()],
            }
            for d in application.decisions.select_related("recorded_by").prefetch_related("grounds__reason")
        ],
        "deadlines": [
            {
                "kind": d.kind,
                "title": d.title,
                "due_on": d.due_on,
                "rule_source": d.rule_source,
                "original_due_on": d.original_due_on,
                "override_reason": d.override_reason,
                "done_at": d.done_at,
            }
            for d in application.deadlines.all()
        ],
        "documents": [
            {
                "id": d.pk,
                "title": d.title,
                "kind": d.kind,
                "original_name": d.original_name,
                "size": d.size,
                "content_type": d.content_type,
                "uploaded_by": _author(d.uploaded_by),
                "uploaded_at": d.uploaded_at,
                "file": _document_path(d) if led else None,
            }
            for d in application.documents.select_related("uploaded_by")
        ],
        # What a coordinator or member chose to remember for the filing (organizers' ID numbers,
        # addresses, phones): the lead group's, so only in its own export.
        "filing_details": _filing_details(application) if led else None,
        "history": [
            {
                "at": line.entry.timestamp,
                "who": line.actor,
                "action": line.action,
                "what": line.kind,
                "object": line.entry.object_repr,
                "changes": [{"field": c.label, "from": c.old, "to": c.new} for c in line.changes],
            }
            for line in history.describe(history.application_history(application.pk))
        ],
    }


def _filing_details(application) -> dict | None:
    details = FilingDetails.objects.filter(application=application).first()
    if details is None:
        return None
    return {
        "language": details.language,
        "organizers": details.organizers,
        "order_and_safety": details.order_and_safety,
        "medical_help": details.medical_help,
        "sound_equipment": details.sound_equipment,
        "updated_by": _author(details.updated_by),
        "updated_at": details.updated_at,
    }


def _document_path(document) -> str:
    return f"documents/{document.application_id}/{document.download_name()}"


def organization_export(*, organization, target: IO[bytes]) -> None:
    """Write a ZIP of the group: group.json (the group, members, pending invitations),
    applications.json (those it leads, in full with documents' files under documents/; those it
    co-organizes, without their lead group's files)."""
    led = PermitApplication.objects.filter(organization=organization).select_related(
        "organization", "authority__jurisdiction", "created_by"
    )
    co_organized = (
        PermitApplication.objects.filter(co_organizer_links__organization=organization)
        .exclude(organization=organization)
        .select_related("organization", "authority__jurisdiction", "created_by")
    )
    group = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now(),
        "organization": {
            "name": organization.name,
            "kind": organization.kind,
            "city": organization.city,
            "created_at": organization.created_at,
            "require_two_factor": organization.require_two_factor,
        },
        "members": [
            {
                "username": m.user.username,
                "name": m.user.get_full_name(),
                "role": m.role,
                "joined_at": m.joined_at,
            }
            for m in organization.memberships.select_related("user")
        ],
        "pending_invitations": [
            {"email": i.email, "role": i.role, "expires_at": i.expires_at} for i in organization.invitations.pending()
        ],
    }
    applications = [_application_record(a, led=True) for a in led] + [
        _application_record(a, led=False) for a in co_organized
    ]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("group.json", _json(group))
        archive.writestr("applications.json", _json(applications))
        for document in Document.objects.filter(application__in=led):
            try:
                with (
                    document.file.open("rb") as handle,
                    archive.open(_document_path(document), "w", force_zip64=True) as member,
                ):
                    for chunk in iter(lambda h=handle: h.read(1024 * 1024), b""):
                        member.write(chunk)
            except (FileNotFoundError, OSError):
                continue  # a file lost from the disk: its metadata is still in applications.json


@transaction.atomic
def organization_delete(*, organization) -> None:
    """Delete the group, the applications it leads (with their timelines, decisions, deadlines,
    documents and appeals), its memberships and invitations; other groups' applications it
    co-organized only lose it as co-organizer.

    The audit trail of what is deleted goes too: a group that erases itself — perhaps because its
    members are in danger — must not leave its applicants' names behind in the trail. The trail
    keeps that the group existed and who deleted it (its own Organization entries)."""
    led = PermitApplication.objects.filter(organization=organization)
    application_ids = list(led.values_list("pk", flat=True))
    # The rows are gone once the transaction commits; only then do the private files go.
    remove_files_on_commit([d.file for d in Document.objects.filter(application_id__in=application_ids)])
    try:
        appeal = apps.get_model("appeals", "Appeal")
    except LookupError:
        appeal = None
    if appeal is not None:
        # An appeal protects the decision it appeals: remove it before the decisions go.
        appeal.objects.filter(application_id__in=application_ids).delete()
    for application in led:
        application.delete()
    organization_id = organization.pk
    organization.delete()

    LogEntry.objects.filter(additional_data__application__in=application_ids).delete()
    scoped = ContentType.objects.get_for_models(Membership, Invitation).values()
    history.organization_entries(organization_id).filter(content_type__in=scoped).delete()
