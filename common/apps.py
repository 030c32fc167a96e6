from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    """Shared code; its one model is the state of background imports (common.import_jobs)."""

    name = "common"
    verbose_name = _("Gedeeld")
    default_auto_field = "django.db.models.BigAutoField"
