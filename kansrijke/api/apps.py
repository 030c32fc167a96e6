from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "kansrijke.api"
    label = "api"
    verbose_name = "Open data-API"
    default_auto_field = "django.db.models.BigAutoField"
