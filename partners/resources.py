"""Import-export resources for partners."""

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources

from partners.models import CoalitionPartner

# --- Partner map ---


class PartnerMapResource(resources.ModelResource):
    """The partner map's list as a spreadsheet: one row per partner organisation.

    Export only. Contact people (personal data) are a column only with
    `include_contacts=True`, which the view passes for users who may see them on the page.
    Export a list of partnerships loaded with `for_map()` (and `with_contacts()` when
    contacts are included): every value then comes from memory, no query per row.
    """

    organisation = fields.Field(column_name=_("organisatie"))
    domain = fields.Field(column_name=_("domein"))
    category = fields.Field(column_name=_("categorie"))
    role = fields.Field(column_name=_("rol"))
    levels = fields.Field(column_name=_("niveaus"))
    since = fields.Field(attribute="since", column_name=_("partner sinds"))
    address = fields.Field(attribute="organisation__address", column_name=_("adres"))
    postcode = fields.Field(attribute="organisation__postcode", column_name=_("postcode"))
    place = fields.Field(attribute="organisation__place", column_name=_("plaats"))
    website = fields.Field(attribute="organisation__website", column_name=_("website"))
    latitude = fields.Field(attribute="organisation__latitude", column_name=_("breedtegraad"))
    longitude = fields.Field(attribute="organisation__longitude", column_name=_("lengtegraad"))
    contacts = fields.Field(column_name=_("contactpersonen"))

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
            for c in partnership.organisation.contact_list
        )
