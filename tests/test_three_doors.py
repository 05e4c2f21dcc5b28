"""One rule per verb (issue 13, item 2): every wrong date reaches the record through three doors —
the page, the API and the admin — and each door must refuse it the same way, through the same verb,
leaving the record as it was: the row, its deadlines, its timeline.

A page refuses with the form shown again and the field's error; the API with a 400 naming the field;
the admin with its change form shown again and the field's error (or, where a field changes only
through the page's verb, by not offering it: the value posted is ignored)."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from appeals.models import Appeal
from appeals.services import appeal_open
from organizations.models import Membership
from permits.models import Decision, PermitApplication, TimelineEntry
from permits.models.planning import local_today
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PermitApplicationFactory,
    UserFactory,
    almaty,
    filed_application,
    refused_application,
)

pytestmark = pytest.mark.django_db

ALMATY = ZoneInfo("Asia/Almaty")
D = dt.date


def today():
    return local_today("Asia/Almaty")


# --- the record before and after ------------------------------------------------------------------


def snapshot(application) -> dict:
    """Everything a wrong date could move: the application's row, its deadlines, its timeline, its
    decisions and appeals."""
    application = PermitApplication.objects.get(pk=application.pk)
    return {
        "application": PermitApplication.objects.filter(pk=application.pk)
        .values("status", "filed_on", "starts_at", "ends_at", "event_type", "authority_id")
        .get(),
        "deadlines": sorted(
            application.deadlines.values_list("kind", "due_on", "computed_due_on", "done_at", "appeal_id"),
            key=str,
        ),
        "timeline": sorted(application.timeline.values_list("id", "kind", "happened_on", "summary"), key=str),
        "decisions": sorted(application.decisions.values_list("id", "outcome", "decided_on", "received_on"), key=str),
        "appeals": sorted(
            Appeal.objects.filter(application=application).values_list(
                "id", "status", "filed_on", "decided_on", "case_number"
            ),
            key=str,
        ),
    }


# --- the three doors ------------------------------------------------------------------------------


@dataclass
class Refusal:
    status: int
    errors: dict  # field → messages, as the door reports them


def form_errors(response):
    """The errors of the form a page or the admin shows again."""
    context = response.context
    if "adminform" in context:
        form = context["adminform"].form
    else:  # the page's form, the application page's timeline form, the appeal workspace's status form
        names = ("form", "timeline_form", "file_form", "outcome_form")
        form = next(context[name] for name in names if name in context and getattr(context[name], "errors", None))
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def admin_post(client, obj, changes: dict):
    """Post an object's admin change form as the page shows it, with `changes` typed in."""
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    form = page.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        data.update(_as_post(form.add_prefix(name), field, value))
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management.initial.get(name, management[name].value())
        for inline_form in formset.forms:
            for name, field in inline_form.fields.items():
                data.update(_as_post(inline_form.add_prefix(name), field, inline_form[name].value()))
    for name, value in changes.items():
        data[name] = value
    return client.post(url, data)


def _as_post(key, field, value) -> dict:
    from django import forms

    if value is None:
        return {key: ""}
    if isinstance(field, forms.SplitDateTimeField):
        local = timezone.localtime(value)
        return {f"{key}_0": local.date().isoformat(), f"{key}_1": local.strftime("%H:%M:%S")}
    if isinstance(field, forms.BooleanField):
        return {key: "on"} if value else {}
    if isinstance(field, forms.ModelMultipleChoiceField):
        return {key: [getattr(v, "pk", v) for v in value]}
    if hasattr(value, "pk"):
        return {key: value.pk}
    if isinstance(value, dt.date):
        return {key: value.isoformat()}
    return {key: value}


@pytest.fixture
def coordinator(db):
    user = UserFactory(username="asel")
    lead = OrganizationFactory(name="Feminita")
    MembershipFactory(user=user, organization=lead, role=Membership.Role.COORDINATOR)
    return user


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


def lead_of(user):
    return user.memberships.get().organization


# --- the bad inputs -----------------------------------------------------------------------------------


def past_march(coordinator, **kwargs):
    """A march already held: 8 March 2022, registered on 16 Nov 2021."""
    starts_at = dt.datetime(2022, 3, 8, 12, tzinfo=ALMATY)
    return filed_application(
        organization=lead_of(coordinator),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=3),
        filed_on=D(2021, 11, 16),
        by=coordinator,
        **kwargs,
    )


