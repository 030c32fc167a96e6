from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from common.import_admin import AllOrNothingImportExportMixin
from common.numbers import format_decimal
from pijlers.models import (
    Assessment,
    AssessmentAnswer,
    CrossCuttingElement,
    ExpertiseCoverage,
    Indicator,
    Intervention,
    Measurement,
    NeededExpertise,
    Offering,
    Pillar,
    PillarQuestion,
    Target,
)
from pijlers.resources import MeasurementResource


class PillarQuestionInline(admin.TabularInline):
    model = PillarQuestion
    fields = ["order", "text", "active"]
    extra = 0


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "short_name"]
    search_fields = ["name"]
    inlines = [PillarQuestionInline]


@admin.register(PillarQuestion)
class PillarQuestionAdmin(admin.ModelAdmin):
    list_display = ["pillar", "element", "order", "text", "active"]
    list_filter = ["pillar", "element", "active"]
    search_fields = ["text"]
    list_select_related = ["pillar", "element"]


@admin.register(CrossCuttingElement)
class CrossCuttingElementAdmin(admin.ModelAdmin):
    list_display = ["order", "name", "short_name"]
    search_fields = ["name"]
    inlines = [PillarQuestionInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    """Targets are the coalition's own (set in the workspace); Pharos reads them here."""

    list_display = ["coalition", "pillar", "element", "level", "target_date", "updated_at"]
    list_filter = ["pillar", "element", "level"]
    search_fields = ["coalition__name"]
    list_select_related = ["coalition", "pillar", "element"]


class AssessmentAnswerInline(admin.TabularInline):
    model = AssessmentAnswer
    fields = ["question", "text"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("question__pillar")


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    """Append-only history: read in the admin, written through the workspace."""

    list_display = ["coalition", "pillar", "element", "date", "level", "author", "created_at"]
    list_filter = ["pillar", "element", "level", "coalition"]
    search_fields = ["coalition__name", "notes", "next_actions"]
    list_select_related = ["coalition", "pillar", "element", "author"]
    date_hierarchy = "date"
    inlines = [AssessmentAnswerInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "unit", "plausible", "direction", "source", "active", "order"]
    list_filter = ["direction", "active"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"code": ["name"]}

    @admin.display(description=_("toegestane waarden"))
    def plausible(self, obj):
        low, high = format_decimal(obj.min_value), format_decimal(obj.max_value)
        return f"{low or '…'} – {high or '…'}" if low or high else "–"


@admin.register(Measurement)
class MeasurementAdmin(AllOrNothingImportExportMixin, ImportExportModelAdmin):
    """Pharos and superusers import any gemeente and the national figures here; the export
    keeps text formula-safe and reads back unchanged (common.spreadsheets)."""

    resource_classes = [MeasurementResource]
    list_display = ["indicator", "where", "period", "shown_value", "small_numbers", "source"]
    list_filter = ["indicator", "small_numbers", ("gemeente", admin.EmptyFieldListFilter)]
    search_fields = ["indicator__name", "gemeente__name", "gemeente__cbs_code", "period"]
    list_select_related = ["indicator", "gemeente"]
    autocomplete_fields = ["gemeente"]
    readonly_fields = ["start_year", "end_year", "updated_at"]

    @admin.display(description=_("gemeente"), ordering="gemeente__name")
    def where(self, obj):
        return obj.where

    @admin.display(description=_("waarde"), ordering="value")
    def shown_value(self, obj):
        return format_decimal(obj.value)


@admin.register(Intervention)
class InterventionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "recognised"]
    list_filter = ["kind", "recognised"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Offering)
class OfferingAdmin(admin.ModelAdmin):
    list_display = ["intervention", "organisation", "coalition", "phases", "levels"]
    list_filter = ["intervention", "intervention__kind", "partner__coalition"]
    search_fields = [
        "intervention__name",
        "partner__organisation__name",
        "partner__coalition__name",
    ]
    list_select_related = ["intervention", "partner__organisation", "partner__coalition"]
    autocomplete_fields = ["partner", "intervention"]

    @admin.display(description=_("organisatie"), ordering="partner__organisation__name")
    def organisation(self, obj):
        return obj.partner.organisation.name

    @admin.display(description=_("coalitie"), ordering="partner__coalition__name")
    def coalition(self, obj):
        return obj.partner.coalition.name

    @admin.display(description=_("levensfasen"))
    def phases(self, obj):
        return obj.get_life_phases_display()

    @admin.display(description=_("kwetsbaarheid"))
    def levels(self, obj):
        return obj.get_vulnerability_levels_display()


class ExpertiseCoverageInline(admin.TabularInline):
    model = ExpertiseCoverage
    extra = 0
    autocomplete_fields = ["partner"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner__organisation")


@admin.register(NeededExpertise)
class NeededExpertiseAdmin(admin.ModelAdmin):
    list_display = ["name", "coalition", "order"]
    list_filter = ["coalition"]
    search_fields = ["name", "coalition__name"]
    list_select_related = ["coalition"]
    autocomplete_fields = ["coalition"]
    inlines = [ExpertiseCoverageInline]
