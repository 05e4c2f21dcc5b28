"""Failures production only logs surface in tests (issue 14, item 7): a task queued on commit that
raises fails the test that queued it, and an eager task that raises raises in the caller."""

import pytest
from django.test import override_settings

from config.celery import app, enqueue_on_commit

pytestmark = pytest.mark.django_db


@app.task(name="tests.always_fails")
def always_fails(note):
    raise RuntimeError(f"the task failed: {note}")


def test_a_task_queued_on_commit_that_raises_fails_the_test(django_capture_on_commit_callbacks):
    with (
        pytest.raises(RuntimeError, match="the task failed: queued"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        enqueue_on_commit(always_fails, "queued")


@override_settings(ROBUST_ON_COMMIT=True)
@pytest.mark.expected_error_log("django.test", "django.db.backends.base")
def test_in_production_it_is_logged_and_what_the_request_saved_stands(django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(always_fails, "logged")
    assert "the task failed: logged" in caplog.text


def test_an_eager_task_that_raises_raises_in_the_caller():
    with pytest.raises(RuntimeError, match="the task failed: eager"):
        always_fails.delay("eager")
