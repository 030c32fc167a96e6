from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KansrijkeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kansrijke"
    verbose_name = _("Kansrijke Start")

    def ready(self):
        from kansrijke import audit

        audit.connect()
