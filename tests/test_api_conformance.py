"""The schema is the truth (issue 13, item 10): every operation the OpenAPI schema documents is
called for real — authenticated, on a case with a refusal, a decided and a working appeal, every
kind of deadline and timeline entry, a former member's records — and its status, content type and
body must match what the schema says (schemathesis's conformance checks).

The fuzzing in tests/test_fuzz_api.py mostly reaches 400s and 404s with made-up ids; here each
request is one a client would send, so the success answers with real data are what is checked.
A new operation without a request here fails test_every_operation_is_called.
"""

import datetime as dt
import importlib
from dataclasses import dataclass, field

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework import serializers
from rest_framework.test import APIClient

from accounts.api_fields import AuthorField
from appeals.drafts import draft_of, draft_save
from appeals.models import DraftRevision
from appeals.services import appeal_open
from appeals.volunteers import appeal_invite_volunteer
from messenger.models import TelegramLink
from organizations.models import Membership
from permits.models import Authority, Deadline, DeadlineKind, RefusalReason, TimelineEntry
from permits.services import co_organizers_name
from reminders.models import Notification
from tests.api_schema_calls import CHECKS, load_schema
from tests.factories import MembershipFactory, PermitApplicationFactory, UserFactory, filed_application, site_editor
from tests.imports import sheets

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("generous_throttle")]

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

schema = load_schema()
OPERATIONS = {result.ok().label: result.ok() for result in schema.get_all_operations()}


@dataclass
class Scene:
    """Ids of what the requests name, and who makes them."""

    ids: dict
    people: dict
    today: dt.date = field(default_factory=timezone.localdate)

    def day(self, days=0) -> str:
        return (self.today + dt.timedelta(days=days)).isoformat()


def refuse(application, *, by):
    return application.record_decision(
        outcome="refused",
        decided_on=application.filed_on,
        received_on=application.filed_on,
        grounds=[{"reason": RefusalReason.objects.get(code="conflicting_event"), "quote": "Another event is planned"}],
        by=by,
    )


@pytest.fixture(autouse=True)
def telegram_site(settings):
    """The site has a bot (me/telegram/ is a 404 without one); its name is set, so nothing here
    asks Telegram."""
    settings.TELEGRAM_BOT_TOKEN = "123456:TEST-TOKEN"
    settings.TELEGRAM_WEBHOOK_SECRET = "webhook-secret_123"
    settings.TELEGRAM_BOT_USERNAME = "ruqsat_test_bot"


