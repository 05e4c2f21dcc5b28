"""pg_trgm, for the search over the authorities' words (appeals/search.py): Kazakh has no stemmer in
PostgreSQL, so its word forms are matched by trigram word similarity. CreateExtension does nothing
on a database other than PostgreSQL (the SQLite fallback needs none)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0009_in_force_dates"),
    ]

    operations = [TrigramExtension()]
