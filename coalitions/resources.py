"""Import-export of gemeenten: Pharos loads CBS's yearly list through the admin."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from coalitions.models import Gemeente, Province
from common.imports import AllOrNothingResource, BooleanWidget, ChoiceLabelWidget


def normalise_cbs_code(value) -> str:
    """CBS writes gemeentecodes as "GM0503" or as the bare number "0503" / "503" (or 503.0 from
    a spreadsheet); all of them are "GM0503". Anything else is returned trimmed, upper case."""
    code = str(value if value is not None else "").strip().upper().removesuffix(".0")
    # isdecimal() on ASCII only: "²".isdigit() is true but int("²") fails (found by fuzzing).
    if code and code.isascii() and code.isdecimal():
        return f"GM{int(code):04d}"
    return code


class GemeenteResource(AllOrNothingResource):
    def describe_column(self, column):
        if column == "gemeentecode":
            return _("CBS-code, bijvoorbeeld GM0503 (of 0503, 503)."), []
        if column == "ggd_regio":
            return _("Naam van de GGD-regio."), []
        return None

    cbs_code = fields.Field(attribute="cbs_code", column_name="gemeentecode")
    name = fields.Field(attribute="name", column_name="gemeentenaam")
    province = fields.Field(
        attribute="province",
        column_name="provincie",
        # A province by name ('Zuid-Holland') or code ('ZH'); written as the name.
        widget=ChoiceLabelWidget(
            Province,
            aliases={"friesland": Province.FRIESLAND},
            unknown=gettext_lazy("Onbekende provincie: ‘%(value)s’."),
        ),
    )
    ggd_region = fields.Field(attribute="ggd_region", column_name="ggd_regio")
    # An empty cell means yes: the gemeente still exists.
    active = fields.Field(
        attribute="active", column_name="actief", widget=BooleanWidget(empty=True)
    )

    class Meta:
        model = Gemeente
        fields = ("cbs_code", "name", "province", "ggd_region", "active")
        import_id_fields = ("cbs_code",)
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True
        use_transactions = True

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        code = normalise_cbs_code(row.get("gemeentecode"))
        row["gemeentecode"] = code
        if not code:
            raise ValidationError(_("De gemeentecode ontbreekt."))
