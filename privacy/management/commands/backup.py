from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from privacy.backup import BackupError, recipients_from, write_backup


class Command(BaseCommand):
    help = (
        "Write one encrypted archive of the database (pg_dump of one snapshot on PostgreSQL) and the "
        "private documents, to the age public keys in BACKUP_RECIPIENTS (or with BACKUP_PASSPHRASE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Where to write the archive, e.g. ruqsat-2026-11-25.age")

    def handle(self, *args, archive, **options):
        try:
            missing = write_backup(
                Path(archive),
                recipients=recipients_from(settings.BACKUP_RECIPIENTS),
                passphrase=settings.BACKUP_PASSPHRASE,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        for name in missing:
            self.stderr.write(f"Not in the archive: {name} (deleted after the snapshot was taken).")
        self.stdout.write(f"Backup written to {archive} ({Path(archive).stat().st_size} bytes).")
