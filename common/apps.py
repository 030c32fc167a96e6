from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """The bottom package as an app only for its one table (common/models.py)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "common"
    verbose_name = _("Gedeelde onderdelen")
