from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin

from coalitions import extensions
from common.import_admin import AllOrNothingImportExportMixin
from partners.models import (
    CoalitionPartner,
    ContactPerson,
    Organisation,
    PartnerRelation,
    PartnerRole,
    ReferralPath,
    ReferralStep,
)
from partners.resources import (
    CoalitionPartnerResource,
    ContactPersonResource,
    OrganisationResource,
)


class ContactPersonInline(admin.TabularInline):
    """On a partnership: the coalition's own contact people at the organisation."""

    model = ContactPerson
    fields = ["name", "function", "email", "phone"]
    extra = 0


class PartnershipInline(admin.TabularInline):
    """On an organisation: the coalitions it takes part in."""

    model = CoalitionPartner
    fields = ["coalition", "role", "levels", "since", "until"]
    autocomplete_fields = ["coalition"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("coalition")


class OneTrekkerFormSet(BaseInlineFormSet):
    """Each row is checked against the database (CoalitionPartner.validate_constraints); two
    new trekkers in one submission are only visible together, so they are checked here,
    with the constraint's own message, instead of failing in the database."""

    def clean(self):
        super().clean()
        trekkers = [
            form
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("role") == PartnerRole.TREKKER
            and form.cleaned_data.get("until") is None
        ]
        if len(trekkers) > 1:
            constraint = next(
                c
                for c in CoalitionPartner._meta.constraints
                if c.name == "one_running_trekker_per_coalition"
            )
            raise ValidationError(constraint.get_violation_error_message())


class CoalitionPartnerInline(admin.TabularInline):
    """On a coalition: its partner organisations, ended partnerships included."""

    model = CoalitionPartner
    formset = OneTrekkerFormSet
    fields = ["organisation", "role", "levels", "since", "until"]
    autocomplete_fields = ["organisation"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organisation")


extensions.admin_inlines.register(CoalitionPartnerInline)


@admin.register(Organisation)
class OrganisationAdmin(AllOrNothingImportExportMixin, ImportExportModelAdmin):
    resource_classes = [OrganisationResource]
    list_display = ["name", "category", "domain", "place", "postcode", "has_map_position"]
    list_filter = ["domain", "category", "place"]
    search_fields = ["name", "place", "postcode", "kvk_number"]
    # Contact people belong to a partnership (each coalition its own): see the partnership.
    inlines = [PartnershipInline]
    fieldsets = [
        (None, {"fields": ["name", "kvk_number", "category", "domain", "website"]}),
        (
            _("Adres en kaart"),
            {"fields": ["address", "postcode", "place", "latitude", "longitude"]},
        ),
    ]

    @admin.display(description=_("op de kaart"), boolean=True)
    def has_map_position(self, obj):
        return obj.has_coordinates


@admin.register(CoalitionPartner)
class CoalitionPartnerAdmin(AllOrNothingImportExportMixin, ImportExportModelAdmin):
    resource_classes = [CoalitionPartnerResource]
    list_display = ["organisation", "coalition", "role", "levels", "since", "until"]
    list_filter = ["role", "organisation__domain", "organisation__category", "coalition"]
    search_fields = ["organisation__name", "coalition__name"]
    list_select_related = ["organisation", "coalition"]
    autocomplete_fields = ["organisation", "coalition"]
    inlines = [ContactPersonInline]


@admin.register(ContactPerson)
class ContactPersonAdmin(AllOrNothingImportExportMixin, ImportExportModelAdmin):
    resource_classes = [ContactPersonResource]
    list_display = ["name", "function", "organisation", "coalition", "email", "phone"]
    list_filter = ["partnership__organisation__domain", "partnership__coalition"]
    search_fields = ["name", "email", "partnership__organisation__name"]
    list_select_related = ["partnership__organisation", "partnership__coalition"]
    autocomplete_fields = ["partnership"]

    @admin.display(description=_("organisatie"), ordering="partnership__organisation__name")
    def organisation(self, obj):
        return obj.partnership.organisation.name

    @admin.display(description=_("coalitie"), ordering="partnership__coalition__name")
    def coalition(self, obj):
        return obj.partnership.coalition.name

    def has_export_permission(self, request):
        # Personal data leaves the app only with a personal grant (docs/pharos.md, Pharos' rights).
        return request.user.has_perm("partners.export_contactperson")

    def export_admin_action(self, request, queryset):
        if not self.has_export_permission(request):
            raise PermissionDenied
        return super().export_admin_action(request, queryset)


@admin.register(PartnerRelation)
class PartnerRelationAdmin(admin.ModelAdmin):
    """Relations between partners; the model's clean() and constraints apply here as in the
    workspace (same coalition, dates within both partnerships, one running relation)."""

    list_display = ["source_name", "kind", "target_name", "coalition", "since", "until", "internal"]
    list_filter = ["kind", "internal", "coalition"]
    search_fields = [
        "source__organisation__name",
        "target__organisation__name",
        "coalition__name",
        "note",
    ]
    list_select_related = ["source__organisation", "target__organisation", "coalition"]
    autocomplete_fields = ["coalition", "source", "target"]
    fields = [
        "coalition",
        "source",
        "kind",
        "target",
        "since",
        "until",
        "basis_type",
        "basis_id",
        "note",
        "internal",
    ]

    @admin.display(description=_("van"), ordering="source__organisation__name")
    def source_name(self, obj):
        return obj.source.organisation.name

    @admin.display(description=_("met / naar"), ordering="target__organisation__name")
    def target_name(self, obj):
        return obj.target.organisation.name


class ReferralStepInline(admin.TabularInline):
    model = ReferralStep
    fields = ["position", "from_partner", "to_partner", "actor", "handover"]
    autocomplete_fields = ["from_partner", "to_partner"]
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("from_partner__organisation", "to_partner__organisation")
        )


@admin.register(ReferralPath)
class ReferralPathAdmin(admin.ModelAdmin):
    """Zorgpaden with their steps; a step's partners must be partners of the path's
    coalition (ReferralStep.clean() and a database trigger)."""

    list_display = ["title", "coalition", "updated_at"]
    list_filter = ["coalition"]
    search_fields = ["title", "coalition__name"]
    list_select_related = ["coalition"]
    autocomplete_fields = ["coalition"]
    inlines = [ReferralStepInline]
