import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from privacy.backup import BackupError, decrypt_chunks


def _database_is_empty() -> bool:
    """Empty means: no user and no application, i.e. nothing but what migrations seed."""
    User = apps.get_model(settings.AUTH_USER_MODEL)
    Application = apps.get_model("permits", "PermitApplication")
    return not User.objects.exists() and not Application.objects.exists()


class Command(BaseCommand):
    help = "Restore an archive written by `backup` into an empty database (migrated first)."

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        passphrase = settings.BACKUP_PASSPHRASE
        if not passphrase:
            raise CommandError("Set BACKUP_PASSPHRASE in the environment first.")
        call_command("migrate", interactive=False, verbosity=0)
        if not _database_is_empty():
            raise CommandError("The database is not empty: restore only into a fresh database.")
        documents = Path(settings.STORAGES["documents"]["OPTIONS"]["location"])
        with tempfile.TemporaryDirectory() as workdir:
            bundle = Path(workdir) / "bundle.tar.gz"
            try:
                with Path(archive).open("rb") as source, bundle.open("wb") as out:
                    for chunk in decrypt_chunks(source, passphrase):
                        out.write(chunk)
            except (BackupError, OSError) as error:
                raise CommandError(str(error)) from error
            unpacked = Path(workdir) / "unpacked"
            with tarfile.open(bundle, "r:gz") as tar:
                tar.extractall(unpacked, filter="data")
            with transaction.atomic():
                data = unpacked / "data.exact_json"
                if not data.exists():
                    data = unpacked / "data.json"  # an archive made before times kept their microseconds
                call_command("loaddata", str(data), verbosity=0)
            if (unpacked / "documents").is_dir():
                documents.mkdir(parents=True, exist_ok=True)
                for path in (unpacked / "documents").rglob("*"):
                    if path.is_file():
                        destination = documents / path.relative_to(unpacked / "documents")
                        destination.parent.mkdir(parents=True, exist_ok=True)
                        path.replace(destination)
        self.stdout.write(f"Restored {archive}.")
