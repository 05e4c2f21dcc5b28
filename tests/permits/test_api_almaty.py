"""The 2021 Almaty case (DESIGN.md, LEGAL.md §1) driven through the API exactly as API.md describes,
with every call an outsider makes to its objects a 404 that changes nothing."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from organizations.models import Invitation, Membership
from permits.models import Decision, PermitApplication, TimelineEntry
from tests.factories import UserFactory, verify_email

pytestmark = pytest.mark.django_db

API = "/api/v1/"


def as_user(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.content)
    return response.json()


def test_the_almaty_march_from_groups_to_refusal(db):
    asel, aigerim, outsider = UserFactory(username="asel"), UserFactory(username="aigerim"), UserFactory()
    lead_client, co_client, outside = as_user(asel), as_user(aigerim), as_user(outsider)

    # Organizations: each group's creator is its coordinator; KazFem invites Asel, who confirms her
    # address and joins, so she can name it.
    feminita = ok(
        lead_client.post(f"{API}organizations/", {"name": "Feminita", "kind": "initiative", "city": "Almaty"}), 201
    )
    kazfem = ok(co_client.post(f"{API}organizations/", {"name": "KazFem", "kind": "initiative", "city": "Almaty"}), 201)
    assert feminita["my_role"] == kazfem["my_role"] == "coordinator"
    ok(co_client.post(f"{API}organizations/{kazfem['id']}/members/", {"username": "asel", "role": "member"}), 202)
    browser = Client()
    browser.force_login(verify_email(asel))
    browser.post(Invitation.objects.get(organization_id=kazfem["id"]).get_absolute_url())
    ok(outside.post(f"{API}organizations/", {"name": "Elsewhere"}), 201)

    # Authority, in a jurisdiction given by its code.
    authority = ok(
        lead_client.post(
            f"{API}authorities/",
            # A group adds the authority it files with for itself (shared ones are the site editors').
            {
                "name": "Akimat of Almaty city, internal policy",
                "jurisdiction": "KZ-ALA",
                "organization": feminita["id"],
            },
        ),
        201,
    )

    # The application, filed on 16 November 2021 for a march on 8 March 2022.
    applicants = [{"name": "Әсел Нұрланқызы"}, {"name": "Дана Сергеевна"}, {"name": "Айгерім Бекқызы"}]
    application = ok(
        lead_client.post(
            f"{API}applications/",
            {
                "title": "Марш за права женщин 8 марта",
                "event_type": "march",
                "purpose": "Әйелдер құқықтары үшін / За права женщин",
                "organization": feminita["id"],
                "co_organizers": [kazfem["id"]],
                "applicants": applicants,
                "starts_at": "2022-03-08T12:00:00+06:00",
                "ends_at": "2022-03-08T14:00:00+06:00",
                "location": "Алматы, сквер у Театра Лермонтова",
                "route": "Абая — Назарбаева — Республики алаңы",
                "expected_participants": 1000,
                "authority": authority["id"],
                "filed_on": "2021-11-16",
                "channel": "in_person",
                "reference_number": "ЖТ-2021-11-16",
            },
            format="json",
        ),
        201,
    )
    assert application["status"] == "filed"
    assert application["filed_on"] == "2021-11-16"
    app_url = f"{API}applications/{application['id']}/"
    # Asel is only a member of KazFem: its coordinator accepts before KazFem co-organizes.
    assert (application["co_organizers"], application["pending_co_organizers"]) == ([], [kazfem["id"]])
    assert co_client.get(app_url).status_code == 404
    (request,) = ok(co_client.get(f"{API}co-organizer-invitations/"))["results"]
    ok(co_client.post(f"{API}co-organizer-invitations/{request['id']}/accept/"))
    assert ok(lead_client.get(app_url))["co_organizers"] == [kazfem["id"]]
    # Kazakh and Russian names round-trip exactly, in order, for the lead and the co-organizer.
    assert ok(lead_client.get(app_url))["applicants"] == applicants
    assert ok(co_client.get(app_url))["applicants"] == applicants

    # The timeline: a meeting where officials advise revising plans, and pressure to withdraw.
    meeting = ok(
        lead_client.post(
            f"{app_url}timeline/",
            {
                "happened_on": "2021-11-19",
                "kind": "meeting",
                "summary": "Акимат советует пересмотреть планы по эпидемиологическим причинам",
                "details": "<b>Встреча</b> в акимате",
            },
            format="json",
        ),
        201,
    )
    pressure = ok(
        lead_client.post(
            f"{app_url}timeline/",
            {"happened_on": "2021-11-22", "kind": "pressure", "summary": "Просьба отозвать заявление — отказали"},
            format="json",
        ),
        201,
    )
    assert meeting["details"] == "<b>Встреча</b> в акимате"  # stored as typed; pages escape it

    # The refusal of 26 November 2021 on two grounds, each with the authority's own words.
    grounds = [
        {"reason": "conflicting_event", "quote": "в связи с проведением другого мероприятия", "note": ""},
        {"reason": "repair_works", "quote": "в связи с ремонтно-монтажными работами", "note": "Работ не было"},
    ]
    decision = ok(
        lead_client.post(
            f"{app_url}decisions/",
            {"outcome": "refused", "decided_on": "2021-11-26", "received_on": "2021-11-26", "grounds": grounds},
            format="json",
        ),
        201,
    )
    assert decision["grounds"] == grounds
    refused = ok(co_client.get(app_url))
    assert refused["status"] == "refused"
    kinds = [entry["kind"] for entry in ok(co_client.get(f"{app_url}timeline/"))["results"]]
    assert kinds == ["decision", "pressure", "meeting", "filed"]

    # The outsider: every call to these objects is a 404, lists show none of it, nothing changes.
    before = snapshot(application["id"])
    outsider_calls = [
        ("get", app_url, None),
        ("patch", app_url, {"title": "Hijacked"}),
        ("put", app_url, {"title": "Hijacked"}),
        ("delete", app_url, None),
        ("post", f"{app_url}withdraw/", {"on": "2021-11-27"}),
        ("get", f"{app_url}withdraw/", None),
        ("get", f"{app_url}timeline/", None),
        ("post", f"{app_url}timeline/", {"kind": "note", "summary": "Hijacked"}),
        ("delete", f"{app_url}timeline/", None),
        ("get", f"{app_url}decisions/", None),
        ("post", f"{app_url}decisions/", {"outcome": "approved", "decided_on": "2021-11-27"}),
        ("get", f"{app_url}documents/", None),
        ("post", f"{app_url}documents/", {"kind": "other", "title": "x"}),
        ("get", f"{API}organizations/{feminita['id']}/", None),
        ("get", f"{API}organizations/{feminita['id']}/members/", None),
        (
            "post",
            f"{API}organizations/{feminita['id']}/members/",
            {"username": outsider.username, "role": "coordinator"},
        ),
        ("delete", f"{API}organizations/{feminita['id']}/members/asel/", None),
        ("delete", f"{API}organizations/{kazfem['id']}/members/aigerim/", None),
    ]
    for method, url, body in outsider_calls:
        response = getattr(outside, method)(url, body, format="json")
        assert response.status_code == 404, (method, url, response.status_code)
    assert ok(outside.get(f"{API}applications/"))["count"] == 0
    assert ok(outside.get(f"{API}applications/", {"organization": feminita["id"]}))["count"] == 0
    assert ok(outside.get(f"{API}applications/", {"q": "Марш"}))["count"] == 0
    assert [o["name"] for o in ok(outside.get(f"{API}organizations/"))["results"]] == ["Elsewhere"]
    assert snapshot(application["id"]) == before
    assert pressure["id"] in {entry["id"] for entry in ok(lead_client.get(f"{app_url}timeline/"))["results"]}


def snapshot(application_id):
    application = PermitApplication.objects.get(pk=application_id)
    return (
        application.title,
        application.status,
        application.updated_at,
        list(application.applicants.values_list("name", flat=True)),
        TimelineEntry.objects.count(),
        Decision.objects.count(),
        sorted(Membership.objects.values_list("organization__name", "user__username", "role")),
    )
