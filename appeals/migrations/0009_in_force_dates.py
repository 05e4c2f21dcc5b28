"""The day from which the shared arguments and citations hold (issue 13, item 11), from
appeals/reference/arguments.*.yaml (LEGAL.md), so that a draft against a 2021 refusal does not
argue from the Constitutional Court's 2025 resolution as if it bound the authority then. Empty where
LEGAL.md gives no day in force (Law No. 333-VI, the ICCPR for Kazakhstan, General Comment No. 37,
the ODIHR Guidelines: all before any refusal Ruqsat records)."""

from django.db import migrations

from config.reference_data import sync_operation


class Migration(migrations.Migration):
    dependencies = [("appeals", "0008_argument_and_citation_in_force_from")]
    operations = [
        sync_operation(
            app_labels=["appeals"],
            # A citation is synced with its argument (its list, by position): naming the list syncs them.
            fields={"appeals.Argument": {"in_force_from", "citations"}},
        )
    ]
