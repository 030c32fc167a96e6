"""Import-export resources for partners (django-import-export)."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.instance_loaders import ModelInstanceLoader

from coalitions.models import Coalition
from common.imports import (
    AllOrNothingResource,
    BulkResource,
    ChoiceLabelWidget,
    DateWidget,
    DecimalWidget,
    TextWidget,
    has_nul,
)
from partners.models import (
    CATEGORY_DOMAIN,
    Category,
    CoalitionPartner,
    ContactPerson,
    Domain,
    Level,
    Organisation,
    PartnerRole,
    normalise_postcode,
)
from partners.permissions import coalition_partnerships

# --- Admin import/export ---------------------------------------------------------------------
# Organisations, coalition partners and contact people in CSV and XLSX through the admin.
# Columns carry Dutch names; choices are written as their Dutch label and read as label or code.
# Organisations are matched by their stable key (Organisation.objects.matching: KvK number,
# else name + postcode), so importing the same file twice updates instead of duplicating.


class LevelsWidget(widgets.Widget):
    """Levels as one cell: 'Politiek-bestuurlijk, Uitvoering' (labels or codes)."""

    item = ChoiceLabelWidget(Level)

    def describe(self):
        return _("Eén of meer, gescheiden door komma's:"), self.item.describe()[1]

    def clean(self, value, row=None, **kwargs):
        parts = [p for p in str(value or "").replace(";", ",").split(",") if p.strip()]
        return [self.item.clean(p) for p in parts]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(self.item.render(v) for v in value or [])


class OrganisationKeyWidget(widgets.Widget):
    """An organisation by its stable key, read from the row's organisation columns."""

    def describe(self):
        return _(
            "De naam van een organisatie die al bestaat; organisatie_kvk of "
            "organisatie_postcode helpen bij gelijke namen."
        ), []

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        name = str(value or "").strip()
        if not name:
            raise ValueError(_("De organisatie ontbreekt."))
        found = list(
            Organisation.objects.matching(
                kvk_number=TextWidget().clean(row.get("organisatie_kvk")),
                name=name,
                postcode=row.get("organisatie_postcode"),
            )[:2]
        )
        if not found:
            raise ValueError(
                _(
                    "Geen organisatie ‘%(name)s’ met deze KvK/postcode gevonden; importeer eerst "
                    "de organisaties."
                )
                % {"name": name}
            )
        if len(found) > 1:
            raise ValueError(
                _("Meer dan één organisatie ‘%(name)s’ past; vul het KvK-nummer in.")
                % {"name": name}
            )
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class CoalitionSlugWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Coalition, field="slug")

    def describe(self):
        return _("De korte naam van de coalitie, zoals in het adres van haar pagina (delft)."), []

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(str(value or "").strip(), row, **kwargs)
        except Coalition.DoesNotExist:
            raise ValueError(_("Geen coalitie met slug ‘%(value)s’.") % {"value": value}) from None


