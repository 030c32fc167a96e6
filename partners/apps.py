from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    verbose_name = _("Partners")

    def ready(self):
        # The coalition history (coalitions/history.py) shows partner organisations and
        # contact people too; coalitions cannot import partners, so partners registers here.
        from django.db.models import OuterRef, Subquery

        from coalitions.extensions import StalenessSource, history_sources, staleness_sources
        from partners import connections  # noqa: F401  (registers partners' own link sources)
        from partners.history import contact_history, organisation_history
        from partners.models import CoalitionPartner

        history_sources.register(organisation_history)
        # The workspace's navigation: the partner pages and the members' partner map.
        from coalitions.extensions import WorkspaceLink, WorkspaceSection, workspace_sections

        workspace_sections.register(
            WorkspaceSection(
                _("Partners"),
                "partners:workspace_partners",
                children=(
                    WorkspaceLink(_("Relaties"), "partners:workspace_relations"),
                    WorkspaceLink(_("Netwerk"), "partners:workspace_network"),
                    WorkspaceLink(_("Zorgpaden"), "partners:workspace_paths"),
                    WorkspaceLink(_("Overleggen"), "partners:workspace_meetings"),
                ),
            ),
            order=40,
        )
        workspace_sections.register(
            WorkspaceSection(_("Partnerkaart"), "partners:workspace_map"), order=45
        )
        history_sources.register(contact_history)
        # Pharos' stale-data page shows when the partner list last changed (an ended
        # partnership is a change too: it sets `until`).
        staleness_sources.register(
            StalenessSource(
                "partners",
                _("partners"),
                lambda: Subquery(
                    CoalitionPartner.objects.filter(coalition=OuterRef("pk"))
                    .order_by("-updated_at")
                    .values("updated_at")[:1]
                ),
            )
        )
