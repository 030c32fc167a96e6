"""The Pharos pages, under /admin/pharos/ (see kansrijke/pharos/views.py)."""

from django.urls import path

from kansrijke.pharos import views

app_name = "pharos"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("voortgangsrapportage/", views.half_year_report, name="report"),
    path("voortgangsrapportage/vaststellen/", views.establish_report, name="establish"),
    path(
        "voortgangsrapportage/vastgesteld/<int:pk>/",
        views.established_report,
        name="established",
    ),
    path("rivm-monitor/", views.rivm_monitor, name="rivm"),
    path("verouderd/", views.stale_data, name="stale"),
    path("rollen/", views.team_index, name="team_index"),
    path("rollen/<slug:slug>/", views.team, name="team"),
]
