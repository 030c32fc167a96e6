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
        from partners.history import contact_history, organisation_history

        register_source(organisation_history)
        register_source(contact_history)
        from django.db.models import OuterRef, Subquery

        from coalitions.models import register_staleness_source
        from partners.models import CoalitionPartner

        # Editors are reminded when their partner list went untouched (an ended partnership
        # is a change too: it sets `until`).
        register_staleness_source(
            "partners",
            _("partners"),
            lambda: Subquery(
                CoalitionPartner.objects.filter(coalition=OuterRef("pk"))
                .order_by("-updated_at")
                .values("updated_at")[:1]
            ),
        )