@pytest.fixture
def scene(world):
    """The lead group's refused march with everything hanging off it; a former member who wrote
    some of it and whose account is gone; a filed application, an approved one and a draft."""
    today = timezone.localdate()
    coordinator, member = world.coordinator, world.member
    leaver = UserFactory(username="leaver")
    MembershipFactory(user=leaver, organization=world.lead, role=Membership.Role.MEMBER)
    client = APIClient()

    refused = world.application
    refused.file(on=today, by=coordinator)
    decision = refuse(refused, by=coordinator)
    TimelineEntry.objects.create(
        application=refused, kind=TimelineEntry.Kind.MEETING, summary="Meeting at the akimat", created_by=leaver
    )
    entry = TimelineEntry.objects.create(
        application=refused, kind=TimelineEntry.Kind.CALL, summary="Called the akimat", created_by=member
    )
    refused.add_custom_deadline(title="Collect the signatures", due_on=today + dt.timedelta(days=5), by=member)
    response_due = refused.deadline(DeadlineKind.AUTHORITY_RESPONSE)
    response_due.override(due_on=response_due.due_on + dt.timedelta(days=1), reason="The akimat said so", by=member)
    refused.deadline(DeadlineKind.LATEST_FILING).mark_done(by=member)

    client.force_authenticate(member)
    document = client.post(
        f"/api/v1/applications/{refused.pk}/documents/",
        {"file": SimpleUploadedFile("refusal.pdf", PDF), "kind": "decision_letter", "title": "The refusal"},
        format="multipart",
    )
    assert document.status_code == 201, document.content
    removed = client.post(
        f"/api/v1/applications/{refused.pk}/documents/",
        {"file": SimpleUploadedFile("copy.pdf", PDF), "kind": "other", "title": "A copy"},
        format="multipart",
    )
    client.delete(f"/api/v1/applications/{refused.pk}/documents/{removed.json()['id']}/")  # a "document" entry

    decided = appeal_open(decision=decision, venue="higher_authority", by=coordinator)
    decided.file(on=today, by=coordinator)
    decided.schedule_hearing(starts_at=timezone.now() + dt.timedelta(days=7), place="Akimat, room 5", by=coordinator)
    decided.record_outcome(outcome="upheld", on=today, by=coordinator)
    working = appeal_open(decision=decision, venue="court", complaint_decision_received_on=today, by=leaver)
    working.file(on=today, by=leaver)
    draft = draft_of(working)
    draft_save(draft=draft, text=draft.text + "\nA paragraph.", based_on_version=draft.version, by=leaver)
    draft.refresh_from_db()
    draft_save(draft=draft, text=draft.text + "\nAnother one.", based_on_version=draft.version, by=member)
    draft.refresh_from_db()
    invitation = appeal_invite_volunteer(appeal=working, email="lawyer@example.org", by=coordinator)
    leaver.delete()

    co_organizers_name(application=refused, groups=[world.other_group], by=coordinator)
    request_to_co_organize = refused.co_organizer_invitations.get()

    filed = filed_application(organization=world.lead, by=coordinator)
    approved = filed_application(organization=world.lead, by=coordinator)
    approval = approved.record_decision(outcome="approved", decided_on=today, received_on=today, by=coordinator)
    draft_application = PermitApplicationFactory(organization=world.lead)

    client.force_authenticate(coordinator)
    argument = client.post(
        "/api/v1/arguments/",
        {
            "code": "our-own-argument",
            "kind": "standard",
            "title": "Our standard",
            "text": "Peaceful assembly is a right.",
            "language": "en",
            "organization": world.lead.pk,
            "citations": [{"instrument": "ICCPR", "article_or_paragraph": "21", "confirmed": True}],
        },
        format="json",
    )
    assert argument.status_code == 201, argument.content

    # The member's bell (events are rung after a commit, which a test's transaction never reaches).
    notification = Notification.objects.create(
        user=member,
        kind=Notification.Kind.DECISION_RECORDED,
        application=refused,
        params={"outcome": "refused", "decided_on": decision.decided_on.isoformat()},
        url=f"/applications/{refused.pk}/",
    )
    TelegramLink.objects.create(user=member, chat_id=424242)
    # Three of the lead group's own authorities in the editors' queue: one to publish, merge, decline.
    pending = {
        verb: Authority.add_for_group(
            organization=world.lead,
            name=f"District akimat to {verb}",
            jurisdiction=refused.authority.jurisdiction,
            by=coordinator,
        ).pk
        for verb in ("publish", "merge", "decline")
    }

    revisions = DraftRevision.objects.filter(draft=draft).order_by("id")
    ids = {
        "application": refused.pk,
        "filed": filed.pk,
        "draft_application": draft_application.pk,
        "decision": decision.pk,
        "approved": approved.pk,
        "approval": approval.pk,
        "entry": entry.pk,
        "document": document.json()["id"],
        "deadline": Deadline.objects.get(application=refused, kind=DeadlineKind.CUSTOM).pk,
        "appeal": working.pk,
        "decided_appeal": decided.pk,
        "first_revision": revisions.first().pk,
        "version": draft.version,
        "invitation": invitation.pk,
        "request_to_co_organize": request_to_co_organize.pk,
        "argument": argument.json()["id"],
        "organization": world.lead.pk,
        "their_authority": refused.authority_id,
        "notification": notification.pk,
        **{f"authority_to_{verb}": pk for verb, pk in pending.items()},
    }
    people = {
        "member": member,
        "coordinator": coordinator,
        "invited_coordinator": world.outsider,
        "editor": site_editor(),
    }
    return Scene(ids=ids, people=people, today=today)


@pytest.fixture
def scene_for_wsgi(scene, keep_the_test_connection):
    # In this order: the test client that built the scene connects close_old_connections again
    # after each request, which would close PostgreSQL's test connection under schemathesis.
    return scene


@dataclass
class Call:
    """One request: path parameters and query (scene id names or values), body (a function of the
    scene), who sends it, and the status a correct answer has."""

    status: int
    path: dict = field(default_factory=dict)
    query: dict = field(default_factory=dict)
    body: object = None
    multipart: bool = False
    actor: str = "member"


