from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Reading the audit trail: the history pages. Above the domain apps, it reads all of them;
    the writing side (what is tracked, who acted) is config.audit, which every app calls."""

    name = "audit"
    verbose_name = _("Audit trail")
