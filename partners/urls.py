from django.urls import path

from partners import relation_views, views

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
        "werkruimte/<slug:slug>/partners/<int:pk>/heropenen/",
        views.workspace_partner_reopen,
        name="workspace_partner_reopen",
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
    # --- Workspace: relations between partners ---
    path(
        "werkruimte/<slug:slug>/relaties/",
        relation_views.workspace_relations,
        name="workspace_relations",
    ),
    path(
        "werkruimte/<slug:slug>/relaties/nieuw/",
        relation_views.workspace_relation_add,
        name="workspace_relation_add",
    ),
    path(
        "werkruimte/<slug:slug>/relaties/<int:pk>/",
        relation_views.workspace_relation_edit,
        name="workspace_relation_edit",
    ),
    path(
        "werkruimte/<slug:slug>/relaties/<int:pk>/beeindigen/",
        relation_views.workspace_relation_end,
        name="workspace_relation_end",
    ),
    path(
        "werkruimte/<slug:slug>/netwerk/",
        relation_views.workspace_network,
        name="workspace_network",
    ),
    path("coalities/<slug:slug>/netwerk/", relation_views.network, name="network"),
    # --- Workspace: meetings (overleggen) ---
    path(
        "werkruimte/<slug:slug>/overleggen/",
        relation_views.workspace_meetings,
        name="workspace_meetings",
    ),
    path(
        "werkruimte/<slug:slug>/overleggen/nieuw/",
        relation_views.workspace_meeting_add,
        name="workspace_meeting_add",
    ),
    path(
        "werkruimte/<slug:slug>/overleggen/<int:pk>/bewerken/",
        relation_views.workspace_meeting_edit,
        name="workspace_meeting_edit",
    ),
    # --- Workspace: referral paths (zorgpaden) ---
    path(
        "werkruimte/<slug:slug>/zorgpaden/", relation_views.workspace_paths, name="workspace_paths"
    ),
    path(
        "werkruimte/<slug:slug>/zorgpaden/nieuw/",
        relation_views.workspace_path_add,
        name="workspace_path_add",
    ),
    path(
        "werkruimte/<slug:slug>/zorgpaden/<int:pk>/",
        relation_views.workspace_path,
        name="workspace_path",
    ),
    path(
        "werkruimte/<slug:slug>/zorgpaden/<int:pk>/bewerken/",
        relation_views.workspace_path_edit,
        name="workspace_path_edit",
    ),
    path(
        "werkruimte/<slug:slug>/zorgpaden/<int:pk>/verwijderen/",
        relation_views.workspace_path_delete,
        name="workspace_path_delete",
    ),
    path(
        "werkruimte/<slug:slug>/zorgpaden/stappen/<int:pk>/verwijderen/",
        relation_views.workspace_step_delete,
        name="workspace_step_delete",
    ),
    # --- Partner map (public; in the workspace with contact people) ---
    path("werkruimte/<slug:slug>/partnerkaart/", views.workspace_map, name="workspace_map"),
    path("coalities/<slug:slug>/partners/", views.partner_map, name="map"),
    # "Wie werkt met wie": the tables the map folds, as a page (without JavaScript) and as
    # the fragment the map fetches when its summary is opened.
    path(
        "werkruimte/<slug:slug>/partnerkaart/verbindingen/",
        views.workspace_connections,
        name="workspace_connections",
    ),
    path(
        "werkruimte/<slug:slug>/partnerkaart/verbindingen/tabellen/",
        views.workspace_connections_fragment,
        name="workspace_connections_fragment",
    ),
    path(
        "coalities/<slug:slug>/partners/verbindingen/",
        views.connections_page,
        name="connections",
    ),
    path(
        "coalities/<slug:slug>/partners/verbindingen/tabellen/",
        views.connections_fragment,
        name="connections_fragment",
    ),
    path(
        "coalities/<slug:slug>/partners/export.<str:fmt>",
        views.partner_map_export,
        name="map_export",
    ),
]