class OrganisationResource(BulkResource):
    """Organisations, matched by their stable key (`OrganisationMatcher`).

    Fast by design (`make bench`: 5,000 organisations from XLSX): the organisations a file
    can mean are read in one query (`before_import`), rows are written in batches
    (BulkResource); every field is still checked (KvK number, postcode, website, category,
    coordinates in the Netherlands). An organisation appears at most once in a file: a second
    row for it is refused and names the first one's line.
    """

    name = fields.Field(attribute="name", column_name="naam", widget=TextWidget())
    kvk_number = fields.Field(attribute="kvk_number", column_name="kvk_nummer", widget=TextWidget())
    category = fields.Field(
        attribute="category", column_name="categorie", widget=ChoiceLabelWidget(Category)
    )
    domain = fields.Field(
        attribute="domain", column_name="domein", widget=ChoiceLabelWidget(Domain, required=False)
    )
    address = fields.Field(attribute="address", column_name="adres", widget=TextWidget())
    postcode = fields.Field(attribute="postcode", column_name="postcode", widget=TextWidget())
    place = fields.Field(attribute="place", column_name="plaats", widget=TextWidget())
    latitude = fields.Field(
        attribute="latitude", column_name="breedtegraad", widget=DecimalWidget(example="52,0116")
    )
    longitude = fields.Field(
        attribute="longitude", column_name="lengtegraad", widget=DecimalWidget(example="4,3571")
    )
    website = fields.Field(attribute="website", column_name="website", widget=TextWidget())

    class Meta(BulkResource.Meta):
        model = Organisation
        fields = (
            "name",
            "kvk_number",
            "category",
            "domain",
            "address",
            "postcode",
            "place",
            "latitude",
            "longitude",
            "website",
        )
        # `naam` must be present; the real matching is the stable key in get_instance().
        import_id_fields = ("name",)
        report_skipped = True
        # get_instance finds organisations among those read in before_import, no query.
        instance_loader_class = ModelInstanceLoader

    @staticmethod
    def row_key(row) -> dict | None:
        """The stable key of a row, or None for a row with a NUL character (refused in
        before_import_row; PostgreSQL cannot even look it up)."""
        cells = [row.get("kvk_nummer"), row.get("naam"), row.get("postcode")]
        if any(has_nul(cell) for cell in cells):
            return None
        return {
            "kvk_number": TextWidget().clean(cells[0]),
            "name": cells[1],
            "postcode": normalise_postcode(cells[2]),
        }

    def before_import(self, dataset, **kwargs):
        # The organisations this file can mean, in one query; rows accepted are added as the
        # import goes, so a later row for the same organisation is found (and refused).
        keys = [key for row in dataset.dict if (key := self.row_key(row)) is not None]
        self._matcher = Organisation.objects.matcher(keys)
        self._lines: dict[int, int] = {}  # id(organisation) -> line of its row in the file
        self._row_number = None

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        self._row_number = kwargs.get("row_number")
        if "postcode" in row:
            row["postcode"] = normalise_postcode(row["postcode"])
        # An empty domain means "follows from the category", as in the admin; filling it in here
        # keeps a re-import of an exported file from counting as a change.
        if "domein" in row and not str(row.get("domein") or "").strip():
            try:
                category = self.fields["category"].widget.clean(row.get("categorie"))
            except ValueError:
                return  # the category column reports its own error
            row["domein"] = CATEGORY_DOMAIN.get(category, Domain.OVERIG)

    def get_instance(self, instance_loader, row):
        found = self._matcher.find(**self.row_key(row))
        earlier = [self._lines[id(o)] for o in found if id(o) in self._lines]
        if earlier:
            raise ValidationError(
                {
                    "naam": _(
                        "Deze organisatie staat ook op regel %(line)s; een organisatie mag "
                        "één keer in het bestand staan."
                    )
                    % {"line": self.file_line(min(earlier))}
                }
            )
        instance = found[0] if found else None
        if instance is not None:
            self._lines[id(instance)] = self._row_number
        return instance

    def import_instance(self, instance, row, **kwargs):
        kvk_before = instance.kvk_number
        super().import_instance(instance, row, **kwargs)
        # A file without KvK numbers does not erase the ones already known.
        if kvk_before and not instance.kvk_number:
            instance.kvk_number = kvk_before

    def before_save_instance(self, instance, row, **kwargs):
        # bulk_create/bulk_update skip Organisation.save(): its default domain and the stamp.
        instance.set_default_domain()
        instance.updated_at = timezone.now()
        if instance.pk is None:
            self._lines[id(instance)] = self._row_number
        # Later rows find it under its new name and KvK number too.
        self._matcher.add(instance)

    def get_bulk_update_fields(self):
        # Every column, the name too: `naam` is an import id only so that the column is
        # required (import-export leaves id fields out of the update).
        return [*self.fields, "updated_at"]


class PartnerSinceWidget(DateWidget):
    """`sinds` is required in a file. An import mostly records partnerships that began in the
    past: "today" for an empty cell would misdate them and leave them out of every earlier
    report, so the row is refused and names the column instead."""

    def clean(self, value, row=None, **kwargs):
        since = super().clean(value, row, **kwargs)
        if since is None:
            raise ValueError(
                _(
                    "Vul ‘sinds’ in: de dag waarop de organisatie partner werd, "
                    "bijvoorbeeld 2024-06-01."
                )
            )
        return since


