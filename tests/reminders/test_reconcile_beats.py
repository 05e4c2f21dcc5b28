"""Two beats (one per machine) queue the hourly reconcile twice: one run does the work (issue 15, item 4)."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.db import connection

from reminders import services, tasks
from reminders.models import SweepRecord


def test_the_second_beats_reconcile_in_the_same_period_does_nothing(db, clock):
    with mock.patch.object(services, "reminders_reconcile", return_value=3) as reconcile:
        assert tasks.reconcile() == 3
        assert tasks.reconcile() is None
        clock.advance(minutes=29)
        assert tasks.reconcile() is None
    assert reconcile.call_count == 1
    assert SweepRecord.objects.get(pk="reconcile").last_finished_at is not None


def test_the_next_period_reconciles_again(db, clock):
    with mock.patch.object(services, "reminders_reconcile", return_value=0) as reconcile:
        tasks.reconcile()
        clock.advance(minutes=31)
        tasks.reconcile()
    assert reconcile.call_count == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as the other real-connection tests
def test_two_beats_reconciling_at_the_same_moment_run_it_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs two real connections to one database (PostgreSQL)")
    now = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
    period = dt.timedelta(minutes=30)
    barrier = threading.Barrier(4)
    results = []

    def one_beat():
        try:
            barrier.wait()
            results.append(SweepRecord.claim_period("reconcile", now=now, period=period))
        finally:
            connection.close()

    threads = [threading.Thread(target=one_beat) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, False, False, True]
