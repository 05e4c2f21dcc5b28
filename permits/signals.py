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
