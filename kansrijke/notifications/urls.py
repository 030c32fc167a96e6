from django.urls import path

from kansrijke.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("afmelden/<str:signed>/", views.unsubscribe, name="unsubscribe"),
]
