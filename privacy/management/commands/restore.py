from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from privacy.backup import BackupError, identities_from, restore_backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `backup` into a fresh database: with the age identity file "
        "(--identity, the private key kept offline) or BACKUP_PASSPHRASE."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--identity", help="An age identity file (age-keygen's output) that opens the archive.")

    def handle(self, *args, archive, identity=None, **options):
        try:
            restore_backup(
                Path(archive),
                identities=identities_from(identity) if identity else None,
                passphrase=settings.BACKUP_PASSPHRASE,
            )
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {archive}.")