def call(status=200, **kwargs):
    return Call(status=status, **kwargs)


APPLICATION_BODY = {
    "title": "Picket for equal pay",
    "event_type": "picket",
    "purpose": "Equal pay",
    "starts_at": "2030-03-08T11:00:00+05:00",
    "ends_at": "2030-03-08T13:00:00+05:00",
    "location": "Republic Square",
    "applicants": [{"name": "Aruzhan"}],
    "channel": "online",
}

APP, APPEAL = "/api/v1/applications/", "/api/v1/appeals/"
IMPORT_CSV = sheets.csv_bytes()  # the realistic history file of tests/imports
# Keyed by schemathesis's operation label.
CALLS = {
    "GET /api/v1/jurisdictions/": [call()],
    "GET /api/v1/refusal-reasons/": [call()],
    "GET /api/v1/authorities/": [call(), call(query={"jurisdiction": "KZ-ALA"})],
    "POST /api/v1/authorities/": [
        call(
            201, body=lambda s: {"name": "Our akimat", "jurisdiction": "KZ-ALA", "organization": s.ids["organization"]}
        )
    ],
    "GET /api/v1/organizations/": [call()],
    "POST /api/v1/organizations/": [call(201, body=lambda s: {"name": "New group", "kind": "initiative"})],
    "GET /api/v1/organizations/{id}/": [call(path={"id": "organization"})],
    "GET /api/v1/organizations/{organization_pk}/members/": [call(path={"organization_pk": "organization"})],
    "POST /api/v1/organizations/{organization_pk}/members/": [
        call(202, path={"organization_pk": "organization"}, body=lambda s: {"username": "zhanar"}, actor="coordinator")
    ],
    "DELETE /api/v1/organizations/{organization_pk}/members/{username}/": [
        call(204, path={"organization_pk": "organization", "username": "dana"})
    ],
    "GET /api/v1/applications/": [call(), call(query={"status": "refused"})],
    "POST /api/v1/applications/": [
        call(
            201,
            body=lambda s: {
                **APPLICATION_BODY,
                "organization": s.ids["organization"],
                "authority": s.ids["their_authority"],
            },
        )
    ],
    "GET /api/v1/applications/{id}/": [call(path={"id": "application"})],
    "PATCH /api/v1/applications/{id}/": [call(path={"id": "application"}, body=lambda s: {"title": "Renamed"})],
    "DELETE /api/v1/applications/{id}/": [call(204, path={"id": "draft_application"})],
    "POST /api/v1/applications/{application_pk}/filing/": [
        call(
            path={"application_pk": "draft_application"},
            body=lambda s: {
                "language": "ru",
                "route": "Along Abay avenue",
                "organizers": [
                    {"name": "Aizhan", "id_number": "900101400123", "address": "Almaty", "phone": "+7 701 111 22 33"}
                ],
                "order_and_safety": "Stewards",
                "medical_help": "An ambulance",
            },
        ),
        call(400, path={"application_pk": "draft_application"}, body=lambda s: {"route": ""}),
    ],
    "POST /api/v1/applications/{id}/withdraw/": [call(path={"id": "filed"}, body=lambda s: {"note": "Postponed"})],
    "GET /api/v1/applications/{application_pk}/timeline/": [call(path={"application_pk": "application"})],
    "POST /api/v1/applications/{application_pk}/timeline/": [
        call(
            201,
            path={"application_pk": "application"},
            body=lambda s: {"kind": "letter", "summary": "Wrote to the akimat", "happened_on": s.day()},
        )
    ],
    "GET /api/v1/applications/{application_pk}/timeline/{id}/": [
        call(path={"application_pk": "application", "id": "entry"})
    ],
    "PATCH /api/v1/applications/{application_pk}/timeline/{id}/": [
        call(path={"application_pk": "application", "id": "entry"}, body=lambda s: {"summary": "Called twice"})
    ],
    "DELETE /api/v1/applications/{application_pk}/timeline/{id}/": [
        call(204, path={"application_pk": "application", "id": "entry"})
    ],
    "GET /api/v1/applications/{application_pk}/decisions/": [call(path={"application_pk": "application"})],
    "POST /api/v1/applications/{application_pk}/decisions/": [
        call(
            201,
            path={"application_pk": "filed"},
            body=lambda s: {
                "outcome": "refused",
                "decided_on": s.day(),
                "received_on": s.day(),
                "grounds": [{"reason": "repair_works", "quote": "Repairs are planned"}],
            },
        )
    ],
    "GET /api/v1/applications/{application_pk}/decisions/{id}/": [
        call(path={"application_pk": "application", "id": "decision"})
    ],
    "PATCH /api/v1/applications/{application_pk}/decisions/{id}/": [
        call(path={"application_pk": "application", "id": "decision"}, body=lambda s: {"reference_number": "12-34"})
    ],
    "DELETE /api/v1/applications/{application_pk}/decisions/{id}/": [
        call(204, path={"application_pk": "approved", "id": "approval"})
    ],
    "GET /api/v1/applications/{application_pk}/documents/": [call(path={"application_pk": "application"})],
    "POST /api/v1/applications/{application_pk}/documents/": [
        call(
            201,
            path={"application_pk": "application"},
            body=lambda s: {"file": PDF, "kind": "evidence", "title": "Photo of the square"},
            multipart=True,
        )
    ],
    "GET /api/v1/applications/{application_pk}/documents/{id}/": [
        call(path={"application_pk": "application", "id": "document"})
    ],
    "PATCH /api/v1/applications/{application_pk}/documents/{id}/": [
        call(path={"application_pk": "application", "id": "document"}, body=lambda s: {"title": "The letter"})
    ],
    "DELETE /api/v1/applications/{application_pk}/documents/{id}/": [
        call(204, path={"application_pk": "application", "id": "document"})
    ],
    "GET /api/v1/documents/{id}/file": [call(path={"id": "document"})],
    "GET /api/v1/deadlines/": [call(), call(query={"upcoming": "1"}), call(query={"application": "application"})],
    "POST /api/v1/deadlines/": [
        call(201, body=lambda s: {"application": s.ids["application"], "title": "Print leaflets", "due_on": s.day(3)})
    ],
    "GET /api/v1/deadlines/{id}/": [call(path={"id": "deadline"})],
    "PATCH /api/v1/deadlines/{id}/": [
        call(path={"id": "deadline"}, body=lambda s: {"due_on": s.day(9), "override_reason": "Printer is late"})
    ],
    "GET /api/v1/co-organizer-invitations/": [call(actor="invited_coordinator")],
    "GET /api/v1/co-organizer-invitations/{id}/": [
        call(path={"id": "request_to_co_organize"}, actor="invited_coordinator")
    ],
    "POST /api/v1/co-organizer-invitations/{id}/accept/": [
        call(path={"id": "request_to_co_organize"}, actor="invited_coordinator")
    ],
    "POST /api/v1/co-organizer-invitations/{id}/decline/": [
        call(path={"id": "request_to_co_organize"}, actor="invited_coordinator")
    ],
    "GET /api/v1/appeals/": [call(), call(query={"mine": "1"}), call(query={"status": "decided"})],
    "POST /api/v1/appeals/": [
        call(201, body=lambda s: {"decision": s.ids["decision"], "venue": "ombudsman", "filing_due_on": s.day(30)})
    ],
    "GET /api/v1/appeals/{id}/": [call(path={"id": "appeal"}), call(path={"id": "decided_appeal"})],
    "PATCH /api/v1/appeals/{id}/": [call(path={"id": "appeal"}, body=lambda s: {"case_number": "2-1234/2026"})],
    "GET /api/v1/appeals/{appeal_pk}/draft/": [call(path={"appeal_pk": "appeal"})],
    "PUT /api/v1/appeals/{appeal_pk}/draft/": [
        call(path={"appeal_pk": "appeal"}, body=lambda s: {"text": "# Claim\nOur text.", "version": s.ids["version"]})
    ],
    "GET /api/v1/appeals/{appeal_pk}/draft.docx": [call(path={"appeal_pk": "appeal"})],
    "GET /api/v1/appeals/{appeal_pk}/draft/compare/": [
        call(path={"appeal_pk": "appeal"}, query={"old": "first_revision"})
    ],
    "POST /api/v1/appeals/{appeal_pk}/draft/regenerate/": [call(201, path={"appeal_pk": "appeal"})],
    "POST /api/v1/appeals/{appeal_pk}/draft/restore/": [
        call(
            path={"appeal_pk": "appeal"},
            body=lambda s: {"revision": s.ids["first_revision"], "version": s.ids["version"]},
        )
    ],
    "GET /api/v1/appeals/{appeal_pk}/draft/revisions/": [call(path={"appeal_pk": "appeal"})],
    "GET /api/v1/appeals/{appeal_pk}/draft/revisions/{revision_pk}/": [
        call(path={"appeal_pk": "appeal", "revision_pk": "first_revision"})
    ],
    "GET /api/v1/appeals/{appeal_pk}/hearings/": [call(path={"appeal_pk": "decided_appeal"})],
    "POST /api/v1/appeals/{appeal_pk}/hearings/": [
        call(
            201,
            path={"appeal_pk": "appeal"},
            body=lambda s: {"starts_at": f"{s.day(14)}T10:00:00+05:00", "place": "District court, room 3"},
        )
    ],
    "GET /api/v1/appeals/{appeal_pk}/invitations/": [call(path={"appeal_pk": "appeal"}, actor="coordinator")],
    "POST /api/v1/appeals/{appeal_pk}/invitations/": [
        call(201, path={"appeal_pk": "appeal"}, body=lambda s: {"email": "aida@example.org"}, actor="coordinator")
    ],
    "DELETE /api/v1/appeals/{appeal_pk}/invitations/{appeal_invitation_pk}/": [
        call(204, path={"appeal_pk": "appeal", "appeal_invitation_pk": "invitation"}, actor="coordinator")
    ],
    "GET /api/v1/arguments/": [call(), call(query={"language": "ru", "reason": "conflicting_event"})],
    "POST /api/v1/arguments/": [
        call(
            201,
            body=lambda s: {
                "code": "another-argument",
                "kind": "ground",
                "title": "No conflict",
                "text": "The other event was never announced.",
                "language": "ru",
                "reasons": ["conflicting_event"],
                "organization": s.ids["organization"],
            },
        )
    ],
    "GET /api/v1/arguments/{id}/": [call(path={"id": "argument"})],
    "PATCH /api/v1/arguments/{id}/": [
        call(path={"id": "argument"}, body=lambda s: {"title": "Our standard, revised"}, actor="coordinator")
    ],
    "DELETE /api/v1/arguments/{id}/": [call(204, path={"id": "argument"}, actor="coordinator")],
    "GET /api/v1/reports/refusals/": [call(), call(query={"by": "authority"})],
    "GET /api/v1/reports/applications.csv": [call()],
    "GET /api/v1/reports/applications.xlsx": [call()],
    "GET /api/v1/reports/deadlines.csv": [call()],
    "GET /api/v1/reports/deadlines.xlsx": [call()],
    "GET /api/v1/reports/decisions.csv": [call()],
    "GET /api/v1/reports/decisions.xlsx": [call()],
    "GET /api/v1/me/preferences/": [call()],
    "PATCH /api/v1/me/preferences/": [
        call(body=lambda s: {"discreet": True, "email_events": True}),
        call(body=lambda s: {"channels": ["email", "telegram"]}),
    ],
    "GET /api/v1/me/telegram/": [call(), call(actor="coordinator")],
    "POST /api/v1/me/telegram/": [call(201)],
    "PATCH /api/v1/me/telegram/": [call(body=lambda s: {"show_details": True})],
    "DELETE /api/v1/me/telegram/": [call(204)],
    "GET /api/v1/notifications/": [call()],
    "GET /api/v1/notifications/{id}/": [call(path={"id": "notification"})],
    "POST /api/v1/notifications/{id}/read/": [call(path={"id": "notification"})],
    "POST /api/v1/notifications/read-all/": [call()],
    "GET /api/v1/search/": [call(query={"q": "akimat"})],
    "GET /api/v1/imports/template.csv": [call(actor="coordinator")],
    "GET /api/v1/imports/template.xlsx": [call(actor="coordinator")],
    "POST /api/v1/imports/": [
        call(
            actor="coordinator",
            body=lambda s: {
                "organization": s.ids["organization"],
                "dry_run": "true",
                "file": IMPORT_CSV,
            },
            multipart=True,
        )
    ],
    "POST /api/v1/authorities/{id}/publish/": [call(path={"id": "authority_to_publish"}, actor="editor")],
    "POST /api/v1/authorities/{id}/merge/": [
        call(204, path={"id": "authority_to_merge"}, body=lambda s: {"into": s.ids["their_authority"]}, actor="editor")
    ],
    "POST /api/v1/authorities/{id}/decline/": [
        call(path={"id": "authority_to_decline"}, body=lambda s: {"note": "Use the city akimat"}, actor="editor")
    ],
}


