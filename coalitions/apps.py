from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The apps whose data Pharos advisers read through the admin.
PHAROS_VIEW_APPS = ["coalitions", "partners", "pijlers", "experiments", "pghistory"]

# What Pharos advisers may change (docs/pharos.md, "Rechten van Pharos"): their feedback, the
# reference data shared by all coalitions (gemeenten, the organisation register) and therefore
# its imports, which gemeenten belong to which coalition (the links, not the coalition: a
# coalition's editors cannot, because figures and RIVM answers follow a gemeente's coalition),
# and the Pharos pages. Never a coalition's own data: status, partnerships,
# contact people, roles, goals stay with the coalition's editors. Gemeenten are never deleted
# (merged ones are set inactive) and contact people are not exported without a personal grant.
PHAROS_CHANGE_PERMISSIONS = [
    "coalitions.view_reports",
    "coalitions.add_feedback",
    "coalitions.change_feedback",
    "coalitions.delete_feedback",
    "coalitions.add_gemeente",
    "coalitions.change_gemeente",
    "coalitions.add_coalitiongemeente",
    "coalitions.change_coalitiongemeente",
    "partners.add_organisation",
    "partners.change_organisation",
]


def sync_pharos_group(**kwargs):
    """Give the Pharos group view rights on every model of our apps, also on models added later."""
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    from coalitions.permissions import PHAROS_GROUP

    group, _created = Group.objects.get_or_create(name=PHAROS_GROUP)
    view = Permission.objects.filter(
        content_type__app_label__in=PHAROS_VIEW_APPS, codename__startswith="view_"
    )
    group.permissions.add(*view)
    change = Q()
    for perm in PHAROS_CHANGE_PERMISSIONS:
        app_label, codename = perm.split(".")
        change |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*Permission.objects.filter(change))


def say_goodbye(sender, request, user, **kwargs):
    """Confirm the logout on the page the user lands on (the public list)."""
    from django.contrib import messages

    # fail_silently: logouts outside a request cycle (the test client, scripts) have no messages.
    messages.info(request, _("U bent uitgelogd."), fail_silently=True)


class CoalitionsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "coalitions"
    verbose_name = _("Coalities")

    def ready(self):
        post_migrate.connect(sync_pharos_group, dispatch_uid="sync_pharos_group")
        from django.contrib.auth.signals import user_logged_out

        user_logged_out.connect(say_goodbye, dispatch_uid="coalitions_say_goodbye")
        # coalitions' own contributions to its extension points (the stale-status attention
        # check, the coalition's rows in the history) register when these modules load.
        from coalitions import attention, history  # noqa: F401
        from coalitions.extensions import WorkspaceSection, workspace_sections

        # The workspace's own sections; the apps built on coalitions add theirs in between.
        for order, section in [
            (10, WorkspaceSection(_("Overzicht"), "coalitions:workspace_detail")),
            (20, WorkspaceSection(_("Status"), "coalitions:workspace_status")),
            (30, WorkspaceSection(_("Gegevens"), "coalitions:workspace_basics", edit_only=True)),
            (80, WorkspaceSection(_("Doelen"), "coalitions:workspace_goals")),
            (90, WorkspaceSection(_("Team"), "coalitions:workspace_team")),
            (100, WorkspaceSection(_("Geschiedenis"), "coalitions:workspace_history")),
        ]:
            workspace_sections.register(section, order=order)
