"""Words typed in a search box match whatever their case, in Kazakh and Russian as in English.

Django's icontains cannot promise that: on SQLite it is LIKE, which folds A–Z only, so "әйелдер"
missed "Әйелдер шеруі". Both sides are lower-cased instead: the typed text by Python, the column by
the database's LOWER(). PostgreSQL's LOWER follows the database's LC_CTYPE (a UTF-8 locale such as
C.UTF-8 or en_US.UTF-8 folds Cyrillic, including ә ғ қ ң ө ұ ү һ і); SQLite's built-in LOWER is
ASCII-only too, so on SQLite the column goes through Python's str.lower, registered on every new
connection as UNICODE_LOWER (PermitsConfig.ready). That costs a Python call per row searched, on
SQLite only; PostgreSQL, where the list is benchmarked (bench/), runs it natively."""

from django.db.models import Q
from django.db.models.functions import Lower
from django.db.models.lookups import Contains


class UnicodeLower(Lower):
    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="UNICODE_LOWER", **extra_context)


def _unicode_lower(value):
    return value.lower() if isinstance(value, str) else value


def register_sqlite_functions(sender, connection, **kwargs):
    """connection_created receiver: UNICODE_LOWER on each new SQLite connection."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("UNICODE_LOWER", 1, _unicode_lower, deterministic=True)


def contains_ignoring_case(field: str, text: str) -> Q:
    """`field` holds `text`, whatever the case of either (LIKE's % and _ in `text` match themselves)."""
    return Q(Contains(UnicodeLower(field), text.lower()))
