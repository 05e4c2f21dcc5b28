"""Kazakhstan's jurisdictions, authorities, refusal reasons and deadline rules, with their Russian and
Kazakh texts, loaded from permits/reference/*.yaml (config/reference_data.py).

This one migration replaces the four seed migrations that held the data as Python (0002, 0004, 0008,
0011): a database that ran them has the rows already and records this one as applied; a new
database gets the rows here. To change the data later, edit the files and run
`manage.py sync_reference_data` — no new migration.

The sync runs with this migration's historical models (`apps`), not the current ones: a field the
files name that a later migration adds is skipped here and filled by that migration
(config.reference_data.sync_operation), so the migration still works when the models have moved on.
"""

from django.db import migrations

from config.reference_data import sync_operation


class Migration(migrations.Migration):
    replaces = [
        ("permits", "0002_seed_kazakhstan"),
        ("permits", "0004_seed_kazakhstan_deadlines"),
        ("permits", "0008_seed_translations"),
        ("permits", "0011_seed_rule_citation_translations"),
    ]

    # Only what the replaced migrations ran after: a database that ran them counts this one as applied,
    # and Django would never apply a new migration this one depended on.
    dependencies = [("permits", "0016_corrections_and_late_filings")]

    operations = [sync_operation(app_labels=["permits"])]
