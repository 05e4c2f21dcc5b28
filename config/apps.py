from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project's own app: management commands (backup, restore) and the audit trail's wiring."""

    name = "config"
    verbose_name = "Ruqsat"

    def ready(self):
        from config import audit

        audit.register_models()
