"""Audit log and change history in the admin: filter by period and user, export as CSV."""

import datetime

import tablib
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from coalitions.admin import HistoryAdmin
from common.history import file_names_in_diff
from common.spreadsheets import export_response
from kansrijke.models import AuditAction, AuditLogEntry

PERIODS = {
    "today": (_("Vandaag"), 0),
    "7d": (_("Afgelopen 7 dagen"), 7),
    "30d": (_("Afgelopen 30 dagen"), 30),
    "365d": (_("Afgelopen jaar"), 365),
}


class PeriodFilter(admin.SimpleListFilter):
    """Recent periods; exact ranges via the date fields `?at__gte=2026-01-01&at__lt=…`."""

    title = _("periode")
    parameter_name = "periode"
    field = "at"

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _days) in PERIODS.items()]

    def queryset(self, request, queryset):
        if self.value() not in PERIODS:
            return queryset
        days = PERIODS[self.value()][1]
        start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        start -= datetime.timedelta(days=days)
        return queryset.filter(**{f"{self.field}__gte": start})


class ChangePeriodFilter(PeriodFilter):
    field = "pgh_created_at"


class UserFilter(admin.SimpleListFilter):
    """The users that occur in the log (not every account)."""

    title = _("gebruiker")
    parameter_name = "gebruiker"
    field = "user"

    def lookups(self, request, model_admin):
        ids = (
            model_admin.get_queryset(request)
            .exclude(**{f"{self.field}__isnull": True})
            .values_list(self.field, flat=True)
            .distinct()
        )
        users = get_user_model().objects.filter(pk__in=list(ids)).order_by("username")
        return [(str(u.pk), u.get_username()) for u in users]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(**{self.field: int(self.value())})
        return queryset


def csv_response(filename, header, rows):
    """A semicolon CSV (what Dutch Excel opens in columns) through the one formula-safe
    exporter (common.spreadsheets)."""
    dataset = tablib.Dataset(*rows, headers=header)
    return export_response(dataset, "csv", filename.removesuffix(".csv"), delimiter=";")


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "username", "what", "ip_address"]
    list_filter = [PeriodFilter, UserFilter, "action"]
    search_fields = ["username", "what", "path"]
    date_hierarchy = "at"
    list_select_related = ["user"]
    actions = ["export_csv"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Geselecteerde regels exporteren als CSV"))
    def export_csv(self, request, queryset):
        from kansrijke.audit import record

        response = csv_response(
            "auditlog.csv",
            ["tijdstip", "handeling", "gebruiker", "wat", "ip-adres", "adres"],
            (
                (
                    e.at,  # the exporter writes dd-mm-jjjj uu:mm:ss, local time
                    e.get_action_display(),
                    e.username,
                    e.what,
                    e.ip_address or "",
                    e.path,
                )
                for e in queryset.order_by("at")
            ),
        )
        n = queryset.count()
        what = ngettext("Auditlog (%d regel)", "Auditlog (%d regels)", n) % n
        record(AuditAction.EXPORT, request=request, what=what)
        return response


class ChangeEventsAdmin(HistoryAdmin):
    """The Dutch history of all changes, with period and user filters and a CSV export."""

    actions = ["export_csv"]
    # No facet counts ("?_facets=True" gave a 500): pghistory's changelist cannot compute them
    # (its get_queryset() lacks Django 5's `exclude_parameters`), and each count would scan
    # every event table of the project once per filter option.
    show_facets = admin.ShowFacets.NEVER

    def get_changelist_instance(self, request):
        # One query for the users of the shown page instead of one per row.
        cl = super().get_changelist_instance(request)
        ids = {(e.pgh_context or {}).get("user") for e in cl.result_list} - {None}
        names = dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))
        for event in cl.result_list:
            event.username = names.get((event.pgh_context or {}).get("user"), "")
        return cl

    @admin.display(description=_("gebruiker"))
    def who(self, obj):
        return getattr(obj, "username", "")

    @admin.display(description=_("pagina"))
    def page(self, obj):
        return (obj.pgh_context or {}).get("url", "")

    def get_list_filter(self, request):
        return [ChangePeriodFilter, UserFilter, *super().get_list_filter(request)]

    def get_list_display(self, request):
        # The user's name comes from one query per page (get_changelist_instance), not per row.
        return ["who" if f == "user" else f for f in super().get_list_display(request)]

    @admin.action(description=_("Geselecteerde wijzigingen exporteren als CSV"))
    def export_csv(self, request, queryset):
        from kansrijke.audit import record

        users = dict(get_user_model().objects.values_list("pk", "username"))
        # Contact people's details leave the app only with the personal grant, as in the
        # contact export (docs/pharos.md, "Rechten van Pharos"): without it their changes are listed
        # but not what changed.
        with_contacts = request.user.has_perm("partners.export_contactperson")

        def diff(e):
            if e.pgh_obj_model == "partners.ContactPerson" and not with_contacts:
                return _("(persoonsgegevens, niet geëxporteerd)")
            return file_names_in_diff(e.pgh_obj_model, e.pgh_diff or {}) or e.pgh_diff

        response = csv_response(
            "wijzigingen.csv",
            ["tijdstip", "soort", "object", "id", "handeling", "gebruiker", "adres", "wijziging"],
            (
                (
                    e.pgh_created_at,  # dd-mm-jjjj uu:mm:ss, local time
                    # The header always named a kind and an object: without the kind's Dutch
                    # name every later column sat one to the left of its header.
                    str(self.object_kind(e)),
                    e.pgh_obj_model,
                    e.pgh_obj_id,
                    e.pgh_label,
                    users.get((e.pgh_context or {}).get("user"), ""),
                    (e.pgh_context or {}).get("url", ""),
                    diff(e),
                )
                for e in queryset.order_by("pgh_created_at")
            ),
        )
        record(AuditAction.EXPORT, request=request, what="Wijzigingen (CSV)")
        return response
