from django.core.management.base import BaseCommand

from reminders.sweep import sweep_due_reminders


class Command(BaseCommand):
    help = (
        "Send every reminder that is due now: one sweep, the same one Celery beat runs every minute. "
        "Safe to run beside the workers. Prints how many reminders it sent."
    )

    def handle(self, *args, **options):
        result = sweep_due_reminders()
        skipped = result.skipped + result.superseded
        self.stdout.write(f"Sent {result.sent} reminder(s) ({result.failed} failed, {skipped} skipped).")
