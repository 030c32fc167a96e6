from django.urls import path

from pijlers import views

app_name = "pijlers"

prefix = "werkruimte/<slug:slug>/denkraam/"
urlpatterns = [
    path(prefix, views.overview, name="overview"),
    path(f"{prefix}pijler/<int:number>/", views.pillar_detail, name="pillar"),
    path(f"{prefix}pijler/<int:number>/beoordelen/", views.assess, name="assess"),
    path(
        f"{prefix}element/<int:number>/",
        views.pillar_detail,
        {"kind": "element"},
        name="element",
    ),
    path(
        f"{prefix}element/<int:number>/beoordelen/",
        views.assess,
        {"kind": "element"},
        name="assess_element",
    ),
    path(f"{prefix}streefsituatie/", views.targets, name="targets"),
    path(f"{prefix}streefsituatie/pijler/<int:number>/", views.target_edit, name="target_pillar"),
    path(
        f"{prefix}streefsituatie/element/<int:number>/",
        views.target_edit,
        {"kind": "element"},
        name="target_element",
    ),
    path(f"{prefix}dekking/", views.coverage, name="coverage"),
    path(f"{prefix}voortgang/", views.progress, name="progress"),
    path(f"{prefix}monitoring/", views.monitoring, name="monitoring"),
    path(f"{prefix}monitoring/nieuw/", views.measurement_add, name="measurement_add"),
    path(f"{prefix}monitoring/cijfers/", views.measurement_list, name="measurement_list"),
    path(
        f"{prefix}monitoring/cijfers/<int:pk>/verwijderen/",
        views.measurement_delete,
        name="measurement_delete",
    ),
    path(f"{prefix}monitoring/importeren/", views.measurement_import, name="measurement_import"),
    path(
        f"{prefix}monitoring/importeren/sjabloon/",
        views.measurement_import_template,
        name="measurement_import_template",
    ),
    path(f"{prefix}palet/", views.palette, name="palette"),
    path(f"{prefix}palet/nieuw/", views.offering_edit, name="offering_add"),
    path(f"{prefix}palet/<int:pk>/", views.offering_edit, name="offering_edit"),
    path(f"{prefix}palet/<int:pk>/verwijderen/", views.offering_delete, name="offering_delete"),
    path(f"{prefix}expertise/", views.expertise, name="expertise"),
    path(f"{prefix}expertise/nieuw/", views.expertise_edit, name="expertise_add"),
    path(f"{prefix}expertise/<int:pk>/", views.expertise_edit, name="expertise_edit"),
    path(
        f"{prefix}expertise/<int:pk>/verwijderen/", views.expertise_delete, name="expertise_delete"
    ),
]
