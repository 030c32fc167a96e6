"""Template context shared by every page."""

from django.conf import settings


def site(request):
    from coalitions.permissions import is_pharos

    user = getattr(request, "user", None)
    return {
        "site_name": "Kansrijke Start – coalities",
        "user_is_pharos": bool(user and is_pharos(user)),
        "debug": settings.DEBUG,
        "oidc_enabled": settings.OIDC_ENABLED,
        "oidc_login_label": getattr(settings, "OIDC_LOGIN_LABEL", ""),
    }
