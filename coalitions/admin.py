from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import quote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from pghistory.admin import EventsAdmin
from pghistory.admin.core import EventModelFilter, LabelFilter

from coalitions import extensions
from coalitions.models import (
    Coalition,
    CoalitionGemeente,
    CoalitionRole,
    Feedback,
    Gemeente,
    Goal,
    Invitation,
    StatusUpdate,
)
from coalitions.resources import GemeenteResource
from common.history import file_names_in_diff
from common.import_admin import AllOrNothingImportExportMixin

admin.site.site_header = _("Kansrijke Start – Beheer")
admin.site.site_title = _("Kansrijke Start – Beheer")
admin.site.index_title = _("Overzicht")


@admin.register(Gemeente)
class GemeenteAdmin(AllOrNothingImportExportMixin, ImportExportModelAdmin):
    resource_classes = [GemeenteResource]
    list_display = ["name", "cbs_code", "province", "ggd_region", "active"]
    list_filter = ["province", "active", "ggd_region"]
    search_fields = ["name", "cbs_code"]
    ordering = ["name"]


class AdviserInUseFilter(admin.RelatedFieldListFilter):
    """Only the advisers that have coalitions, not every user in the system.

    Like RelatedOnlyFieldListFilter, without building the annotated changelist queryset a
    second time for it (that was the largest fixed cost of the changelist).
    """

    def field_choices(self, field, request, model_admin):
        in_use = model_admin.model.objects.order_by().values(field.attname)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, ordering=ordering, limit_choices_to={"pk__in": in_use}
        )


