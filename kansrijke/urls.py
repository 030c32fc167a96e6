from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
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
    path("", include("coalitions.urls")),
]

if settings.OIDC_ENABLED:
    # Single sign-on with the municipality's identity provider (off unless configured).
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))
