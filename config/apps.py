from django.apps import AppConfig


class ConfigConfig(AppConfig):
    """The project's own app: the audit trail's wiring (each app tracks its own models), the rule
    for stored text (config.stored_text) and the browser's data cleared on log-out
    (config.clear_site_data)."""

    name = "config"
    verbose_name = "Ruqsat"

    def ready(self):
        from config import audit, clear_site_data, stored_text

        # Cleaning first: the audit trail's pre_save receiver then records the text as stored.
        stored_text.connect()
        audit.connect()
        clear_site_data.connect()
