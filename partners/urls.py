from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    # --- Partner map ---
    path("coalities/<slug:slug>/partners/", views.partner_map, name="map"),
    path(
        "coalities/<slug:slug>/partners/export.<str:fmt>",
        views.partner_map_export,
        name="map_export",
    ),
]
