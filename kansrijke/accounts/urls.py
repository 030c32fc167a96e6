from django.urls import path

from kansrijke.accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password_reset/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("reset/klaar/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
]
