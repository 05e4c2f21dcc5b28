"""Signal receivers: each acts after the transaction commits (a task started before the commit
would read the old rows), with ids, and holds no business logic. Imported by
RemindersConfig.ready(), once every model is loaded."""

from django.conf import settings
from django.db import transaction

from config.celery import enqueue_on_commit
from reminders.tasks import notify_authority_review, notify_event, sync_application, sync_organization, sync_user


def deadlines_changed(sender, application_id, **kwargs):
    enqueue_on_commit(sync_application, application_id)


def membership_saved_or_deleted(sender, instance, **kwargs):
    enqueue_on_commit(sync_organization, instance.organization_id)


def appeal_volunteer_saved_or_deleted(sender, instance, **kwargs):
    appeal_model = sender._meta.get_field("appeal").related_model
    rows = appeal_model.objects.filter(pk=instance.appeal_id).values_list("application_id", flat=True)
    application_id = rows.first()
    if application_id is not None:  # None while the whole appeal is being deleted: reconcile sees to it
        enqueue_on_commit(sync_application, application_id)


def user_saved(sender, instance, created, update_fields=None, **kwargs):
    """A new time zone moves the person's 09:00. Saves of other columns only (the last log-in,
    the calendar token) change nothing here."""
    if created or (update_fields is not None and "time_zone" not in update_fields):
        return
    enqueue_on_commit(sync_user, instance.pk)


def application_event(sender, event, application_id, appeal_id, timeline_entry_id, actor_id, params, **kwargs):
    """A decision or an appeal's step (permits.signals.application_event): tell the people on it
    once it is committed — a verb that fails and rolls back tells nobody. The bell is rung here, in
    the process that committed, not through the broker: a broker that is down must not lose the
    news of a refusal; only the emails go through the queue (and the hourly reconcile re-sends
    those whose task was lost)."""
    transaction.on_commit(
        lambda: notify_event(event, application_id, appeal_id, timeline_entry_id, actor_id, params),
        robust=settings.ROBUST_ON_COMMIT,
    )


def authority_reviewed(sender, organization_id, actor_id, params, **kwargs):
    """An editor published, merged or declined a group's authority (permits.signals.authority_reviewed)."""
    transaction.on_commit(
        lambda: notify_authority_review(organization_id, actor_id, params), robust=settings.ROBUST_ON_COMMIT
    )
