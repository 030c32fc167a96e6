from django.urls import path

from coalitions import views

app_name = "coalitions"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("coalities/<slug:slug>/", views.public_detail, name="public_detail"),
    path("werkruimte/", views.workspace, name="workspace"),
]
