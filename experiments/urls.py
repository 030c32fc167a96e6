from django.urls import path

from experiments import views

app_name = "experiments"

ws = "werkruimte/<slug:slug>/"

urlpatterns = [
    path(f"{ws}werkagenda/", views.timeline, name="timeline"),
    path(f"{ws}werkagenda/nieuw/", views.item_edit, name="item_create"),
    path(f"{ws}werkagenda/<int:pk>/", views.item_detail, name="item_detail"),
    path(f"{ws}werkagenda/<int:pk>/bewerken/", views.item_edit, name="item_edit"),
    path(f"{ws}werkagenda/<int:item_pk>/resultaat/", views.result_edit, name="result_create"),
    path(f"{ws}werkagenda/resultaten/<int:pk>/bewerken/", views.result_edit, name="result_edit"),
    path(
        f"{ws}werkagenda/<int:item_pk>/knelpunt/",
        views.bottleneck_create,
        name="bottleneck_create",
    ),
    path(f"{ws}werkagenda/<int:item_pk>/toetsing/", views.review_create, name="review_create"),
    path(
        f"{ws}werkagenda/toetsingen/<int:pk>/verwijderen/",
        views.review_delete,
        name="review_delete",
    ),
    path(f"{ws}werkagenda/themas/", views.theme_list, name="theme_list"),
    path(f"{ws}werkagenda/themas/nieuw/", views.theme_edit, name="theme_create"),
    path(f"{ws}werkagenda/themas/<int:pk>/bewerken/", views.theme_edit, name="theme_edit"),
    path(f"{ws}werkagenda/knelpunten/", views.bottleneck_overview, name="bottleneck_overview"),
    path(
        f"{ws}werkagenda/knelpunten/<int:pk>/opschalen/",
        views.bottleneck_escalate,
        name="bottleneck_escalate",
    ),
    path(
        f"{ws}werkagenda/knelpunten/<int:pk>/oplossen/",
        views.bottleneck_resolve,
        name="bottleneck_resolve",
    ),
    path(f"{ws}afspraken/", views.agreement_list, name="agreement_list"),
    path(f"{ws}afspraken/nieuw/", views.agreement_edit, name="agreement_create"),
    path(f"{ws}afspraken/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path(f"{ws}afspraken/<int:pk>/bewerken/", views.agreement_edit, name="agreement_edit"),
    path(f"{ws}afspraken/<int:pk>/document.pdf", views.agreement_pdf, name="agreement_pdf"),
    path("leren/", views.learning, name="learning"),
    path("coalities/<slug:slug>/werkagenda/", views.public_werkagenda, name="public_werkagenda"),
]