def application_form_data(application, **changes):
    local = {name: timezone.localtime(getattr(application, name)) for name in ("starts_at", "ends_at")}
    data = {
        "title": application.title,
        "event_type": application.event_type,
        "organization": application.organization_id,
        "starts_at": local["starts_at"].strftime("%Y-%m-%dT%H:%M"),
        "ends_at": local["ends_at"].strftime("%Y-%m-%dT%H:%M"),
        "location": application.location,
        "authority": application.authority_id,
        "filed_on": application.filed_on.isoformat() if application.filed_on else "",
        "channel": application.channel,
        "reference_number": application.reference_number,
        "applicants-TOTAL_FORMS": "0",
        "applicants-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


class BadInput:
    field = ""
    doors = ("page", "api", "admin")

    def __repr__(self):
        return type(self).__name__


class FutureFilingOfAPastAssembly(BadInput):
    """A filing date still to come, on an assembly already held: the page then counted "16 days
    left" for the authority."""

    field = "filed_on"

    def setup(self, coordinator):
        return past_march(coordinator)

    def bad(self):
        return (today() + dt.timedelta(days=10)).isoformat()

    def page(self, client, application):
        url = reverse("permits:application_edit", args=[application.pk])
        return client.post(url, application_form_data(application, filed_on=self.bad()))

    def api(self, client, application):
        return client.patch(f"/api/v1/applications/{application.pk}/", {"filed_on": self.bad()}, format="json")

    def admin(self, client, application):
        return admin_post(client, application, {"filed_on": self.bad()})


class DraftFiledInTheFuture(FutureFilingOfAPastAssembly):
    """A draft filed on a day still to come (the file page, the API's filed_on, the admin)."""

    def setup(self, coordinator):
        return PermitApplicationFactory(organization=lead_of(coordinator))

    def page(self, client, application):
        return client.post(reverse("permits:application_file", args=[application.pk]), {"filed_on": self.bad()})


class DecisionInTheFuture(BadInput):
    """A decision dated on a day still to come: an approval then showed "The answer came late"."""

    field = "decided_on"

    def setup(self, coordinator):
        return filed_application(organization=lead_of(coordinator), filed_on=today(), by=coordinator)

    def bad(self):
        return (today() + dt.timedelta(days=3)).isoformat()

    def body(self):
        return {"outcome": "approved", "decided_on": self.bad(), "received_on": ""}

    def page(self, client, application):
        data = {**self.body(), "grounds-TOTAL_FORMS": "0", "grounds-INITIAL_FORMS": "0"}
        return client.post(reverse("permits:application_decide", args=[application.pk]), data)

    def api(self, client, application):
        body = {key: value for key, value in self.body().items() if value}
        return client.post(f"/api/v1/applications/{application.pk}/decisions/", body, format="json")

    def admin(self, client, application):
        # Decisions are recorded through the verb only: the admin has no "Add decision".
        return client.post(reverse("admin:permits_decision_add"), {**self.body(), "application": application.pk})


class DecisionCorrectedIntoTheFuture(DecisionInTheFuture):
    """A recorded approval corrected to a day still to come."""

    def setup(self, coordinator):
        application = super().setup(coordinator)
        application.record_decision(outcome="approved", decided_on=today(), by=coordinator)
        return application

    def decision(self, application):
        return application.decisions.get()

    def page(self, client, application):
        decision = self.decision(application)
        data = {**self.body(), "grounds-TOTAL_FORMS": "0", "grounds-INITIAL_FORMS": "0"}
        return client.post(reverse("permits:decision_correct", args=[application.pk, decision.pk]), data)

    def api(self, client, application):
        url = f"/api/v1/applications/{application.pk}/decisions/{self.decision(application).pk}/"
        return client.patch(url, {"decided_on": self.bad()}, format="json")

    def admin(self, client, application):
        return admin_post(client, self.decision(application), {"decided_on": self.bad()})


class DecisionReceivedBeforeItWasMade(DecisionCorrectedIntoTheFuture):
    field = "received_on"

    def setup(self, coordinator):
        application = filed_application(organization=lead_of(coordinator), filed_on=D(2021, 11, 16), by=coordinator)
        application.record_decision(outcome="approved", decided_on=D(2021, 11, 20), by=coordinator)
        return application

    def bad(self):
        return "2021-11-19"

    def body(self):
        return {"outcome": "approved", "decided_on": "2021-11-20", "received_on": self.bad()}

    def api(self, client, application):
        url = f"/api/v1/applications/{application.pk}/decisions/{self.decision(application).pk}/"
        return client.patch(url, {"received_on": self.bad()}, format="json")

    def admin(self, client, application):
        return admin_post(client, self.decision(application), {"received_on": self.bad()})


class TimelineDateOutOfThisWorld(BadInput):
    """0001-01-01 or 9999-12-31 on the timeline: the API refused them, the page took them."""

    field = "happened_on"

    def __init__(self, day):
        self.day = day

    def __repr__(self):
        return f"{type(self).__name__}({self.day})"

    def setup(self, coordinator):
        application = past_march(coordinator)
        TimelineEntry.objects.create(
            application=application,
            kind=TimelineEntry.Kind.MEETING,
            happened_on=D(2021, 11, 23),
            summary="Meeting at the akimat",
            created_by=coordinator,
        )
        return application

    def bad(self):
        return self.day

    def entry(self, application):
        return application.timeline.get(kind=TimelineEntry.Kind.MEETING)

    def page(self, client, application):
        data = {"happened_on": self.bad(), "kind": "note", "summary": "A note"}
        return client.post(reverse("permits:timeline_add", args=[application.pk]), data)

    def api(self, client, application):
        body = {"happened_on": self.bad(), "kind": "note", "summary": "A note"}
        return client.post(f"/api/v1/applications/{application.pk}/timeline/", body, format="json")

    def admin(self, client, application):
        return admin_post(client, self.entry(application), {"happened_on": self.bad()})


class TimelineEntryEditedOutOfThisWorld(TimelineDateOutOfThisWorld):
    def page(self, client, application):
        entry = self.entry(application)
        data = {"happened_on": self.bad(), "kind": entry.kind, "summary": entry.summary}
        return client.post(reverse("permits:timeline_edit", args=[application.pk, entry.pk]), data)

    def api(self, client, application):
        url = f"/api/v1/applications/{application.pk}/timeline/{self.entry(application).pk}/"
        return client.patch(url, {"happened_on": self.bad()}, format="json")


class AppealFiledInTheFuture(BadInput):
    """An appeal's filing date corrected to a day still to come: the page refused it, the API's
    PATCH took it."""

    field = "filed_on"

    def setup(self, coordinator):
        application = refused_application(
            organization=lead_of(coordinator), decided_on=D(2021, 11, 26), by=coordinator, filed_on=D(2021, 11, 16)
        )
        appeal = appeal_open(
            decision=application.decisions.get(), venue="higher_authority", by=coordinator, language="en"
        )
        appeal.file(on=D(2021, 11, 30), by=coordinator)
        return application

    def bad(self):
        return (today() + dt.timedelta(days=5)).isoformat()

    def appeal(self, application):
        return Appeal.objects.get(application=application)

    def page(self, client, application):
        url = reverse("appeals:file", args=[self.appeal(application).pk])
        return client.post(url, {"filed_on": self.bad(), "case_number": ""})

    def api(self, client, application):
        return client.patch(f"/api/v1/appeals/{self.appeal(application).pk}/", {"filed_on": self.bad()}, format="json")

    def admin(self, client, application):
        return admin_post(client, self.appeal(application), {"filed_on": self.bad()})


class AppealFiledBeforeTheRefusal(AppealFiledInTheFuture):
    def bad(self):
        return "2021-11-25"


class AppealDecidedInTheFuture(AppealFiledInTheFuture):
    """A decided appeal's outcome date corrected to a day still to come."""

    field = "decided_on"

    def setup(self, coordinator):
        application = super().setup(coordinator)
        self.appeal(application).record_outcome(outcome="dismissed", on=D(2021, 12, 10), by=coordinator)
        return application

    doors = ("api", "admin")  # the workspace offers no outcome form on a decided appeal

    def api(self, client, application):
        return client.patch(
            f"/api/v1/appeals/{self.appeal(application).pk}/", {"decided_on": self.bad()}, format="json"
        )

    def admin(self, client, application):
        return admin_post(client, self.appeal(application), {"decided_on": self.bad()})


BAD_INPUTS = [
    FutureFilingOfAPastAssembly(),
    DraftFiledInTheFuture(),
    DecisionInTheFuture(),
    DecisionCorrectedIntoTheFuture(),
    DecisionReceivedBeforeItWasMade(),
    TimelineDateOutOfThisWorld("0001-01-01"),
    TimelineDateOutOfThisWorld("9999-12-31"),
    TimelineEntryEditedOutOfThisWorld("0001-01-01"),
    TimelineEntryEditedOutOfThisWorld("9999-12-31"),
    AppealFiledInTheFuture(),
    AppealFiledBeforeTheRefusal(),
    AppealDecidedInTheFuture(),
]


@pytest.mark.parametrize(
    ("case", "door"), [(case, door) for case in BAD_INPUTS for door in case.doors], ids=lambda p: repr(p).strip("'")
)
def test_every_door_refuses_the_wrong_date_and_changes_nothing(case, door, coordinator, root, client, api_client):
    application = case.setup(coordinator)
    before = snapshot(application)

    if door == "page":
        client.force_login(coordinator)
        response = case.page(client, application)
        assert response.status_code in (200, 400), response.status_code
        assert case.field in form_errors(response), form_errors(response)
    elif door == "api":
        api_client.force_authenticate(coordinator)
        response = case.api(api_client, application)
        assert response.status_code == 400, response.content
        assert case.field in response.json(), response.json()
    else:
        client.force_login(root)
        response = case.admin(client, application)
        if response.status_code == 200:
            assert case.field in form_errors(response), form_errors(response)
        else:
            # The admin does not offer the field (it changes through the page's verb) or the form at
            # all (recorded through the verb only): the value posted is not taken.
            assert response.status_code in (302, 403), response.status_code

    assert snapshot(application) == before


# --- the admin goes through the verbs ---------------------------------------------------------------


def test_admin_correcting_the_registration_date_recomputes_the_deadlines_and_says_so(root, client, coordinator):
    application = filed_application(organization=lead_of(coordinator), filed_on=today(), by=coordinator)
    due = application.response_due_on
    client.force_login(root)

    response = admin_post(client, application, {"filed_on": (today() - dt.timedelta(days=10)).isoformat()})

    assert response.status_code == 302, form_errors(response)
    application = PermitApplication.objects.get(pk=application.pk)
    assert application.filed_on == today() - dt.timedelta(days=10)
    assert application.response_due_on < due  # recomputed from the corrected registration date
    assert application.timeline.filter(kind=TimelineEntry.Kind.DEADLINE, summary__contains="Registration date").exists()


def test_admin_giving_a_draft_a_filing_date_files_it_through_the_verb(root, client, coordinator):
    draft = PermitApplicationFactory(organization=lead_of(coordinator))
    client.force_login(root)

    response = admin_post(client, draft, {"filed_on": today().isoformat()})

    assert response.status_code == 302, form_errors(response)
    application = PermitApplication.objects.get(pk=draft.pk)
    assert application.status == "filed"  # never a draft with a filing date
    assert application.timeline.filter(kind=TimelineEntry.Kind.FILED).exists()
    assert application.response_due_on is not None


def test_admin_moving_the_assembly_moves_its_deadlines(root, client, coordinator):
    application = filed_application(organization=lead_of(coordinator), filed_on=today(), by=coordinator)
    event_day = application.deadline("event").due_on
    client.force_login(root)

    later = timezone.localtime(application.starts_at + dt.timedelta(days=7))
    response = admin_post(
        client,
        application,
        {"starts_at_0": later.date().isoformat(), "ends_at_0": (later + dt.timedelta(hours=2)).date().isoformat()},
    )

    assert response.status_code == 302, form_errors(response)
    application = PermitApplication.objects.get(pk=application.pk)
    assert application.deadline("event").due_on == event_day + dt.timedelta(days=7)


def test_staff_without_the_permission_cannot_change_an_application_in_the_admin(client, coordinator):
    application = past_march(coordinator)
    before = snapshot(application)
    staff = UserFactory(username="clerk", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_permitapplication"))
    client.force_login(staff)

    url = reverse("admin:permits_permitapplication_change", args=[application.pk])
    response = client.post(url, {"filed_on": (today() + dt.timedelta(days=3)).isoformat()})

    assert response.status_code == 403
    assert snapshot(application) == before


def test_a_decision_in_the_future_is_refused_by_the_verb_itself(coordinator):
    application = filed_application(organization=lead_of(coordinator), filed_on=today(), by=coordinator)
    with pytest.raises(Exception) as refusal:
        application.record_decision(outcome="approved", decided_on=today() + dt.timedelta(days=1), by=coordinator)
    assert "decided_on" in refusal.value.message_dict
    assert not Decision.objects.exists()


def test_admin_correcting_an_appeals_filing_day_goes_through_the_verb(root, client, coordinator):
    application = AppealFiledInTheFuture().setup(coordinator)
    appeal = Appeal.objects.get(application=application)
    client.force_login(root)

    response = admin_post(client, appeal, {"filed_on": "2021-12-01"})

    assert response.status_code == 302, form_errors(response)
    appeal.refresh_from_db()
    assert appeal.filed_on == D(2021, 12, 1)
    assert appeal.filing_deadline.done_on == D(2021, 12, 1)  # the deadline follows the new filing day
    assert application.timeline.filter(summary__startswith="Appeal corrected").exists()


@pytest.mark.parametrize("door", ["api", "admin"])
def test_an_appeal_cannot_be_moved_to_a_filing_day_after_its_decision(door, root, client, api_client, coordinator):
    case = AppealDecidedInTheFuture()
    application = case.setup(coordinator)  # filed 30 Nov 2021, decided 10 Dec 2021
    appeal = case.appeal(application)
    before = snapshot(application)

    if door == "api":
        api_client.force_authenticate(coordinator)
        response = api_client.patch(f"/api/v1/appeals/{appeal.pk}/", {"filed_on": "2021-12-15"}, format="json")
        assert response.status_code == 400
        assert "filed_on" in response.json()
    else:
        client.force_login(root)
        response = admin_post(client, appeal, {"filed_on": "2021-12-15"})
        assert response.status_code == 200
        assert "filed_on" in form_errors(response)
    assert snapshot(application) == before


def test_admin_adding_an_application_with_a_filing_date_files_it(root, client, coordinator):
    from permits.models import Authority

    client.force_login(root)
    starts_at = timezone.localtime(timezone.now() + dt.timedelta(days=30))
    response = client.post(
        reverse("admin:permits_permitapplication_add"),
        {
            "title": "Picket for clean air",
            "event_type": "picket",
            "organization": lead_of(coordinator).pk,
            "starts_at_0": starts_at.date().isoformat(),
            "starts_at_1": "12:00:00",
            "ends_at_0": starts_at.date().isoformat(),
            "ends_at_1": "13:00:00",
            "location": "Republic Square",
            "authority": Authority.objects.create(name="Akimat", jurisdiction=almaty()).pk,
            "filed_on": today().isoformat(),
            "applicants-TOTAL_FORMS": "0",
            "applicants-INITIAL_FORMS": "0",
            "co_organizer_links-TOTAL_FORMS": "0",
            "co_organizer_links-INITIAL_FORMS": "0",
            "timeline-TOTAL_FORMS": "0",
            "timeline-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, form_errors(response)
    application = PermitApplication.objects.get(title="Picket for clean air")
    assert application.status == "filed"
    assert application.timeline.filter(kind=TimelineEntry.Kind.FILED).exists()
    assert application.response_due_on is not None


def test_the_admin_cannot_delete_or_edit_what_ruqsat_wrote_on_the_timeline(root, client, coordinator):
    application = past_march(coordinator)
    filed = application.timeline.get(kind=TimelineEntry.Kind.FILED)
    client.force_login(root)

    response = client.post(reverse("admin:permits_timelineentry_delete", args=[filed.pk]), {"post": "yes"})

    assert response.status_code == 403
    assert TimelineEntry.objects.filter(pk=filed.pk).exists()
    assert client.get(reverse("admin:permits_timelineentry_add")).status_code == 403
