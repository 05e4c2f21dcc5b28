from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """A person's and a group's data out (export) and gone (delete), and the site's backups: above
    the domain apps, it reads and erases all of them."""

    name = "privacy"
    verbose_name = _("Privacy")
