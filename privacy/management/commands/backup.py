import shutil
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from privacy.backup import BackupError, encrypt_stream

# Rebuilt by `migrate` in the target database, or worthless there.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


# Times to the microsecond (config.serializers.exact_json); archives made before it hold data.json.
DATA_FILE = "data.exact_json"


class Command(BaseCommand):
    help = "Write one encrypted archive of the database and the private documents."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Where to write the archive, e.g. ruqsat-2026-11-25.rqbk")

    def handle(self, *args, archive, **options):
        passphrase = settings.BACKUP_PASSPHRASE
        if not passphrase:
            raise CommandError("Set BACKUP_PASSPHRASE in the environment first.")
        documents = Path(settings.STORAGES["documents"]["OPTIONS"]["location"])
        with tempfile.TemporaryDirectory() as workdir:
            data = Path(workdir) / DATA_FILE
            call_command(
                "dumpdata", exclude=EXCLUDED, natural_foreign=True, format="exact_json", output=str(data), verbosity=0
            )
            bundle = Path(workdir) / "bundle.tar.gz"
            with tarfile.open(bundle, "w:gz") as tar:
                tar.add(data, arcname=DATA_FILE)
                if documents.is_dir():
                    tar.add(documents, arcname="documents")
            target = Path(archive)
            partial = target.with_name(target.name + ".partial")
            try:
                with bundle.open("rb") as source, partial.open("wb") as out:
                    encrypt_stream(source, out, passphrase)
            except BackupError as error:
                partial.unlink(missing_ok=True)
                raise CommandError(str(error)) from error
            shutil.move(partial, target)
        self.stdout.write(f"Backup written to {archive} ({target.stat().st_size} bytes).")