def resolve(values, scene):
    # A name of one of the scene's ids stands for that id; anything else is sent as written.
    return {name: scene.ids.get(value, value) for name, value in values.items()}


def test_every_operation_is_called():
    assert set(CALLS) == set(OPERATIONS)


@pytest.mark.parametrize(
    ("label", "index"), [(label, index) for label, calls in CALLS.items() for index in range(len(calls))]
)
def test_the_answer_is_what_the_schema_says(scene_for_wsgi, label, index):
    scene = scene_for_wsgi
    planned = CALLS[label][index]
    operation = OPERATIONS[label]
    kwargs = {"path_parameters": resolve(planned.path, scene), "query": resolve(planned.query, scene)}
    if planned.body is not None:
        kwargs["body"] = planned.body(scene)
        kwargs["media_type"] = "multipart/form-data" if planned.multipart else "application/json"
    case = operation.Case(**kwargs)
    token = scene.people[planned.actor].issue_api_token()
    response = case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS)
    assert response.status_code == planned.status, response.text[:2000]


# --- A nullable column is nullable in the schema --------------------------------------------------
# The calls above see null only where the scene happens to hold one; this reads every serializer of
# the API: a field that reads a nullable column (directly or through a nullable relation) must
# allow null, or the schema would forbid what the API returns the day that column is empty.
# Every module of the API that defines serializers: a new one fails test_every_api_module_is_read.
API_MODULES = (
    "organizations.api",
    "permits.api.lookups",
    "permits.api.applications",
    "permits.api.timeline",
    "permits.api.decisions",
    "permits.api.documents",
    "permits.api.deadlines",
    "permits.api.co_organizers",
    "permits.api.filing",
    "appeals.api.appeals",
    "appeals.api.arguments",
    "appeals.api.draft",
    "appeals.api.hearings",
    "appeals.api.invitations",
    "appeals.search_api",
    "messenger.api",
    "reminders.api",
    "reports.api",
    "imports.api",
)


