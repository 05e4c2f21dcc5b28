"""Issue 6's "Done when", on the 2021 Almaty case: the legal volunteer assigned to the appeal
against the 26 November 2021 refusal gets one email and one notification for each offset before
the appeal deadline, in her language, and sees every deadline in her calendar — and a mail
outage, a sweep killed mid-way and a second sweep beside every sweep do not change that count."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core import mail
from django.utils import formats, translation
from django.utils.translation import gettext, ngettext

from appeals.models import Appeal, AppealVolunteer
from organizations.models import Membership, Organization
from permits.models import DeadlineKind
from reminders.models import Notification, Reminder
from reminders.services import reminders_reconcile
from reminders.sweep import claim_batch, sweep_due_reminders
from tests.factories import MembershipFactory, UserFactory, refused_application
from tests.reminders.backends import FlakyEmailBackend

ALMATY = ZoneInfo("Asia/Almaty")
UTC = dt.UTC


@pytest.fixture
def almaty_appeal(clock, world, settings):
    # The day the refusal is dated: a decision dated on a day still to come is refused (issue 13).
    clock.set(dt.datetime(2021, 11, 26, 6, 0, tzinfo=UTC))
    application = refused_application(
        organization=world.lead,
        co_organizers=[world.co_group],
        title="March for women's rights, 8 March 2022",
        starts_at=dt.datetime(2022, 3, 8, 12, 0, tzinfo=ALMATY),
        ends_at=dt.datetime(2022, 3, 8, 15, 0, tzinfo=ALMATY),
        filed_on=dt.date(2021, 11, 16),
        decided_on=dt.date(2021, 11, 26),
        reasons=("conflicting_event", "repair_works"),
        by=world.coordinator,
    )
    clock.set(dt.datetime(2021, 11, 29, 6, 0, tzinfo=UTC))
    legal_aid = Organization.objects.create(name="Legal aid (fictional)", kind=Organization.Kind.LEGAL_AID)
    dariga = UserFactory(username="dariga", first_name="Дарига", language="ru", time_zone="Asia/Almaty")
    MembershipFactory(user=dariga, organization=legal_aid, role=Membership.Role.MEMBER)
    appeal = Appeal.objects.create(
        application=application,
        decision=application.latest_decision,
        venue="higher_authority",
        language="ru",
        created_by=world.coordinator,
    )
    appeal.sync_deadlines(by=world.coordinator)
    AppealVolunteer.objects.create(appeal=appeal, user=dariga, assigned_by=world.coordinator)
    reminders_reconcile()  # what the hourly task does; the on-commit task does not run in this test
    return appeal, dariga


def subject(days: int, deadline, language: str) -> str:
    """What reminder_subject.txt says, in `language`."""
    with translation.override(language):
        values = {"label": deadline.label, "title": deadline.application.title, "days": days}
        if days == 0:
            return gettext("Due today: %(label)s for “%(title)s”") % values
        values["date"] = formats.date_format(deadline.due_on, "DATE_FORMAT")
        return (
            ngettext(
                "In %(days)s day: %(label)s for “%(title)s”, due %(date)s",
                "In %(days)s days: %(label)s for “%(title)s”, due %(date)s",
                days,
            )
            % values
        )


def hourly_sweeps(clock, until, *, faults):
    """Celery beat, an hour at a time, with a second sweep beside each one, and the faults."""
    while clock.now < until:
        clock.advance(hours=1)
        for fault in faults:
            fault(clock.now)
        sweep_due_reminders()
        sweep_due_reminders()  # a second beat, or someone running send_due_reminders by hand


def test_the_assigned_volunteer_gets_one_email_and_one_notification_per_offset_whatever_fails(
    almaty_appeal, world, clock, client, settings
):
    appeal, dariga = almaty_appeal
    deadline = appeal.application.deadlines.get(kind=DeadlineKind.APPEAL_FILING)
    # Three months from the refusal received on 26 November: 26 February 2022 is a Saturday, so the
    # last day moves to Monday 28 February.
    assert deadline.due_on == dt.date(2022, 2, 28)
    moment = {days: dt.datetime.combine(deadline.due_on - dt.timedelta(days=days), dt.time(9), ALMATY)
              for days in (14, 7, 3, 1, 0)}  # fmt: skip

    settings.EMAIL_BACKEND = "tests.reminders.backends.FlakyEmailBackend"
    FlakyEmailBackend.down = False

    def mail_server_down_for_five_hours_from_the_7_day_reminder(now):
        FlakyEmailBackend.down = moment[7] <= now < moment[7] + dt.timedelta(hours=5)

    def a_sweep_dies_holding_the_3_day_reminder(now):
        if moment[3] <= now < moment[3] + dt.timedelta(hours=1):
            claim_batch(now, "killed-worker", 100)  # claimed, then the worker was killed

    faults = [mail_server_down_for_five_hours_from_the_7_day_reminder, a_sweep_dies_holding_the_3_day_reminder]
    clock.set(dt.datetime(2022, 2, 13, 0, 30, tzinfo=UTC))

    # The first reminder; she acknowledges it from the email on her phone (no log-in).
    hourly_sweeps(clock, moment[14].astimezone(UTC) + dt.timedelta(hours=1), faults=faults)
    first = [m for m in mail.outbox if m.to == [dariga.email]]
    assert len(first) == 1
    token = re.search(r"/reminders/acknowledge/\?t=(\S+)", first[0].body).group(1)
    assert client.post("/reminders/acknowledge/", {"t": token}).status_code == 200

    hourly_sweeps(clock, dt.datetime(2022, 3, 1, 0, 0, tzinfo=UTC), faults=faults)

    hers = [m for m in mail.outbox if m.to == [dariga.email]]
    assert len(hers) == 5
    assert len({m.extra_headers["Message-ID"] for m in hers}) == 5
    # In her language: Russian subjects (from the catalogue, whatever its wording) and dates.
    expected = [subject(days, deadline, "ru") for days in (14, 7, 3, 1, 0)]
    assert [m.subject for m in hers] == expected
    assert expected != [subject(days, deadline, "en") for days in (14, 7, 3, 1, 0)]
    assert all("28 февраля 2022" in m.body for m in hers)
    notifications = Notification.objects.filter(user=dariga, deadline=deadline, kind=Notification.Kind.REMINDER)
    assert notifications.count() == 5
    # Acknowledged, so nobody was alerted that no one has it in hand; her reminders still came.
    assert not [m for m in mail.outbox if m.subject.startswith("Nobody has acknowledged")]
    rows = Reminder.objects.filter(deadline=deadline, recipient=dariga, purpose=Reminder.Purpose.REMINDER)
    assert sorted(rows.values_list("offset_days", "status")) == [(d, "sent") for d in (0, 1, 3, 7, 14)]
    # The faults really happened: the 7-day email failed five times and went out when the mail
    # server came back; the 3-day one waited for the killed worker's lease to run out.
    by_offset = {row.offset_days: row for row in rows}
    assert by_offset[7].attempts == 5
    assert by_offset[7].sent_at == moment[7] + dt.timedelta(hours=5, minutes=30)
    assert by_offset[3].sent_at == moment[3] + dt.timedelta(hours=1, minutes=30)
    assert by_offset[14].sent_at == moment[14] + dt.timedelta(minutes=30)

    # Her calendar: every deadline of the application she may see (through her assignment).
    calendar = icalendar.Calendar.from_ical(client.get(f"/calendar/{dariga.calendar_token}.ics").content)
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    expected = {f"deadline-{pk}@ruqsat.example" for pk in appeal.application.deadlines.values_list("pk", flat=True)}
    assert uids == expected
    assert f"deadline-{deadline.pk}@ruqsat.example" in uids
