from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class PermitsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "permits"
    verbose_name = _("Permits")

    def ready(self):
        from permits.search import register_sqlite_functions

        # The application search's case folding on SQLite (permits.search).
        connection_created.connect(register_sqlite_functions, dispatch_uid="permits.search.sqlite_functions")
