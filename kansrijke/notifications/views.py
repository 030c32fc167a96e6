from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from coalitions.models import Invitation
from kansrijke.notifications.models import (
    Kind,
    Notification,
    NotificationSettings,
    read_unsubscribe_token,
)


def workspace_panel(request) -> dict:
    """The workspace's panel: the five newest notices and pending invitations (two queries)."""
    return {
        "notifications": list(
            Notification.objects.filter(recipient=request.user).select_related("coalition")[:5]
        ),
        "invitations": list(
            Invitation.objects.pending()
            .for_email(request.user.email or "-")
            .select_related("coalition")
        ),
    }


@login_required
def notification_list(request):
    """The user's notices, newest first, and invitations waiting for their e-mail address."""
    context = {
        "notifications": Notification.objects.filter(recipient=request.user).select_related(
            "coalition"
        )[:100],
        "invitations": Invitation.objects.pending()
        .for_email(request.user.email or "-")
        .select_related("coalition"),
    }
    return render(request, "notifications/list.html", context)


@never_cache
def unsubscribe(request, signed):
    """Mute one kind of e-mail from the link in such a mail, without logging in. A GET only
    asks (mail scanners open links); the button POSTs."""
    found = read_unsubscribe_token(signed)
    user = get_user_model().objects.filter(pk=found[0], is_active=True).first() if found else None
    if user is None:
        return render(
            request,
            "notifications/unsubscribe.html",
            {"problem": _("Deze afmeldlink is ongeldig.")},
            status=404,
        )
    kind = Kind(found[1])
    done = False
    if request.method == "POST":
        settings_row, _created = NotificationSettings.objects.get_or_create(user=user)
        if kind not in settings_row.muted:
            settings_row.muted = [*settings_row.muted, kind.value]
            settings_row.save(update_fields=["muted"])
        done = True
    return render(request, "notifications/unsubscribe.html", {"kind": kind, "done": done})
