from django import forms
from django.contrib import admin
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from experiments.forms import AgreementForm, WorkItemForm
from experiments.models import (
    Agreement,
    Bottleneck,
    Escalation,
    EscalationLevel,
    Result,
    Signatory,
    Theme,
    WorkItem,
    WorkItemReview,
)


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "coalition", "order"]
    list_filter = ["coalition"]
    search_fields = ["name", "coalition__name"]
    list_select_related = ["coalition"]
    autocomplete_fields = ["coalition"]
    ordering = ["coalition__name", "order"]


class WorkItemAdminForm(forms.ModelForm):
    class Meta:
        model = WorkItem
        fields = ["coalition", *WorkItemForm.Meta.fields]

    def clean(self):
        cleaned = super().clean()
        coalition = cleaned.get("coalition")
        if coalition is None:
            return cleaned
        for name, message in [
            ("themes", _("Kies alleen thema's van deze coalitie.")),
            ("partners", _("Kies alleen partners van deze coalitie.")),
        ]:
            if any(obj.coalition_id != coalition.pk for obj in cleaned.get(name) or []):
                self.add_error(name, message)
        return cleaned


class ResultInline(admin.StackedInline):
    """Results and lessons, where an editor expects them: under their item."""

    model = Result
    fields = [
        "date",
        "outcome",
        "worked",
        "did_not_work",
        "lessons",
        "figure",
        "figure_label",
        "indicator",
    ]
    autocomplete_fields = ["indicator"]
    extra = 0


class WorkItemReviewInline(admin.TabularInline):
    """Where and when the item was discussed ("getoetst"), per level."""

    model = WorkItemReview
    fields = ["level", "reviewed_on", "meeting"]
    extra = 0


@admin.register(WorkItem)
class WorkItemAdmin(admin.ModelAdmin):
    form = WorkItemAdminForm
    inlines = [ResultInline, WorkItemReviewInline]
    list_display = [
        "title",
        "coalition",
        "kind",
        "status",
        "start_quarter",
        "end_quarter",
        "lead_partner_name",
        "published",
    ]
    list_filter = ["kind", "status", "published", "coalition"]
    search_fields = ["title", "description", "goal", "coalition__name"]
    list_select_related = ["coalition", "lead_partner__organisation"]
    autocomplete_fields = ["coalition", "lead_partner", "partners", "themes"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description=_("trekker"), ordering="lead_partner__organisation__name")
    def lead_partner_name(self, obj):
        return obj.lead_partner.organisation.name if obj.lead_partner else "–"


class EscalationInline(admin.TabularInline):
    """The escalation history: append-only, so read-only here (workspace adds steps)."""

    model = Escalation
    fields = ["sequence", "date", "from_level", "to_level", "escalated_by", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["sequence"]

    def has_add_permission(self, request, obj=None):
        return False


class OpenFilter(admin.SimpleListFilter):
    title = _("open of opgelost")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("ja", _("Open")), ("nee", _("Opgelost"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.open()
        if self.value() == "nee":
            return queryset.filter(resolved_on__isnull=False)
        return queryset


@admin.register(Bottleneck)
class BottleneckAdmin(admin.ModelAdmin):
    list_display = [
        "short_description",
        "work_item",
        "coalition",
        "level",
        "raised_on",
        "resolved_on",
    ]
    list_filter = [OpenFilter, "level", "work_item__coalition"]
    search_fields = ["description", "resolution", "work_item__title", "work_item__coalition__name"]
    list_select_related = ["work_item__coalition"]
    autocomplete_fields = ["work_item"]
    inlines = [EscalationInline]
    date_hierarchy = "raised_on"
    change_list_template = "admin/experiments/bottleneck/change_list.html"

    def get_readonly_fields(self, request, obj=None):
        # The level changes only through escalation steps, which keep the history.
        return ["level", "created_at"] if obj else ["created_at"]

    @admin.display(description=_("knelpunt"))
    def short_description(self, obj):
        return str(obj)

    @admin.display(description=_("coalitie"), ordering="work_item__coalition__name")
    def coalition(self, obj):
        return obj.work_item.coalition

    def get_urls(self):
        return [
            path(
                "overzicht/",
                self.admin_site.admin_view(self.overview_view),
                name="experiments_bottleneck_overview",
            ),
            *super().get_urls(),
        ]

    def overview_view(self, request):
        """Open bottlenecks per coalition and level, across all coalitions (one query)."""
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        levels = EscalationLevel.values
        counts: dict[tuple[int, str], dict[str, int]] = {}
        for coalition_id, name, level, n in (
            Bottleneck.objects.open()
            .values("work_item__coalition", "work_item__coalition__name", "level")
            .annotate(n=Count("pk"))
            .values_list("work_item__coalition", "work_item__coalition__name", "level", "n")
        ):
            counts.setdefault((coalition_id, name), {})[level] = n
        changelist = reverse("admin:experiments_bottleneck_changelist")
        rows = [
            {
                "coalition": {"pk": coalition_id, "name": name},
                "cells": [
                    (
                        per_level.get(level, 0),
                        f"{changelist}?open=ja&level={level}"
                        f"&work_item__coalition__id__exact={coalition_id}",
                    )
                    for level in levels
                ],
            }
            for (coalition_id, name), per_level in sorted(counts.items(), key=lambda kv: kv[0][1])
        ]
        totals = [sum(r["cells"][i][0] for r in rows) for i in range(len(levels))]
        context = {
            **self.admin_site.each_context(request),
            "title": _("Open knelpunten per niveau, alle coalities"),
            "opts": self.model._meta,
            "level_labels": [EscalationLevel(level).label for level in levels],
            "rows": rows,
            "totals": totals,
        }
        return TemplateResponse(request, "admin/experiments/bottleneck/overview.html", context)


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    """Read-only: steps are added through the workspace and never changed."""

    list_display = ["bottleneck", "sequence", "date", "from_level", "to_level", "escalated_by"]
    list_filter = ["to_level", "bottleneck__work_item__coalition"]
    list_select_related = ["bottleneck"]
    search_fields = ["reason", "escalated_by", "bottleneck__description"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SignatoryInline(admin.TabularInline):
    model = Signatory
    fields = ["partner", "signer_name", "signer_function"]
    autocomplete_fields = ["partner"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner__organisation")


class AgreementAdminForm(AgreementForm):
    class Meta(AgreementForm.Meta):
        fields = ["coalition", *AgreementForm.Meta.fields]


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    form = AgreementAdminForm
    list_display = [
        "title",
        "coalition",
        "kind",
        "signed_on",
        "place",
        "signatory_count",
        "has_pdf",
    ]
    list_filter = ["kind", "signed_on", "coalition"]
    search_fields = ["title", "place", "coalition__name"]
    list_select_related = ["coalition"]
    autocomplete_fields = ["coalition"]
    inlines = [SignatoryInline]
    date_hierarchy = "signed_on"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(n_signatories=Count("signatories"))

    @admin.display(description=_("ondertekenaars"), ordering="n_signatories")
    def signatory_count(self, obj):
        return obj.n_signatories

    @admin.display(description=_("pdf"), boolean=True)
    def has_pdf(self, obj):
        return bool(obj.pdf)
