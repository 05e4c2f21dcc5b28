"""Exactly once: sweeps in separate processes race over hundreds of due reminders on a shared
PostgreSQL database, and every reminder is sent once — never twice, never lost."""

import datetime as dt
import json
import subprocess
import time

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from organizations.models import Membership
from reminders.models import Notification, Reminder
from tests.reminders.conftest import custom_deadline, require_postgresql
from tests.reminders.processes import AT_THE_BARRIER, REPO, message_ids_in, process_env, python

# Committed rows that other processes can read; the seeded jurisdictions are restored afterwards.
pytestmark = [
    pytest.mark.services,
    pytest.mark.usefixtures("postgresql_only"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

RECIPIENTS = 300
SWEEPS = 3

# One sweep, started at the same moment as the other racers (processes.AT_THE_BARRIER).
RACER = (
    AT_THE_BARRIER
    + """result = sweep_due_reminders()
print(json.dumps({"sent": result.sent, "failed": result.failed, "lost": result.lost}))
"""
)


def due_reminders(world, count: int) -> list[int]:
    """`count` reminders due now, one per person, for a deadline a week away."""
    now = timezone.now()
    deadline = custom_deadline(world.application, (now + dt.timedelta(days=7)).date())
    people = get_user_model().objects.bulk_create(
        get_user_model()(username=f"racer{n}", email=f"racer{n}@example.org", language="en") for n in range(count)
    )
    # Members of the lead group: the sweep checks at send time that its recipient sees the deadline.
    Membership.objects.bulk_create(Membership(user=person, organization=world.lead) for person in people)
    rows = Reminder.objects.bulk_create(
        Reminder(
            deadline=deadline,
            recipient=person,
            offset_days=7,
            deadline_due_on=deadline.due_on,
            send_at=now - dt.timedelta(minutes=1),
            next_attempt_at=now - dt.timedelta(minutes=1),
        )
        for person in people
    )
    # Only these: the members' own reminders that the sync planned on commit are not part of the race.
    Reminder.objects.exclude(pk__in=[row.pk for row in rows]).delete()
    return [row.pk for row in rows]


def test_sweeps_racing_in_separate_processes_send_every_reminder_exactly_once(world, tmp_path):
    require_postgresql()
    ids = due_reminders(world, RECIPIENTS)
    ready = tmp_path / "ready"
    ready.mkdir()
    racers = [
        subprocess.Popen(
            [python(), "-c", RACER],
            cwd=REPO,
            env=process_env(
                tmp_path,
                mail_dir=tmp_path / "mail" / str(n),
                EMAIL_BACKEND="tests.reminders.backends.SlowFileEmailBackend",
                REMINDER_CLAIM_BATCH="5",
                SLOW_MAIL_SECONDS="0.02",
                RACE_READY_DIR=str(ready),
                RACE_COUNT=str(SWEEPS),
            ),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(SWEEPS)
    ]
    results = []
    for racer in racers:
        out, err = racer.communicate(timeout=180)
        assert racer.returncode == 0, err
        results.append(json.loads(out.strip().splitlines()[-1]))

    sent_ids = message_ids_in(tmp_path / "mail")
    twice = sorted({mid for mid in sent_ids if sent_ids.count(mid) > 1})
    assert not twice, f"sent twice: {twice}"
    assert len(sent_ids) == RECIPIENTS, "an email was lost"
    assert sorted(sent_ids) == sorted(f"<reminder-{pk}@ruqsat.example>" for pk in ids)
    assert sum(result["sent"] for result in results) == RECIPIENTS
    assert sum(1 for result in results if result["sent"]) >= 2, f"the sweeps did not overlap: {results}"
    assert Reminder.objects.filter(pk__in=ids, status=Reminder.Status.SENT).count() == RECIPIENTS
    assert Notification.objects.filter(reminder_id__in=ids).count() == RECIPIENTS


def test_a_sweep_killed_mid_way_is_finished_by_the_next_after_the_lease(world, tmp_path):
    require_postgresql()
    ids = due_reminders(world, 40)
    env = process_env(
        tmp_path,
        mail_dir=tmp_path / "mail" / "killed",
        EMAIL_BACKEND="tests.reminders.backends.SlowFileEmailBackend",
        REMINDER_CLAIM_BATCH="40",
        REMINDER_LEASE_SECONDS="3",
        RACE_READY_DIR=str(tmp_path),
        RACE_COUNT="0",
    )
    # Slow enough that the kill lands mid-batch: 40 rows claimed, a few sent, the rest still leased.
    env["SLOW_MAIL_SECONDS"] = "0.2"
    victim = subprocess.Popen(
        [python(), "-c", RACER], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    give_up_at = time.monotonic() + 60
    while not Reminder.objects.filter(pk__in=ids, status=Reminder.Status.SENT).exists():
        assert time.monotonic() < give_up_at, "the first sweep never sent anything"
        time.sleep(0.05)
    victim.kill()
    victim.wait(timeout=10)
    before = Reminder.objects.filter(pk__in=ids, status=Reminder.Status.SENT).count()
    assert 0 < before < len(ids)
    assert Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING, claimed_until__isnull=False).exists()

    time.sleep(3.5)  # the dead sweep's lease runs out
    finisher = subprocess.run(
        [python(), "manage.py", "send_due_reminders"],
        cwd=REPO,
        env={**env, "EMAIL_FILE_PATH": str(tmp_path / "mail" / "finisher"), "SLOW_MAIL_SECONDS": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert finisher.returncode == 0, finisher.stderr
    assert Reminder.objects.filter(pk__in=ids, status=Reminder.Status.SENT).count() == len(ids)
    sent_ids = message_ids_in(tmp_path / "mail")
    # Each reminder reached its person; one the victim handed to the mail server just before it
    # died may be there twice, with the same Message-ID.
    assert set(sent_ids) == {f"<reminder-{pk}@ruqsat.example>" for pk in ids}
    assert len(sent_ids) - len(set(sent_ids)) <= 1
    assert finisher.stdout.startswith(f"Sent {len(ids) - before} reminder(s)")