def model_serializers():
    for module in map(importlib.import_module, API_MODULES):
        for candidate in vars(module).values():
            if (
                isinstance(candidate, type)
                and issubclass(candidate, serializers.ModelSerializer)
                and candidate.__module__ == module.__name__
            ):
                yield candidate


def reads_a_nullable_column(model, source: str) -> bool:
    for name in source.split("."):
        try:
            column = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False  # a property or method: its own annotation says what it returns
        if column.one_to_many or column.many_to_many:
            return False  # a list, empty rather than null
        if column.null:
            return True
        model = column.related_model
        if model is None:
            return False
    return False


@pytest.mark.parametrize("serializer_class", list(model_serializers()), ids=lambda cls: cls.__name__)
def test_a_field_reading_a_nullable_column_allows_null(serializer_class):
    model = serializer_class.Meta.model
    forbidding = [
        name
        for name, serializer_field in serializer_class().fields.items()
        if not serializer_field.write_only
        and not serializer_field.allow_null
        # "former member" instead of null, by design (accounts.api_fields).
        and not isinstance(serializer_field, AuthorField)
        and serializer_field.source not in ("*", None)
        and reads_a_nullable_column(model, serializer_field.source)
    ]
    assert forbidding == []


def test_every_api_module_is_read():
    """The nullability check above reads API_MODULES: an API module added later must be listed."""
    import pkgutil

    defining = set()
    for package in ("organizations", "messenger", "permits", "appeals", "reminders", "reports", "imports", "accounts"):
        root = importlib.import_module(package)
        for info in pkgutil.walk_packages(root.__path__, prefix=f"{package}."):
            if ".migrations" in info.name or ".management" in info.name or ".tests" in info.name:
                continue
            module = importlib.import_module(info.name)
            if any(
                isinstance(c, type) and issubclass(c, serializers.ModelSerializer) and c.__module__ == module.__name__
                for c in vars(module).values()
            ):
                defining.add(module.__name__)
    assert defining <= set(API_MODULES)
