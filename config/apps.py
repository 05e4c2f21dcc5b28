from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project's own app: the audit trail's wiring (each app tracks its own models)
    and the rule for stored text (config.stored_text)."""

    name = "config"
    verbose_name = "Ruqsat"

    def ready(self):
        from config import audit, stored_text

        # Cleaning first: the audit trail's pre_save receiver then records the text as stored.
        stored_text.connect()
        audit.connect()