class StatusUpdateInline(admin.TabularInline):
    """The status history on a coalition: read-only, because updates are append-only."""

    model = StatusUpdate
    fields = ["date", "phase", "summary", "next_steps", "bottlenecks", "author"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-date", "-created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


class CoalitionGemeenteFormSet(forms.BaseInlineFormSet):
    def clean(self):
        """Rows of one submit checked against each other; each row's clean() checks those
        already stored."""
        super().clean()
        links = [
            form.instance
            for form in self.forms
            if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for i, link in enumerate(links):
            if any(link.overlaps(other) for other in links[i + 1 :]):
                raise ValidationError(
                    _("%(gemeente)s staat twee keer in dezelfde periode bij deze coalitie.")
                    % {"gemeente": link.gemeente}
                )


class CoalitionGemeenteInline(admin.TabularInline):
    """A coalition's gemeenten with their dates, running and ended. Pharos, who may not change
    a coalition, sees them here and assigns or ends them under "Gemeenten van coalities"."""

    model = CoalitionGemeente
    formset = CoalitionGemeenteFormSet
    fields = ["gemeente", "since", "until"]
    autocomplete_fields = ["gemeente"]
    extra = 0
    can_delete = False
    show_change_link = True
    ordering = ["-since", "gemeente__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("gemeente")


class RunningLinkFilter(admin.SimpleListFilter):
    title = _("lopend")
    parameter_name = "lopend"

    def lookups(self, request, model_admin):
        return [("ja", _("Lopend")), ("nee", _("Beëindigd of nog niet begonnen"))]

    def queryset(self, request, queryset):
        running = CoalitionGemeente.objects.running().values("pk")
        if self.value() == "ja":
            return queryset.filter(pk__in=running)
        if self.value() == "nee":
            return queryset.exclude(pk__in=running)
        return queryset


@admin.register(CoalitionGemeente)
class CoalitionGemeenteAdmin(admin.ModelAdmin):
    """Where Pharos assigns a gemeente to a coalition and ends that link (group rights:
    add and change this model only, never the coalition itself). A link is ended, not
    deleted, so the history and earlier reports stay right; moving a gemeente to another
    coalition is ending its link and adding a new one."""

    list_display = ["gemeente", "coalition", "since", "until", "running"]
    list_filter = [RunningLinkFilter, "gemeente__province"]
    search_fields = ["gemeente__name", "gemeente__cbs_code", "coalition__name"]
    list_select_related = ["gemeente", "coalition"]
    autocomplete_fields = ["coalition", "gemeente"]
    date_hierarchy = "since"

    def get_readonly_fields(self, request, obj=None):
        # Which gemeente of which coalition is the link itself; only its dates change.
        return ["coalition", "gemeente"] if obj is not None else []

    @admin.display(description=_("lopend"), boolean=True)
    def running(self, obj):
        return obj.is_running()


class CoalitionRoleInline(admin.TabularInline):
    model = CoalitionRole
    extra = 0
    autocomplete_fields = ["user"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")


class OnceReversedChangeList(ChangeList):
    """The change link of each row from one `reverse()` per page instead of one per row (a
    tenth of this changelist's rendering time): the same URLs, the pk put in place."""

    PK_MARK = "0pk0"

    def url_for_result(self, result):
        if not hasattr(self, "_change_url"):  # as ChangeList.url_for_result reverses it
            self._change_url = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=(self.PK_MARK,),
                current_app=self.model_admin.admin_site.name,
            )
        pk = quote(getattr(result, self.pk_attname))
        return self._change_url.replace(f"/{self.PK_MARK}/", f"/{pk}/")


@admin.register(Coalition)
class CoalitionAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "phase",
        "gemeenten_list",
        "last_update",
        "partner_count",
        "trekker",
        "pharos_adviser",
    ]
    list_filter = ["phase", "kind", "gemeenten__province", ("pharos_adviser", AdviserInUseFilter)]
    search_fields = ["name", "slug", "gemeenten__name", "gemeenten__cbs_code"]
    list_select_related = ["pharos_adviser"]
    autocomplete_fields = ["pharos_adviser"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]
    # Gemeenten are links with dates (the inline), not a plain choice on the coalition.
    exclude = ["gemeenten"]
    # The apps built on coalitions add theirs through `extensions.admin_inlines` (partners:
    # the partnerships), since imports run coalitions <- partners.
    inlines = [CoalitionGemeenteInline, StatusUpdateInline, CoalitionRoleInline]
    show_full_result_count = False
    # 50 rows render in half the time of Django's 100 (see `make bench`); filters and search
    # find a coalition faster than scrolling.
    list_per_page = 50

    def action_checkbox(self, obj):
        """Django's own checkbox, without rendering a form widget template for every row
        (that was a third of this page's rendering time)."""
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )

    def get_changelist(self, request, **kwargs):
        return OnceReversedChangeList

    def get_inlines(self, request, obj):
        return [*self.inlines, *extensions.admin_inlines]

    def get_queryset(self, request):
        # Correlated subqueries, evaluated for the shown page only through their indexes; a
        # join with COUNT(DISTINCT) grouped and sorted every partnership of every coalition
        # first (120 ms at 300 coalitions, see `make bench`).
        latest = StatusUpdate.objects.filter(coalition=OuterRef("pk")).order_by("-date")
        # The partners app builds on this one, so reach its model through the relation.
        partnership = Coalition._meta.get_field("partners").related_model
        active_partners = (
            partnership.objects.running()
            .filter(coalition=OuterRef("pk"))
            .order_by()
            .values("coalition")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            # The names in the same query: a prefetch built a related manager per row.
            .with_gemeente_names()
            .with_trekker()
            .annotate(
                last_update_date=Subquery(latest.values("date")[:1]),
                active_partner_count=Coalesce(Subquery(active_partners), 0),
            )
        )

    @admin.display(description=_("gemeenten"))
    def gemeenten_list(self, obj):
        return ", ".join(obj.gemeente_names)

    @admin.display(description=_("laatste statusupdate"), ordering="last_update_date")
    def last_update(self, obj):
        return obj.last_update_date

    @admin.display(description=_("partners"), ordering="active_partner_count")
    def partner_count(self, obj):
        return obj.active_partner_count

    @admin.display(description=_("trekker"), ordering="trekker_name", empty_value="–")
    def trekker(self, obj):
        return obj.trekker_name


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    """Append-only: an update can be added and read, never changed or deleted."""

    list_display = ["coalition", "date", "phase", "author", "created_at"]
    list_filter = ["phase", "date", "coalition__gemeenten__province"]
    search_fields = ["coalition__name", "summary", "next_steps", "bottlenecks"]
    list_select_related = ["coalition", "author"]
    autocomplete_fields = ["coalition", "author"]
    date_hierarchy = "date"

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            return [f.name for f in self.model._meta.fields]
        return []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        from coalitions.services import post_status_update

        if change:
            return
        if obj.author_id is None:
            obj.author = request.user
        post_status_update(
            coalition=obj.coalition,
            author=obj.author,
            date=obj.date,
            phase=obj.phase,
            summary=obj.summary,
            next_steps=obj.next_steps,
            bottlenecks=obj.bottlenecks,
            instance=obj,
        )


@admin.register(CoalitionRole)
class CoalitionRoleAdmin(admin.ModelAdmin):
    list_display = ["user", "coalition", "role"]
    list_filter = ["role", "coalition"]
    search_fields = ["user__username", "user__email", "coalition__name"]
    list_select_related = ["user", "coalition"]
    autocomplete_fields = ["user", "coalition"]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["coalition", "year", "description", "owner_name", "updated_at"]
    list_filter = ["year", "coalition"]
    search_fields = ["coalition__name", "description", "evaluation"]
    list_select_related = ["coalition", "owner__organisation"]
    autocomplete_fields = ["coalition"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("eigenaar"), ordering="owner__organisation__name")
    def owner_name(self, obj):
        return obj.owner.organisation.name if obj.owner else "–"


class _ActionFilter(LabelFilter):
    title = _("soort wijziging")


class _TableFilter(EventModelFilter):
    title = _("gegeven")


class HistoryAdmin(EventsAdmin):
    """The audit trail in Dutch: when, what, which object, who, on which page (read-only).

    Registered by pghistory.admin through `PGHISTORY_ADMIN_CLASS`; change forms link here with
    a "Geschiedenis" button (templates/admin/change_form_object_tools.html).
    """

    # One event's page shows its data and diff with file names, not storage paths.
    readonly_fields = ["data_shown", "diff_shown"]

    def get_list_display(self, request):
        return ["when", "action", "object_kind", "pgh_obj_id", "changes", "user", "url"]

    def get_fields(self, request, obj=None):
        shown = {"pgh_data": "data_shown", "pgh_diff": "diff_shown"}
        fields = super().get_fields(request, obj)
        return [shown.get(f, f) for f in fields if f not in self.readonly_fields]

    @admin.display(description=_("gegevens"))
    def data_shown(self, obj):
        return file_names_in_diff(obj.pgh_obj_model, obj.pgh_data or {})

    @admin.display(description=_("wijziging"))
    def diff_shown(self, obj):
        return file_names_in_diff(obj.pgh_obj_model, obj.pgh_diff or {}) or "–"

    def get_list_filter(self, request):
        return [
            {LabelFilter: _ActionFilter, EventModelFilter: _TableFilter}.get(f, f)
            for f in super().get_list_filter(request)
        ]

    @admin.display(description=_("wanneer"), ordering="pgh_created_at")
    def when(self, obj):
        return obj.pgh_created_at

    @admin.display(description=_("actie"))
    def action(self, obj):
        return {"insert": _("aangemaakt"), "update": _("gewijzigd"), "delete": _("verwijderd")}.get(
            obj.pgh_label, obj.pgh_label
        )

    @admin.display(description=_("soort"))
    def object_kind(self, obj):
        from django.apps import apps

        try:
            return apps.get_model(obj.pgh_obj_model)._meta.verbose_name
        except LookupError:
            return obj.pgh_obj_model

    @admin.display(description=_("wijzigingen"))
    def changes(self, obj):
        diff = file_names_in_diff(obj.pgh_obj_model, obj.pgh_diff or {})
        return "; ".join(
            f"{k}: {old} → {new}" for k, (old, new) in diff.items() if k != "updated_at"
        )


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    """Pharos' notes to a coalition; an adviser changes or deletes only their own."""

    list_display = ["coalition", "date", "author", "excerpt", "read_at"]
    list_filter = ["date", "coalition__gemeenten__province"]
    search_fields = ["coalition__name", "text"]
    list_select_related = ["coalition", "author"]
    autocomplete_fields = ["coalition"]
    fields = ["coalition", "date", "text", "author", "read_at", "read_by"]
    # Read is marked by the coalition's editors in their workspace, not by Pharos.
    readonly_fields = ["author", "read_at", "read_by"]
    date_hierarchy = "date"

    @admin.display(description=_("feedback"))
    def excerpt(self, obj):
        return obj.text if len(obj.text) <= 80 else f"{obj.text[:77]}..."

    def _is_own(self, request, obj):
        return obj is None or obj.author_id == request.user.pk or request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._is_own(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._is_own(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read-only: invitations are made on the team pages, which mail the one-time link."""

    list_display = [
        "email",
        "coalition",
        "role",
        "sent_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    list_filter = ["role", "coalition"]
    list_select_related = ["coalition"]
    search_fields = ["email", "coalition__name"]
    readonly_fields = [f.name for f in Invitation._meta.fields if f.name != "token_hash"]
    exclude = ["token_hash"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
