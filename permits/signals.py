"""Signals permits sends for the apps that read it (DESIGN.md: reminders reads permits, never the
reverse). Receivers must do no business logic: reminders only enqueues a task after commit."""

import django.dispatch

# Sent with `application_id` whenever an application's deadlines are created, moved, overridden,
# marked done or deleted (by the verbs in permits.models.deadlines).
deadlines_changed = django.dispatch.Signal()
