"""The Pharos pages, under /admin/pharos/ (see kansrijke/admin_views.py)."""

from django.urls import path

from kansrijke import admin_views

app_name = "pharos"

urlpatterns = [
    path("", admin_views.overview, name="overview"),
    path("voortgangsrapportage/", admin_views.half_year_report, name="report"),
    path("rivm-monitor/", admin_views.rivm_monitor, name="rivm"),
    path("verouderd/", admin_views.stale_data, name="stale"),
]
