from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    # --- Workspace: partner management ---
    path(
        "werkruimte/<slug:slug>/partners/",
        views.workspace_partners,
        name="workspace_partners",
    ),
    path(
        "werkruimte/<slug:slug>/partners/toevoegen/",
        views.workspace_partner_add,
        name="workspace_partner_add",
    ),
    path(
        "werkruimte/<slug:slug>/partners/nieuwe-organisatie/",
        views.workspace_organisation_create,
        name="workspace_organisation_create",
    ),
    path(
        "werkruimte/<slug:slug>/partners/<int:pk>/",
        views.workspace_partner_edit,
        name="workspace_partner_edit",
    ),
    path(
        "werkruimte/<slug:slug>/partners/<int:pk>/beeindigen/",
        views.workspace_partner_end,
        name="workspace_partner_end",
    ),
    path(
        "werkruimte/<slug:slug>/partners/organisaties/<int:pk>/",
        views.workspace_organisation_edit,
        name="workspace_organisation_edit",
    ),
    path(
        "werkruimte/<slug:slug>/partners/<int:pk>/contactpersonen/nieuw/",
        views.workspace_contact_create,
        name="workspace_contact_create",
    ),
    path(
        "werkruimte/<slug:slug>/partners/contactpersonen/<int:pk>/",
        views.workspace_contact_edit,
        name="workspace_contact_edit",
    ),
    path(
        "werkruimte/<slug:slug>/partners/contactpersonen/<int:pk>/verwijderen/",
        views.workspace_contact_delete,
        name="workspace_contact_delete",
    ),
    # --- Partner map ---
    path("coalities/<slug:slug>/partners/", views.partner_map, name="map"),
    path(
        "coalities/<slug:slug>/partners/export.<str:fmt>",
        views.partner_map_export,
        name="map_export",
    ),
]
