from django.contrib import admin, messages
from django.utils.translation import gettext as _

from kansrijke.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Superusers make and revoke tokens; the token itself is shown once, after saving."""

    list_display = ["name", "prefix", "user", "active", "created_at"]
    list_filter = ["active"]
    readonly_fields = ["prefix", "created_at"]
    fields = ["name", "user", "active", "prefix", "created_at"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    has_add_permission = has_change_permission = has_delete_permission = (
        lambda self, request, obj=None: request.user.is_active and request.user.is_superuser
    )

    def save_model(self, request, obj, form, change):
        token = None if change else obj.new_token()
        super().save_model(request, obj, form, change)
        if token:
            messages.warning(
                request,
                _(
                    "De token is: %(token)s — kopieer hem nu, hij wordt niet bewaard en is "
                    "later niet meer te zien."
                )
                % {"token": token},
            )
