from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from kansrijke.metrics import metrics


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico on every page: send them to the SVG icon (resolved per
    request, so the hashed static name of the current build; not permanent for that reason)."""

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.svg")


# The 500 page renders even when the layout cannot (kansrijke/errors.py).
handler500 = "kansrijke.errors.server_error"

urlpatterns = [
    # Pharos' overview and reports inside the admin (before admin/ so the admin does not 404).
    path("admin/pharos/", include("kansrijke.pharos.urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Changing the password ends the user's other sessions (Django's session auth hash).
    path(
        "accounts/wachtwoord/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/wachtwoord/gewijzigd/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    # Prometheus, for the holder of METRICS_TOKEN only (kansrijke/metrics.py).
    path("metrics", metrics, name="metrics"),
    # Password reset, the account page (kansrijke/accounts) and notifications (issue 21).
    path("accounts/", include("kansrijke.accounts.urls")),
    path("meldingen/", include("kansrijke.notifications.urls")),
    # The open data API, its schema and docs (kansrijke/api).
    path("api/", include("kansrijke.api.urls")),
    path("", include("coalitions.urls")),
    path("", include("experiments.urls")),
    path("", include("partners.urls")),
    path("", include("pijlers.urls")),
]

if settings.BENCH_MINIMAL_VIEW:
    from kansrijke.bench.views import minimal

    urlpatterns.append(path("bench/minimal/", minimal, name="bench_minimal"))
if settings.OIDC_ENABLED:
    # Single sign-on with the municipality's identity provider (off unless configured).
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
