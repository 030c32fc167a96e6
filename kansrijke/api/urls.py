"""/api/: the open data API (kansrijke/api/api.py), its schema and its docs."""

from kansrijke.api.api import api

app_name = "api"  # the same as `api.urls_namespace`, which the docs page reverses with
urlpatterns = api.urls[0]
