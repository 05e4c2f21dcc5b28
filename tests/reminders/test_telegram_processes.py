"""Issue 17's "Done when" for Telegram, with sweeps in separate processes on a shared PostgreSQL
database and the local fake Bot API: one message per due reminder from three racing sweeps with
one killed mid-send; none while the API is down, then each once; a slow API neither loses nor
doubles one while other sweeps keep trying to take its rows."""

import datetime as dt
import json
import subprocess
import threading
import time

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from messenger.models import TelegramLink
from organizations.models import Membership
from reminders.models import Reminder, ReminderPreference
from tests.messenger.fake_bot_api import FakeBotAPI
from tests.reminders.conftest import custom_deadline, require_postgresql
from tests.reminders.processes import AT_THE_BARRIER, REPO, process_env, python

pytestmark = [
    pytest.mark.services,
    pytest.mark.usefixtures("postgresql_only"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TOKEN = "123456:TEST-TOKEN"
VICTIM_TOKEN = "654321:VICTIM-TOKEN"  # the sweep that gets killed talks with a token of its own
FIRST_CHAT = 880000

# One sweep (or, with LOOP_SECONDS, sweeps one after another for that long), started with the
# others through the barrier of files (processes.AT_THE_BARRIER).
SWEEPER = (
    AT_THE_BARRIER
    + """totals = {"sent": 0, "failed": 0, "lost": 0}
until = time.monotonic() + float(os.environ.get("LOOP_SECONDS", "0"))
while True:
    result = sweep_due_reminders()
    for key in totals:
        totals[key] += getattr(result, key)
    if time.monotonic() >= until:
        break
    time.sleep(0.1)
print(json.dumps(totals))
"""
)


class WatchedBotAPI(FakeBotAPI):
    """The fake, telling the test when a request with the victim's token arrives."""

    def __init__(self):
        super().__init__()
        self.victim_calling = threading.Event()

    def _answer(self, token, method, params):
        if token == VICTIM_TOKEN and method == "sendMessage":
            self.victim_calling.set()
        return super()._answer(token, method, params)


@pytest.fixture
def bot():
    fake = WatchedBotAPI().start()
    yield fake
    fake.stop()


def linked_people_due(world, count: int) -> list[Reminder]:
    """`count` people who chose Telegram only and linked a chat, each with a reminder due now."""
    now = timezone.now()
    deadline = custom_deadline(world.application, (now + dt.timedelta(days=7)).date())
    people = get_user_model().objects.bulk_create(
        get_user_model()(username=f"tg{n}", email=f"tg{n}@example.org", language="ru") for n in range(count)
    )
    Membership.objects.bulk_create(Membership(user=person, organization=world.lead) for person in people)
    ReminderPreference.objects.bulk_create(
        ReminderPreference(user=person, by_telegram=True, by_email=False) for person in people
    )
    TelegramLink.objects.bulk_create(
        TelegramLink(user=person, chat_id=FIRST_CHAT + n) for n, person in enumerate(people)
    )
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
    Reminder.objects.exclude(pk__in=[row.pk for row in rows]).delete()
    return rows


def env(tmp_path, bot, **extra):
    """The processes' settings: the site has a bot, and its API is the fake running in this process."""
    telegram = {
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_URL": bot.url,
        "TELEGRAM_WEBHOOK_SECRET": "webhook-secret_123",
        "TELEGRAM_BOT_USERNAME": "ruqsat_test_bot",
        "TELEGRAM_TIMEOUT_SECONDS": "5",
        "RACE_READY_DIR": str(tmp_path / "ready"),
    }
    return process_env(tmp_path, mail_dir=tmp_path / "mail", **{**telegram, **extra})


def start(tmp_path, bot, **extra) -> subprocess.Popen:
    return subprocess.Popen(
        [python(), "-c", SWEEPER],
        cwd=REPO,
        env=env(tmp_path, bot, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen) -> dict:
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err
    return json.loads(out.strip().splitlines()[-1])


def chats_messaged(bot) -> list[int]:
    return [message["chat_id"] for message in bot.sent()]


def test_three_racing_sweeps_with_one_killed_send_each_reminder_to_telegram_exactly_once(world, tmp_path, bot):
    require_postgresql()
    rows = linked_people_due(world, 45)
    (tmp_path / "ready").mkdir()
    # Telegram answers after a quarter of a second: ample time to kill the victim while it waits.
    bot.mode, bot.delay = "slow", 0.25
    common = {"REMINDER_CLAIM_BATCH": "5", "REMINDER_LEASE_SECONDS": "3", "RACE_COUNT": "3"}
    victim = start(tmp_path, bot, TELEGRAM_BOT_TOKEN=VICTIM_TOKEN, **common)
    racers = [start(tmp_path, bot, **common) for _ in range(2)]

    # Killed while Telegram holds one of its messages: handed over, the answer never read.
    assert bot.victim_calling.wait(timeout=60), "the victim never called Telegram"
    bot.victim_calling.clear()
    assert bot.victim_calling.wait(timeout=30)
    victim.kill()
    victim.wait(timeout=10)
    results = [finish(racer) for racer in racers]
    assert sum(result["sent"] for result in results) > 0

    time.sleep(3.5)  # the dead sweep's lease runs out
    (tmp_path / "ready2").mkdir()
    finisher = start(tmp_path, bot, RACE_READY_DIR=str(tmp_path / "ready2"), RACE_COUNT="1")
    finish(finisher)

    chats = chats_messaged(bot)
    twice = sorted({chat for chat in chats if chats.count(chat) > 1})
    assert not twice, f"sent twice: {twice}"
    assert sorted(chats) == [FIRST_CHAT + n for n in range(45)], "a message was lost"
    assert Reminder.objects.filter(pk__in=[r.pk for r in rows], status=Reminder.Status.SENT).count() == 45
    # The victim's last message: Telegram took it, its answer was never recorded, it was not resent.
    unconfirmed = Reminder.objects.filter(telegram_started_at__isnull=False, telegram_sent_at__isnull=True)
    assert unconfirmed.count() == 1


def test_nothing_goes_while_the_api_is_down_and_each_goes_once_after_it_recovers(world, tmp_path, bot):
    require_postgresql()
    rows = linked_people_due(world, 20)
    ids = [row.pk for row in rows]
    (tmp_path / "ready").mkdir()
    bot.mode = "down"

    results = [finish(p) for p in [start(tmp_path, bot, RACE_COUNT="2") for _ in range(2)]]

    assert bot.sent() == []
    assert sum(result["failed"] for result in results) == 20
    assert bot.refused <= 2  # each sweep stopped calling after the first "unavailable"
    waiting = Reminder.objects.filter(pk__in=ids, status=Reminder.Status.PENDING, attempts=1)
    assert waiting.count() == 20
    assert all(row.next_attempt_at > timezone.now() for row in waiting)

    bot.mode = "up"
    Reminder.objects.filter(pk__in=ids).update(next_attempt_at=timezone.now())  # their retry moment came
    (tmp_path / "ready2").mkdir()
    again = [start(tmp_path, bot, RACE_READY_DIR=str(tmp_path / "ready2"), RACE_COUNT="2") for _ in range(2)]
    for process in again:
        finish(process)

    assert sorted(chats_messaged(bot)) == [FIRST_CHAT + n for n in range(20)]
    assert Reminder.objects.filter(pk__in=ids, status=Reminder.Status.SENT).count() == 20


def test_a_slow_api_keeps_its_rows_leased_and_neither_loses_nor_doubles_a_message(world, tmp_path, bot):
    require_postgresql()
    rows = linked_people_due(world, 10)
    (tmp_path / "ready").mkdir()
    # Each message takes 0.4 s, the whole batch four times the one-second lease: the slow sweep
    # renews its lease as it goes while another keeps sweeping beside it, ready to take any row
    # whose lease ran out.
    bot.mode, bot.delay = "slow", 0.4
    slow = start(tmp_path, bot, REMINDER_CLAIM_BATCH="10", REMINDER_LEASE_SECONDS="1", RACE_COUNT="1")
    while not bot.sent() and slow.poll() is None:
        time.sleep(0.02)
    (tmp_path / "ready2").mkdir()
    beside = start(
        tmp_path,
        bot,
        REMINDER_CLAIM_BATCH="10",
        REMINDER_LEASE_SECONDS="1",
        RACE_READY_DIR=str(tmp_path / "ready2"),
        RACE_COUNT="1",
        LOOP_SECONDS="4",
    )

    first, second = finish(slow), finish(beside)

    assert sorted(chats_messaged(bot)) == [FIRST_CHAT + n for n in range(10)]
    # Mostly the slow sweep's; on a loaded machine a lease may still run out mid-send, and the row is
    # then finished by whichever sweep takes it next — still once.
    assert first["sent"] + second["sent"] == 10, (first, second)
    assert Reminder.objects.filter(pk__in=[r.pk for r in rows], status=Reminder.Status.SENT).count() == 10
