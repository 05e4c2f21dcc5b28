"""The argument library (with its citations) and the draft templates in English, Russian and Kazakh,
loaded from appeals/reference/*.yaml (config/reference_data.py).

This one migration replaces the three seed migrations that held the library as Python (0002, 0003,
0005): a database that ran them has the rows already and records this one as applied; a new
database gets them here. To change an argument or a citation later, edit the file and run
`manage.py sync_reference_data` — no new migration.

The sync runs with this migration's historical models (`apps`), not the current ones: a field the
files name that a later migration adds is skipped here and filled by that migration
(config.reference_data.sync_operation). After permits' reference data: arguments name the refusal
reasons they answer.
"""

from django.db import migrations

from config.reference_data import sync_operation


class Migration(migrations.Migration):
    replaces = [
        ("appeals", "0002_seed_templates_and_library"),
        ("appeals", "0003_seed_kazakh"),
        ("appeals", "0005_seed_kazakh_venues_and_arguments"),
    ]

    dependencies = [
        ("appeals", "0006_argument_owner_version_and_draft_sources"),
        ("permits", "0017_reference_data"),
    ]

    operations = [sync_operation(app_labels=["appeals"])]