def describe_organisation_key(column):
    """The helper columns that find an organisation by its stable key (import page)."""
    if column == "organisatie_kvk":
        return _("KvK-nummer van de organisatie; helpt bij gelijke namen."), []
    if column == "organisatie_postcode":
        return _("Postcode van de organisatie; helpt bij gelijke namen zonder KvK-nummer."), []
    return None


class CoalitionPartnerResource(AllOrNothingResource):
    """Partnerships; a row is matched on coalition + organisation + `sinds`."""

    required_columns = ("coalitie", "organisatie", "sinds")

    def describe_column(self, column):
        return describe_organisation_key(column)

    coalition = fields.Field(
        attribute="coalition", column_name="coalitie", widget=CoalitionSlugWidget()
    )
    organisation = fields.Field(
        attribute="organisation", column_name="organisatie", widget=OrganisationKeyWidget()
    )
    # Export-only: help the import find the organisation by its stable key.
    organisation_kvk = fields.Field(
        attribute="organisation__kvk_number", column_name="organisatie_kvk", readonly=True
    )
    organisation_postcode = fields.Field(
        attribute="organisation__postcode", column_name="organisatie_postcode", readonly=True
    )
    role = fields.Field(attribute="role", column_name="rol", widget=ChoiceLabelWidget(PartnerRole))
    levels = fields.Field(attribute="levels", column_name="niveaus", widget=LevelsWidget())
    since = fields.Field(attribute="since", column_name="sinds", widget=PartnerSinceWidget())
    until = fields.Field(attribute="until", column_name="tot", widget=DateWidget())

    class Meta:
        model = CoalitionPartner
        fields = (
            "coalition",
            "organisation",
            "organisation_kvk",
            "organisation_postcode",
            "role",
            "levels",
            "since",
            "until",
        )
        import_id_fields = ("coalition", "organisation")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def get_queryset(self):
        return super().get_queryset().select_related("coalition", "organisation")

    def get_instance(self, instance_loader, row):
        try:
            coalition = self.fields["coalition"].clean(row)
            organisation = self.fields["organisation"].clean(row)
            since = self.fields["since"].clean(row)
        except (ValueError, KeyError):
            return None  # import_instance reports the bad cell
        return CoalitionPartner.objects.filter(
            coalition=coalition, organisation=organisation, since=since
        ).first()


class PartnershipKeyWidget(widgets.Widget):
    """The running partnership of the row's coalition (`coalitie`, a slug) with the row's
    organisation (its stable key, as OrganisationKeyWidget): a contact person belongs to one
    coalition's partnership, never to the shared organisation."""

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        coalition = CoalitionSlugWidget().clean(row.get("coalitie"), row)
        if coalition is None:
            raise ValueError(_("De coalitie ontbreekt."))
        organisation = OrganisationKeyWidget().clean(value, row)
        partnership = (
            coalition_partnerships(coalition, running=True)
            .filter(organisation=organisation)
            .select_related("coalition", "organisation")
            .first()
        )
        if partnership is None:
            raise ValueError(
                _("‘%(organisation)s’ is geen lopende partner van coalitie ‘%(coalition)s’.")
                % {"organisation": organisation.name, "coalition": coalition.slug}
            )
        return partnership

    def render(self, value, obj=None, **kwargs):
        return value.organisation.name if value else ""


