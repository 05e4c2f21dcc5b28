"""Signal receivers: each only enqueues a task with ids after the transaction commits (no business
logic here; a task started before the commit would read the old rows). Connected by
AppealsConfig.ready()."""

from appeals.tasks import sync_deadlines_of_applications
from config.celery import enqueue_on_commit


def deadlines_recomputed(sender, application_ids, **kwargs):
    """A rule or a calendar correction changed the applications' deadlines: the appeals' court-claim
    deadlines come from the same rules and calendar."""
    if application_ids:
        enqueue_on_commit(sync_deadlines_of_applications, sorted(application_ids))
