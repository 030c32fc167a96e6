from django.urls import path

from coalitions import views

app_name = "coalitions"

urlpatterns = [
    path("", views.public_list, name="public_list"),
    path("coalities/<slug:slug>/", views.public_detail, name="public_detail"),
    path("werkruimte/", views.workspace, name="workspace"),
    path("werkruimte/<slug:slug>/", views.workspace_detail, name="workspace_detail"),
    path(
        "werkruimte/<slug:slug>/feedback/<int:pk>/gelezen/",
        views.workspace_feedback_read,
        name="workspace_feedback_read",
    ),
    path("werkruimte/<slug:slug>/status/", views.workspace_status, name="workspace_status"),
    path("werkruimte/<slug:slug>/gegevens/", views.workspace_basics, name="workspace_basics"),
    path("werkruimte/<slug:slug>/doelen/", views.workspace_goals, name="workspace_goals"),
    path(
        "werkruimte/<slug:slug>/doelen/nieuw/",
        views.workspace_goal_create,
        name="workspace_goal_create",
    ),
    path(
        "werkruimte/<slug:slug>/doelen/<int:pk>/",
        views.workspace_goal_edit,
        name="workspace_goal_edit",
    ),
    path("werkruimte/<slug:slug>/geschiedenis/", views.workspace_history, name="workspace_history"),
    path("werkruimte/<slug:slug>/team/", views.workspace_team, name="workspace_team"),
    path(
        "werkruimte/<slug:slug>/team/uitnodiging/<int:pk>/opnieuw/",
        views.workspace_invitation_resend,
        name="workspace_invitation_resend",
    ),
    path(
        "werkruimte/<slug:slug>/team/uitnodiging/<int:pk>/intrekken/",
        views.workspace_invitation_revoke,
        name="workspace_invitation_revoke",
    ),
    path(
        "werkruimte/<slug:slug>/team/rol/<int:pk>/verwijderen/",
        views.workspace_role_remove,
        name="workspace_role_remove",
    ),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
]
