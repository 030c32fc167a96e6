from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperimentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "experiments"
    verbose_name = _("Werkagenda en afspraken")

    def ready(self):
        # partners and coalitions cannot import this app (imports run coalitions <- partners
        # <- experiments), so it plugs into their extension points: the partner map's links,
        # the public coalition page and the workspace's attention list.
        from coalitions.extensions import PublicSection, attention_checks, public_sections
        from experiments.attention import OpenBottlenecksCheck
        from experiments.connections import shared_work_and_agreements
        from experiments.views import public_context
        from partners.extensions import connection_sources

        connection_sources.register(shared_work_and_agreements)
        # The werkagenda and the agreements in the workspace's navigation.
        from coalitions.extensions import WorkspaceLink, WorkspaceSection, workspace_sections

        workspace_sections.register(
            WorkspaceSection(
                _("Werkagenda"),
                "experiments:timeline",
                children=(
                    WorkspaceLink(_("Knelpunten"), "experiments:bottleneck_overview"),
                    WorkspaceLink(_("Thema's"), "experiments:theme_list"),
                ),
            ),
            order=60,
        )
        workspace_sections.register(
            WorkspaceSection(_("Afspraken"), "experiments:agreement_list"), order=70
        )
        # A relation between partners may rest on one of the coalition's agreements or items.
        from experiments.models import Agreement, WorkItem
        from partners.extensions import RelationBasis, relation_bases

        relation_bases.register(
            RelationBasis(
                "experiments.agreement",
                _("Afspraken"),
                lambda coalition: Agreement.objects.filter(coalition=coalition),
            )
        )
        relation_bases.register(
            RelationBasis(
                "experiments.workitem",
                _("Werkagenda"),
                lambda coalition: WorkItem.objects.filter(coalition=coalition),
            )
        )
        # The public coalition page lists published work items and the agreements' facts.
        public_sections.register(
            PublicSection(
                "experiments",
                ("experiments/_public_werkagenda.html", "experiments/_public_agreements.html"),
                public_context,
                contents=(
                    ("werkagenda-heading", _("Werkagenda")),
                    ("agreements-heading", _("Ondertekende afspraken")),
                ),
                summary_links=((_("Werkagenda"), "experiments:public_werkagenda"),),
            ),
            order=10,
        )
        attention_checks.register(OpenBottlenecksCheck())
        # The workspace overview's cards: this quarter's items and the open knelpunten.
        from coalitions.extensions import DashboardCard, dashboard_cards
        from experiments.views import dashboard_bottlenecks_context, dashboard_werkagenda_context

        dashboard_cards.register(
            DashboardCard(
                "werkagenda",
                "experiments/_dashboard_werkagenda.html",
                dashboard_werkagenda_context,
            ),
            order=30,
        )
        dashboard_cards.register(
            DashboardCard(
                "bottlenecks",
                "experiments/_dashboard_bottlenecks.html",
                dashboard_bottlenecks_context,
            ),
            order=40,
        )
        # The coalition's history lists bottlenecks, item links and signatories too.
        from coalitions.extensions import history_sources
        from experiments.history import escalation_history, item_history, signatory_history

        for source in (item_history, escalation_history, signatory_history):
            history_sources.register(source, order=110)

        # The denkraam's pijlerdekking page: running items per pillar and element.
        from coalitions.extensions import denkraam_work_sources
        from experiments.coverage import running_work

        denkraam_work_sources.register(running_work)
