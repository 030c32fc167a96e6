from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The apps whose data Pharos advisers read through the admin.
PHAROS_VIEW_APPS = ["coalitions", "partners", "pijlers", "experiments", "pghistory"]


def sync_pharos_group(**kwargs):
    """Give the Pharos group view rights on every model of our apps, also on models added later."""
    from django.contrib.auth.models import Group, Permission

    from coalitions.permissions import PHAROS_GROUP

    group, _created = Group.objects.get_or_create(name=PHAROS_GROUP)
    view = Permission.objects.filter(
        content_type__app_label__in=PHAROS_VIEW_APPS, codename__startswith="view_"
    )
    group.permissions.add(*view)


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
