from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PijlersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pijlers"
    verbose_name = _("Pijlers (denkraam)")
