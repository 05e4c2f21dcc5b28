"""The summary email (issue 17, item 2): for those who chose it, daily or each Monday at 09:00
(REMINDER_SEND_TIME) in their own zone — what is due in the next seven days, what happened since the
last summary, what is overdue. One per person and period however many beats and workers run: the
period's Digest row is inserted (unique per person and period) and then claimed with a conditional
UPDATE and a lease, as notify.notification_delivery_send claims a delivery (after healthchecks'
sendalerts). A failed send stays pending and the next run tries again; a sent one is never resent."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext, pgettext

from config.mail import subject_line
from permits.models import Deadline, DeadlineKind
from reminders.delivery import absolute, recipient_locale
from reminders.models import EVENT_KINDS, Digest, Notification, ReminderPreference
from reminders.services import user_zone

logger = logging.getLogger(__name__)

Frequency = ReminderPreference.DigestFrequency
# How long a run owns a claimed summary; after that (a worker that died mid-send) another may take it.
DIGEST_LEASE = dt.timedelta(minutes=10)
# A summary the mail server refused this often is given up.
MAX_DIGEST_ATTEMPTS = 5
DUE_WITHIN = dt.timedelta(days=7)
ITEMS_SHOWN = 20


def period_start(frequency: str, local_today: dt.date) -> dt.date:
    if frequency == Frequency.WEEKLY:
        return local_today - dt.timedelta(days=local_today.weekday())
    return local_today


def is_sending_time(frequency: str, local_now: dt.datetime) -> bool:
    """09:00 or later on the period's first day. A period missed entirely (no beat ran all day, or
    the person chose weekly on a Wednesday) is not sent late: a "weekly" summary on a Thursday would
    say less than the dashboard."""
    start = period_start(frequency, local_now.date())
    return local_now.date() == start and local_now.time() >= settings.REMINDER_SEND_TIME


@dataclasses.dataclass
class DigestContent:
    due_soon: list
    happened: list
    overdue: list

    @property
    def is_empty(self) -> bool:
        return not (self.due_soon or self.happened or self.overdue)


def digest_content(user, *, since: dt.datetime, now: dt.datetime) -> DigestContent:
    """What the person may see now (organizations.access through visible_to): someone who left a
    group since reads nothing of its applications."""
    deadlines = Deadline.objects.visible_to(user).for_dashboard().exclude(kind=DeadlineKind.EVENT)
    due_soon = deadlines.upcoming(now).filter(due_at__lt=now + DUE_WITHIN)
    overdue = deadlines.pressing(now).order_by("-due_at", "-id")
    happened = (
        Notification.objects.visible_to(user)
        .filter(kind__in=EVENT_KINDS, created_at__gt=since, created_at__lte=now)
        .select_related("application", "actor")
        .order_by("created_at", "id")
    )
    return DigestContent(
        due_soon=list(due_soon[:ITEMS_SHOWN]),
        happened=list(happened[:ITEMS_SHOWN]),
        overdue=list(overdue[:ITEMS_SHOWN]),
    )


def _deadline_line(deadline: Deadline) -> str:
    when = formats.date_format(timezone.localtime(deadline.due_at), "DATETIME_FORMAT")
    return f"- {when}: {deadline.label} ({deadline.application.title})"


def build_digest_email(digest: Digest, content: DigestContent, *, discreet: bool) -> EmailMessage:
    """In the recipient's language and zone. Discreet: only how many, never a group, title or name."""
    user = digest.user
    with recipient_locale(user):
        footer = gettext("You get this summary because you asked for it. Change or stop it here: %(url)s") % {
            "url": absolute(reverse("profile") + "#reminders")
        }
        counts = [
            ngettext("%(count)d deadline in the next 7 days", "%(count)d deadlines in the next 7 days", n)
            % {"count": n}
            for n in [len(content.due_soon)]
            if n
        ]
        counts += [
            ngettext("%(count)d piece of news", "%(count)d pieces of news", n) % {"count": n}
            for n in [len(content.happened)]
            if n
        ]
        counts += [
            ngettext("%(count)d overdue deadline", "%(count)d overdue deadlines", n) % {"count": n}
            for n in [len(content.overdue)]
            if n
        ]
        if discreet:
            subject = pgettext("discreet email subject", "News from Ruqsat")
            lines = [
                "; ".join(counts) + ".",
                gettext("Sign in to Ruqsat to read it:"),
                absolute(reverse("dashboard")),
            ]
        else:
            subject = gettext("Your Ruqsat summary: %(counts)s") % {"counts": ", ".join(counts)}
            lines = []
            if content.due_soon:
                lines += [gettext("Due in the next 7 days:"), *map(_deadline_line, content.due_soon), ""]
            if content.happened:
                lines.append(gettext("Since the last summary:"))
                lines += [f"- {n.text} {absolute(n.url)}" for n in content.happened]
                lines.append("")
            if content.overdue:
                lines += [gettext("Overdue:"), *map(_deadline_line, content.overdue), ""]
            lines.append(absolute(reverse("dashboard")))
        body = "\n".join([*lines, "", "-- ", footer]) + "\n"
    return EmailMessage(
        subject=subject_line(subject)[:200],
        body=body,
        to=[user.email],
        headers={
            "Message-ID": digest.message_id,
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )


def _claim(digest_id: int, now: dt.datetime) -> str | None:
    return Digest.claim(digest_id, now, DIGEST_LEASE)


def _finish(digest_id: int, token: str, **outcome) -> int:
    return Digest.finish(digest_id, token, **outcome)


def _since(digest: Digest, now: dt.datetime) -> dt.datetime:
    """The last summary that went out; without one, the period's length back."""
    last = (
        Digest.objects.filter(user_id=digest.user_id, status=Digest.Status.SENT, sent_at__isnull=False)
        .exclude(pk=digest.pk)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    return last or now - (dt.timedelta(days=7) if digest.frequency == Frequency.WEEKLY else dt.timedelta(days=1))


def digest_send(digest_id: int) -> str:
    """Send one summary. Returns "sent", "skipped", "retry", "failed" or "taken" (another run has
    it, or it is done)."""
    now = timezone.now()
    token = _claim(digest_id, now)
    if token is None:
        return "taken"
    digest = Digest.objects.select_related("user").get(pk=digest_id)
    user = digest.user
    preference = ReminderPreference.for_user(user)
    if not (user.is_active and user.email and preference.digest != Frequency.OFF):
        _finish(digest_id, token, status=Digest.Status.SKIPPED)
        return "skipped"
    try:
        with recipient_locale(user):
            content = digest_content(user, since=_since(digest, now), now=now)
        if content.is_empty:  # an empty summary teaches people to ignore the next one
            _finish(digest_id, token, status=Digest.Status.SKIPPED)
            return "skipped"
        build_digest_email(digest, content, discreet=preference.discreet).send()
    except Exception as error:  # any mail backend's failure: recorded, retried by the next run
        logger.warning("digest %s failed: %s", digest_id, type(error).__name__)
        attempts = digest.attempts + 1
        given_up = attempts >= MAX_DIGEST_ATTEMPTS
        status = Digest.Status.FAILED if given_up else Digest.Status.PENDING
        _finish(digest_id, token, status=status, attempts=attempts, last_error=type(error).__name__)
        return "failed" if given_up else "retry"
    _finish(digest_id, token, status=Digest.Status.SENT, sent_at=timezone.now())
    return "sent"


def due_digest_ids(now: dt.datetime | None = None) -> list[int]:
    """Make the rows of everyone whose summary's moment has come in their zone (ignore_conflicts:
    a row another beat made is taken as is), and return those still waiting."""
    now = now or timezone.now()
    choices = (
        ReminderPreference.objects.exclude(digest=Frequency.OFF)
        .filter(user__is_active=True)
        .values_list("user_id", "digest", "user__time_zone")
    )
    wanted: dict[int, tuple[dt.date, str]] = {}
    for user_id, frequency, time_zone in choices:
        local_now = now.astimezone(user_zone(time_zone))
        if is_sending_time(frequency, local_now):
            wanted[user_id] = (period_start(frequency, local_now.date()), frequency)
    if not wanted:
        return []
    Digest.objects.bulk_create(
        [
            Digest(user_id=user_id, period_start=start, frequency=frequency)
            for user_id, (start, frequency) in wanted.items()
        ],
        ignore_conflicts=True,
    )
    rows = Digest.objects.filter(user_id__in=wanted, status=Digest.Status.PENDING).values_list(
        "pk", "user_id", "period_start"
    )
    return sorted(pk for pk, user_id, start in rows if wanted[user_id][0] == start)


def send_due_digests(now: dt.datetime | None = None) -> dict[str, int]:
    """The beat's work: every summary due now, each claimed before it is sent."""
    outcomes: dict[str, int] = {}
    for digest_id in due_digest_ids(now):
        outcome = digest_send(digest_id)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
