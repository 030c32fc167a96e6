"""Import-export of gemeenten: Pharos loads CBS's yearly list through the admin."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.instance_loaders import CachedInstanceLoader

from coalitions.models import Gemeente, Province


def has_nul(value) -> bool:
    return isinstance(value, str) and "\x00" in value


def refuse_nul_characters(row) -> None:
    """A row error per cell with a NUL character, before anything reads the row.

    PostgreSQL cannot store or even look up text with a NUL character: such a cell gave
    psycopg's English "PostgreSQL text fields cannot contain NUL (0x00) bytes" (found by
    fuzzing). Every importer calls this first in `before_import_row`.
    """
    bad = [column for column, value in row.items() if has_nul(value)]
    for column in bad:
        # The admin shows the refused row's cells: the replacement character marks the spot.
        row[column] = row[column].replace("\x00", "\ufffd")
    if bad:
        raise ValidationError(
            {
                column: _("De kolom ‘%(column)s’ bevat een ongeldig teken.") % {"column": column}
                for column in bad
            }
        )


class ProvinceWidget(widgets.Widget):
    """Reads a province by name ('Zuid-Holland') or code ('ZH'); writes the name."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        for code, label in Province.choices:
            if text.casefold() in (code.casefold(), label.casefold()):
                return code
        if text.casefold() == "friesland":
            return Province.FRIESLAND
        raise ValueError(_("Onbekende provincie: ‘%(value)s’.") % {"value": text})

    def render(self, value, obj=None, **kwargs):
        return Province(value).label if value else ""


class DutchBooleanWidget(widgets.BooleanWidget):
    """Accepts ja/nee as well as 1/0 and true/false; an empty cell means yes (still active)."""

    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "ja", "Ja", "JA", "j"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "nee", "Nee", "NEE", "n"]

    def clean(self, value, row=None, **kwargs):
        if value in ("", None):
            return True
        if value not in self.TRUE_VALUES and value not in self.FALSE_VALUES:
            raise ValueError(_("Vul ja of nee in, niet ‘%(value)s’.") % {"value": value})
        return super().clean(value, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return _("ja") if value else _("nee")


class GemeenteResource(resources.ModelResource):
    cbs_code = fields.Field(attribute="cbs_code", column_name="gemeentecode")
    name = fields.Field(attribute="name", column_name="gemeentenaam")
    province = fields.Field(attribute="province", column_name="provincie", widget=ProvinceWidget())
    ggd_region = fields.Field(attribute="ggd_region", column_name="ggd_regio")
    active = fields.Field(attribute="active", column_name="actief", widget=DutchBooleanWidget())

    class Meta:
        model = Gemeente
        fields = ("cbs_code", "name", "province", "ggd_region", "active")
        import_id_fields = ("cbs_code",)
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True
        use_transactions = True

    def import_data(self, *args, **kwargs):
        # A file with one bad row writes nothing, whoever imports it (admin, command, script);
        # import-export would otherwise commit the good rows of a bad file.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(*args, **kwargs)

    def before_import_row(self, row, **kwargs):
        refuse_nul_characters(row)
        # CBS writes codes as "GM0503" or as the bare number "0503" / "503".
        code = str(row.get("gemeentecode") or "").strip().upper()
        # isdecimal() on ASCII only: "²".isdigit() is true but int("²") fails (found by fuzzing).
        if code and not code.startswith("GM") and code.isascii() and code.isdecimal():
            code = f"GM{int(code):04d}"
        row["gemeentecode"] = code
        if not code:
            raise ValidationError(_("De gemeentecode ontbreekt."))


class BulkModelResource(resources.ModelResource):
    """Base for large imports (thousands of rows): a fixed number of queries, not ~16 a row.

    Measured by `make bench` on 5,000 organisations: Django's full_clean checks each model
    constraint with a query of its own and import-export looks each row up separately, so a
    row cost a lookup, an insert and a dozen `SELECT 1 AS _check` queries. Here:
    - existing rows are fetched once for the whole file (CachedInstanceLoader);
    - rows are written with bulk_create/bulk_update in batches of 1,000;
    - full_clean still validates every field (choices, formats, ranges, so a bad row gets a
      Dutch error of its own and nothing is written), but not the model's constraints one
      query at a time: the database enforces them all the same, and a violation aborts the
      whole import. Use it where the constraints repeat field rules (choices, ranges) or
      where duplicates are caught in `before_import`.
    Subclasses set `model`, `fields` and `import_id_fields` in their own Meta as usual.
    """

    class Meta:
        instance_loader_class = CachedInstanceLoader
        use_bulk = True
        batch_size = 1000
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = False

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=errors.keys(), validate_unique=False, validate_constraints=False
            )
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
