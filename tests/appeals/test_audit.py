"""Appeals in the audit trail (config/audit.py): scoped to their application; the draft's text
stays out (its revisions keep every word), each saved version is logged with its author."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry

from appeals.drafts import draft_save
from appeals.models import Appeal, AppealDraft, AppealVolunteer
from audit import history
from tests.appeals.conftest import assign_by_invitation

pytestmark = pytest.mark.django_db


def test_opening_assigning_and_saving_appear_in_the_applications_history(world, appeal, volunteer):
    with set_actor(world.coordinator):
        assign_by_invitation(appeal=appeal, username="gulnar", by=world.coordinator)
    with set_actor(world.legal):
        draft_save(draft=appeal.draft, text="A secret strategy.", based_on_version=1, by=world.legal)
    entries = history.application_history(world.application.pk)
    models = {entry.content_type.model_class() for entry in entries}
    assert {Appeal, AppealVolunteer, AppealDraft} <= models
    saved = entries.filter(content_type__model="appealdraft", action=LogEntry.Action.UPDATE).first()
    assert saved.actor == world.legal and saved.changes_dict["version"] == ["1", "2"]
    assert not any("A secret strategy." in (entry.changes or "") for entry in LogEntry.objects.all())
