from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# Reference data Pharos keeps up to date in the admin (view rights come from coalitions.apps).
PHAROS_EDIT_MODELS = [
    "pillar",
    "pillarquestion",
    "crosscuttingelement",
    "indicator",
    "intervention",
    # National figures and figures for any gemeente are imported by Pharos in the admin.
    "measurement",
]


def sync_pharos_reference_rights(**kwargs):
    """Let the Pharos group add, change and delete the denkraam's reference data."""
    from django.contrib.auth.models import Group, Permission

    from coalitions.permissions import PHAROS_GROUP

    group, _created = Group.objects.get_or_create(name=PHAROS_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label="pijlers", content_type__model__in=PHAROS_EDIT_MODELS
    )
    group.permissions.add(*perms)


class PijlersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pijlers"
    verbose_name = _("Pijlers (denkraam)")

    def ready(self):
        post_migrate.connect(
            sync_pharos_reference_rights, sender=self, dispatch_uid="sync_pharos_reference_rights"
        )
        from coalitions.extensions import (
            PublicSection,
            StalenessSource,
            attention_checks,
            public_sections,
            staleness_sources,
        )
        from pijlers.attention import PillarWithoutAssessment, latest_assessment_change

        # The workspace lists pillars never assessed; Pharos' stale-data page shows when the
        # self-assessment last changed.
        attention_checks.register(PillarWithoutAssessment())
        staleness_sources.register(
            StalenessSource("assessment", _("zelfevaluatie"), latest_assessment_change)
        )

        # The coalition's history lists figure, palette and expertise changes too.
        from coalitions.extensions import history_sources
        from pijlers.history import figure_history, palette_history

        history_sources.register(figure_history, order=120)

        # The denkraam in the workspace's navigation, with its pages as sub-sections.
        from coalitions.extensions import WorkspaceLink, WorkspaceSection, workspace_sections

        workspace_sections.register(
            WorkspaceSection(
                _("Denkraam"),
                "pijlers:overview",
                children=(
                    WorkspaceLink(_("Monitoring"), "pijlers:monitoring"),
                    WorkspaceLink(_("Palet"), "pijlers:palette"),
                    WorkspaceLink(_("Expertise"), "pijlers:expertise"),
                    WorkspaceLink(_("Streefsituatie"), "pijlers:targets"),
                    WorkspaceLink(_("Pijlerdekking"), "pijlers:coverage"),
                    WorkspaceLink(_("Voortgang"), "pijlers:progress"),
                ),
            ),
            order=50,
        )
        history_sources.register(palette_history, order=120)

        from pijlers.views import dashboard_context, public_context

        # The public coalition page shows pillar levels (no notes) and published figures,
        # after the werkagenda (experiments registers with order 10).
        public_sections.register(
            PublicSection(
                "pijlers",
                ("pijlers/_public_levels.html", "pijlers/_public_indicators.html"),
                public_context,
                contents=(("public-pillars", _("Denkraam")),),
            ),
            order=20,
        )
        # The workspace overview shows the pillar levels as a small chart.
        from coalitions.extensions import DashboardCard, dashboard_cards

        dashboard_cards.register(
            DashboardCard("pijlers", "pijlers/_dashboard_levels.html", dashboard_context),
            order=20,
        )