class ContactPersonResource(AllOrNothingResource):
    """Contact people (personal data) of a coalition's partnership; a row is matched on
    coalition + organisation + name."""

    required_columns = ("coalitie", "organisatie", "naam")

    def describe_column(self, column):
        if column == "coalitie":
            return CoalitionSlugWidget().describe()
        return describe_organisation_key(column)

    coalition = fields.Field(
        attribute="partnership__coalition__slug", column_name="coalitie", readonly=True
    )
    partnership = fields.Field(
        attribute="partnership", column_name="organisatie", widget=PartnershipKeyWidget()
    )
    organisation_kvk = fields.Field(
        attribute="partnership__organisation__kvk_number",
        column_name="organisatie_kvk",
        readonly=True,
    )
    organisation_postcode = fields.Field(
        attribute="partnership__organisation__postcode",
        column_name="organisatie_postcode",
        readonly=True,
    )
    name = fields.Field(attribute="name", column_name="naam", widget=TextWidget())
    function = fields.Field(attribute="function", column_name="functie", widget=TextWidget())
    email = fields.Field(attribute="email", column_name="email", widget=TextWidget())
    phone = fields.Field(attribute="phone", column_name="telefoon", widget=TextWidget())

    class Meta:
        model = ContactPerson
        fields = (
            "coalition",
            "partnership",
            "organisation_kvk",
            "organisation_postcode",
            "name",
            "function",
            "email",
            "phone",
        )
        import_id_fields = ("partnership", "name")
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("partnership__coalition", "partnership__organisation")
        )

    def get_instance(self, instance_loader, row):
        try:
            partnership = self.fields["partnership"].clean(row)
        except (ValueError, KeyError):
            return None  # import_instance reports the bad cell
        return ContactPerson.objects.filter(
            partnership=partnership, name__iexact=str(row.get("naam") or "").strip()
        ).first()


# --- Partner map ---


class PartnerMapResource(resources.ModelResource):
    """The partner map's list as a spreadsheet: one row per partner organisation.

    Export only. Contact people (personal data) are a column only with
    `include_contacts=True`, which the view passes for users who may see them on the page.
    Export a list of partnerships loaded with `for_map()` (and `with_contacts()` when
    contacts are included): every value then comes from memory, no query per row.
    """

    organisation = fields.Field(column_name=gettext_lazy("organisatie"))
    domain = fields.Field(column_name=gettext_lazy("domein"))
    category = fields.Field(column_name=gettext_lazy("categorie"))
    role = fields.Field(column_name=gettext_lazy("rol"))
    levels = fields.Field(column_name=gettext_lazy("niveaus"))
    since = fields.Field(
        attribute="since", column_name=gettext_lazy("partner sinds"), widget=DateWidget()
    )
    address = fields.Field(attribute="organisation__address", column_name=gettext_lazy("adres"))
    postcode = fields.Field(
        attribute="organisation__postcode", column_name=gettext_lazy("postcode")
    )
    place = fields.Field(attribute="organisation__place", column_name=gettext_lazy("plaats"))
    website = fields.Field(attribute="organisation__website", column_name=gettext_lazy("website"))
    latitude = fields.Field(
        attribute="organisation__latitude",
        column_name=gettext_lazy("breedtegraad"),
        widget=DecimalWidget(),
    )
    longitude = fields.Field(
        attribute="organisation__longitude",
        column_name=gettext_lazy("lengtegraad"),
        widget=DecimalWidget(),
    )
    contacts = fields.Field(column_name=gettext_lazy("contactpersonen"))

    CONTACT_FIELDS = ("contacts",)

    class Meta:
        model = CoalitionPartner
        fields = (
            "organisation",
            "domain",
            "category",
            "role",
            "levels",
            "since",
            "address",
            "postcode",
            "place",
            "website",
            "latitude",
            "longitude",
            "contacts",
        )

    def __init__(self, *, include_contacts=False, **kwargs):
        super().__init__(**kwargs)
        if not include_contacts:
            for name in self.CONTACT_FIELDS:
                del self.fields[name]

    def dehydrate_organisation(self, partnership):
        return partnership.organisation.name

    def dehydrate_domain(self, partnership):
        return str(partnership.organisation.get_domain_display())

    def dehydrate_category(self, partnership):
        return str(partnership.organisation.get_category_display())

    def dehydrate_role(self, partnership):
        return str(partnership.get_role_display())

    def dehydrate_levels(self, partnership):
        return ", ".join(str(label) for label in partnership.level_labels)

    def dehydrate_contacts(self, partnership):
        return "; ".join(
            " ".join(
                part
                for part in (
                    c.name,
                    f"({c.function})" if c.function else "",
                    c.email,
                    c.phone,
                )
                if part
            )
            for c in partnership.contact_list
        )
