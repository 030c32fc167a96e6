from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperimentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "experiments"
    verbose_name = _("Werkagenda en afspraken")

    def ready(self):
        # partners cannot import this app (imports run coalitions <- partners <- experiments),
        # so it plugs into the partner map's registry of link sources.
        from experiments.connections import shared_work_and_agreements
        from partners.connections import register_connection_source

        register_connection_source(shared_work_and_agreements)
