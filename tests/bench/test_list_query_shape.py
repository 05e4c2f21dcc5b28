"""The applications list at scale: it counts no further than it needs ("more than N"), the next page
is always one click away, and the number of queries does not grow with the page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from config.paginator import CappedPaginator
from permits.models import PermitApplication
from tests.factories import PermitApplicationFactory

URL = reverse("permits:application_list")


def test_a_short_list_is_counted_exactly():
    paginator = CappedPaginator(list(range(45)), 20, cap=100)
    page = paginator.get_page(1)
    assert (paginator.count, paginator.exact, paginator.num_pages) == (45, True, 3)
    assert page.has_next()


def test_a_long_list_is_counted_up_to_the_cap_and_says_more_than():
    paginator = CappedPaginator(list(range(1000)), 20, cap=100)
    page = paginator.get_page(1)
    assert (paginator.exact, paginator.counted) == (False, 100)
    assert page.has_next()


def test_a_page_past_the_cap_is_reachable_and_knows_whether_another_follows():
    rows = list(range(250))
    paginator = CappedPaginator(rows, 20, cap=100)
    page = paginator.get_page(6)
    assert page.number == 6 and list(page.object_list) == rows[100:120]
    assert page.has_next()
    last = CappedPaginator(rows, 20, cap=100).get_page(13)
    assert last.number == 13 and not last.has_next()
    assert CappedPaginator(rows, 20, cap=100).get_page(13).paginator.exact


@pytest.mark.parametrize("number", ["x", "-3", "0", str(10**30), None])
def test_a_page_number_that_makes_no_sense_gives_a_page(number):
    page = CappedPaginator(list(range(30)), 20, cap=100).get_page(number)
    assert page.number in (1, 2)


@pytest.mark.django_db
def test_a_queryset_is_counted_with_a_limit(world):
    PermitApplicationFactory.create_batch(4, organization=world.lead)
    paginator = CappedPaginator(PermitApplication.objects.all(), 2, cap=2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 3
    assert "LIMIT 3" in queries[0]["sql"].upper()
    assert not paginator.exact


@pytest.mark.django_db
def test_the_list_says_more_than_when_it_stopped_counting(login, world, monkeypatch):
    monkeypatch.setattr(CappedPaginator.__init__, "__kwdefaults__", {"cap": 20})
    PermitApplicationFactory.create_batch(24, organization=world.lead)
    page = login(world.coordinator).get(URL).content.decode()
    assert "More than 20 applications" in page
    assert "Page 1</span>" in page and "Page 1 of" not in page
    page = login(world.coordinator).get(URL, {"page": 2}).content.decode()
    assert "25 applications" in page  # the world's application and these 24
    assert "Page 2 of 2" in page


@pytest.mark.django_db
def test_the_list_runs_as_many_queries_on_a_deep_page_as_on_the_first(login, world):
    PermitApplicationFactory.create_batch(45, organization=world.lead, co_organizers=[world.co_group])
    client = login(world.coordinator)
    counts = []
    for number in (1, 3):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"page": number}).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12
