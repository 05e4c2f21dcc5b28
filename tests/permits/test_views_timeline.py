"""Adding to the timeline in place, and what the page shows of it (escaped)."""

import datetime as dt

import pytest
from django.urls import reverse

from permits.models import RefusalReason, TimelineEntry
from tests.factories import TimelineEntryFactory, filed_application

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'


def add_url(application):
    return reverse("permits:timeline_add", args=[application.pk])


def page_url(application):
    return reverse("permits:application_detail", args=[application.pk])


def test_a_member_logs_a_meeting_with_officials(world, login):
    data = {"happened_on": "2021-11-18", "kind": "meeting", "summary": "Akimat advised revising", "details": "Epid."}
    response = login(world.member).post(add_url(world.application), data)
    assert response.status_code == 302
    assert response["Location"].endswith("#timeline")
    entry = world.application.timeline.get()
    assert (entry.kind, entry.happened_on, entry.created_by) == ("meeting", dt.date(2021, 11, 18), world.member)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"kind": "decision"}, "kind"),  # written by the verbs only
        ({"kind": "status"}, "kind"),
        ({"kind": "gossip"}, "kind"),
        ({"happened_on": "18.11.2021x"}, "happened_on"),
        ({"summary": ""}, "summary"),
    ],
)
def test_a_bad_entry_re_shows_the_page_with_the_error_and_what_was_typed(world, login, overrides, field):
    data = {"happened_on": "2021-11-18", "kind": "call", "summary": "Call from the district", "details": "Kept text"}
    data.update(overrides)
    response = login(world.member).post(add_url(world.application), data)
    assert response.status_code == 200
    assert field in response.context["timeline_form"].errors
    assert "Kept text" in response.content.decode()
    assert not world.application.timeline.exists()


def test_the_add_form_offers_only_the_manual_kinds(world, login):
    form = login(world.member).get(page_url(world.application)).context["timeline_form"]
    assert {code for code, _label in form.fields["kind"].choices} == set(TimelineEntry.MANUAL_KINDS)


def test_get_on_the_timeline_url_goes_back_to_the_page(world, login):
    response = login(world.member).get(add_url(world.application))
    assert response.status_code == 302
    assert response["Location"] == page_url(world.application) + "#timeline"


def test_a_script_in_a_timeline_entry_or_a_quote_is_shown_escaped(world, login):
    application = filed_application(organization=world.lead, co_organizers=[world.co_group], title=f"Title {SCRIPT}")
    TimelineEntryFactory(application=application, summary=f"Summary {SCRIPT}", details=f"Details {SCRIPT}")
    application.record_decision(
        outcome="refused",
        decided_on=dt.date(2021, 11, 26),
        alternative_offered=f"Alt {SCRIPT}",
        grounds=[{"reason": RefusalReason.objects.get(code="other"), "quote": f"Quote {SCRIPT}", "note": SCRIPT}],
    )
    client = login(world.co_member)
    for url in [page_url(application), reverse("dashboard"), reverse("permits:application_list")]:
        html = client.get(url).content.decode()
        assert SCRIPT not in html, url
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html, url


def test_the_application_page_runs_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    application = filed_application(organization=world.lead, co_organizers=[world.co_group], applicants=["A", "B"])
    for _ in range(5):
        TimelineEntryFactory(application=application)
    application.record_decision(
        outcome="refused",
        decided_on=dt.date(2021, 11, 26),
        grounds=[{"reason": reason} for reason in RefusalReason.objects.all()[:3]],
    )
    client = login(world.member)
    # 20 for the page, 5 for the deadline panel (its rows, the remedy outlook's rules and calendar), 2 for
    # the appeals block, 1 for the groups asked to co-organize. A fixed count: tests/permits/test_views_deadlines.py
    # checks it does not grow.
    with django_assert_max_num_queries(28):
        assert client.get(page_url(application)).status_code == 200
