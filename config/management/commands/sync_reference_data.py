from django.core.management.base import BaseCommand, CommandError

from config.reference_data import ReferenceDataError, sync_reference_data


class Command(BaseCommand):
    help = (
        "Make the shared reference data (jurisdictions, authorities, refusal reasons, deadline rules, "
        "arguments, citations, draft templates) match the files under each app's reference/ folder. "
        "Creates and updates; never deletes; never touches a group's own rows. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; list the differences and exit with status 1 if there are any (for CI).",
        )
        parser.add_argument("apps", nargs="*", help="Only these apps' files, e.g. permits.")

    def handle(self, *args, check, apps, **options):
        try:
            report = sync_reference_data(app_labels=apps or None, check=check)
        except ReferenceDataError as error:
            raise CommandError(str(error)) from None
        for change in report.changes:
            self.stdout.write(("would be " if check else "") + str(change))
        if check and report.changed:
            raise CommandError(
                f"{len(report.changes)} record(s) differ from the reference files; "
                "run `manage.py sync_reference_data` to apply them."
            )
        if not report.changed:
            self.stdout.write(f"The database matches the {len(report.files)} reference files.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{len(report.changes)} record(s) created or updated."))
