"""The 17 regions of Kazakhstan, its cities of regional significance and their akimats (issue 16,
item 1), from permits/reference/jurisdictions.yaml and authorities.yaml (version 2).

A database made before this gets the new rows here, without anyone running `sync_reference_data`
(on a new database 0017 and 0019 have loaded them already, and this changes nothing). The rows that
exist are synced as `sync_reference_data` would: the country and the three cities of republican
significance keep their codes and rows, so applications and deadline rules keep their links."""

from django.db import migrations

from config.reference_data import sync_operation


class Migration(migrations.Migration):
    dependencies = [("permits", "0020_authority_review")]

    operations = [sync_operation(app_labels=["permits"], create_missing=True)]
