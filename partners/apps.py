from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        # The coalition history (coalitions/history.py) shows partner organisations and
        # contact people too; coalitions cannot import partners, so partners registers here.
        from coalitions.history import register_source
        from partners.history import partner_history

        register_source(partner_history)
