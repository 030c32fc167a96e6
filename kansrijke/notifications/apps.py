from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "kansrijke.notifications"
    label = "notifications"
    verbose_name = _("Meldingen")

    def ready(self):
        # The workspace (coalitions, which cannot import this app) lists the latest notices.
        from coalitions.extensions import WorkspacePanel, workspace_panels
        from kansrijke.notifications.views import workspace_panel

        workspace_panels.register(
            WorkspacePanel(
                key="notifications",
                template="notifications/_workspace_panel.html",
                context=workspace_panel,
            )
        )
