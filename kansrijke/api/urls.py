"""/api/: the open data API (kansrijke/api/api.py), its schema and its docs."""

from django.urls import path
from django.views.generic import RedirectView

from kansrijke.api.api import api

app_name = "api"  # the same as `api.urls_namespace`, which the docs page reverses with
urlpatterns = [
    # Ninja's own /api/ is a bare 404; a person who types /api/ wants the documentation.
    path("", RedirectView.as_view(pattern_name="api:openapi-view"), name="api-root"),
    *[pattern for pattern in api.urls[0] if pattern.name != "api-root"],
]
