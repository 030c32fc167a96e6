from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# The apps whose text fields users type into (the project's own, not Django's or libraries').
PROJECT_APPS = ("kansrijke", "coalitions", "partners", "pijlers", "experiments")


class KansrijkeConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kansrijke"
    verbose_name = _("Kansrijke Start")

    def ready(self):
        from common.text import limit_text_fields
        from kansrijke import audit

        audit.connect()
        # One length limit for every free-text field, in forms, the admin and imports alike.
        limit_text_fields(
            model for label in PROJECT_APPS for model in apps.get_app_config(label).get_models()
        )
