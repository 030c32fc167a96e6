"""The project's URLs with single sign-on switched on, as kansrijke/urls.py has them when
OIDC_RP_CLIENT_ID is set (that file decides once, when it is imported)."""

from django.urls import include, path

from kansrijke.urls import urlpatterns as project_urlpatterns

urlpatterns = [*project_urlpatterns, path("oidc/", include("mozilla_django_oidc.urls"))]
