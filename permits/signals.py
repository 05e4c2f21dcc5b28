"""Signals permits sends for the apps that read it (DESIGN.md: reminders reads permits, never the
reverse; appeals → permits). Receivers must do no business logic: each only enqueues a task after
commit (reminders' sync, appeals' deadlines)."""

import django.dispatch

# Sent with `application_id` whenever an application's deadlines are created, moved, overridden,
# marked done or deleted (by the verbs in permits.models.deadlines).
deadlines_changed = django.dispatch.Signal()

# Sent with `application_ids` by refresh_deadlines_in, after an operator's change to a deadline rule or
# a calendar correction recomputed those applications' deadlines: the apps that compute deadlines of
# their own from the same rules and calendar (appeals: the court claim) recompute theirs.
deadlines_recomputed = django.dispatch.Signal()

# Sent by the lifecycle verbs that the people on an application are told about as they happen
# (reminders' event notifications): a decision recorded, corrected or voided, an appeal opened or
# filed, a hearing set. Sent inside the verb's transaction, from the verb itself, so that every path
# to it (page, API, admin, command) is covered. Arguments: `event` (one of APPLICATION_EVENTS),
# `application_id`, `appeal_id` (or None), `timeline_entry_id` (the entry the verb wrote: the
# event's identity), `actor_id` (who did it, or None) and `params` (JSON: codes and ISO dates, which
# each reader sees in their own language).
application_event = django.dispatch.Signal()

APPLICATION_EVENTS = (
    "decision_recorded",
    "decision_corrected",
    "decision_voided",
    "appeal_opened",
    "appeal_filed",
    "hearing_set",
)


def send_application_event(sender, event: str, *, entry, appeal_id=None, by=None, **params) -> None:
    """Announce `event`, recorded as timeline `entry`. `by` is the user who did it (not told)."""
    if event not in APPLICATION_EVENTS:
        raise ValueError(f"unknown application event {event!r}")
    application_event.send(
        sender=sender,
        event=event,
        application_id=entry.application_id,
        appeal_id=appeal_id,
        timeline_entry_id=entry.pk,
        actor_id=getattr(by, "pk", None),
        params=params,
    )


# Sent by an editor's verb on a group's own authority (Authority.publish, decline, merge_into) so
# that the group's coordinators are told. Arguments: `organization_id`, `actor_id` and `params`
# (JSON: `outcome` — a Authority.Review value —, the authority's `authority` name, the shared one it
# was merged `into`, the editor's `note`).
authority_reviewed = django.dispatch.Signal()
