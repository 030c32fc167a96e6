"""Import-export of monitoring figures: columns gemeente, indicator, periode, waarde, bron
(and optionally minder_dan_10).

Every row is checked in `before_import_row`, so a bad row becomes a validation error with a
Dutch reason per column instead of a crash. `import_data` always rolls back the whole file
when a single row is invalid: nothing is written until every row is right.

Fast by design (`make bench`: 50,000 rows well under a minute): gemeenten, indicators and the
figures already stored for the file's gemeenten and periods are read once per file, not once
per row, and rows are written with bulk_create/bulk_update in batches (common.imports.BulkResource).
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, widgets
from import_export.instance_loaders import ModelInstanceLoader

from coalitions.models import Gemeente
from coalitions.resources import normalise_cbs_code
from common.imports import (
    BooleanWidget,
    BulkResource,
    DecimalWidget,
    has_nul,
    parse_bool,
    parse_decimal,
)
from common.numbers import format_decimal
from pijlers.models import Indicator, Measurement, parse_period

COLUMNS = ["gemeente", "indicator", "periode", "waarde", "bron"]
NATIONAL_CODES = {"NL", "NL01", "NEDERLAND"}


class CachedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A ForeignKeyWidget that looks values up in `cache` ({value: instance}) once the
    resource has filled it for the file, instead of one query per row."""

    cache = None

    def clean(self, value, row=None, **kwargs):
        if self.cache is None or value in (None, ""):
            return super().clean(value, row, **kwargs)
        try:
            return self.cache[value]
        except KeyError:
            raise self.model.DoesNotExist(value) from None


class GemeenteOrNationalWidget(CachedForeignKeyWidget):
    """A CBS code (GM0503, 0503 or 503) or NL/Nederland/empty for the national figure."""

    def __init__(self):
        super().__init__(Gemeente, field="cbs_code")

    def clean(self, value, row=None, **kwargs):
        code = normalise_gemeente(value)
        if code is None:
            return None
        return super().clean(code, row, **kwargs)

    def render(self, value, obj=None, **kwargs):
        return value.cbs_code if value else "NL"


def indicator_choice(indicator) -> str:
    """ "vroeggeboorte – Vroeggeboorte (%; 0 – 100)": a code as the import page lists it."""
    low, high = format_decimal(indicator.min_value), format_decimal(indicator.max_value)
    bounds = f"{low or '…'} – {high or '…'}" if low or high else _("geen grenzen")
    return f"{indicator.code} – {indicator.name} ({indicator.unit}; {bounds})"


def normalise_gemeente(value) -> str | None:
    """'GM0503', '0503', 503 -> 'GM0503'; NL/Nederland/empty -> None (national)."""
    code = normalise_cbs_code(value)
    if code in NATIONAL_CODES or code == "":
        return None
    return code


class MeasurementResource(BulkResource):
    """One figure per row. `allowed_gemeenten` (a set of CBS codes) limits what an editor
    may import: only the coalition's running gemeenten, never national figures (see
    pijlers.permissions).
    `None` means no limit (Pharos and superusers, in the admin)."""

    gemeente = fields.Field(
        attribute="gemeente", column_name="gemeente", widget=GemeenteOrNationalWidget()
    )
    indicator = fields.Field(
        attribute="indicator",
        column_name="indicator",
        widget=CachedForeignKeyWidget(Indicator, field="code"),
    )
    period = fields.Field(attribute="period", column_name="periode")
    value = fields.Field(attribute="value", column_name="waarde", widget=DecimalWidget())
    source = fields.Field(attribute="source", column_name="bron")
    small_numbers = fields.Field(
        attribute="small_numbers", column_name="minder_dan_10", widget=BooleanWidget(empty=False)
    )
    # Gemeente and indicator are rows read in `before_import`, not a query each per row; the
    # foreign keys hold in the database all the same.
    clean_exclude = ("gemeente", "indicator")
    required_columns = tuple(COLUMNS)

    class Meta(BulkResource.Meta):
        model = Measurement
        fields = ("gemeente", "indicator", "period", "value", "source", "small_numbers")
        import_id_fields = ("gemeente", "indicator", "period")
        skip_unchanged = True
        report_skipped = True
        # get_instance below finds stored figures in one query per file.
        instance_loader_class = ModelInstanceLoader

    def __init__(self, allowed_gemeenten: set[str] | None = None, **kwargs):
        super().__init__(**kwargs)
        self.allowed_gemeenten = allowed_gemeenten
        self._gemeenten = None
        self._indicators = None

    def describe_column(self, column):
        """The valid gemeenten, indicators (with unit and allowed range) and periods."""
        if column == "gemeente":
            if self.allowed_gemeenten is None:
                return _("CBS-code, bijvoorbeeld GM0503; NL of leeg voor een landelijk cijfer."), []
            return _("CBS-code van een gemeente van de coalitie:"), sorted(self.allowed_gemeenten)
        if column == "indicator":
            return _("Code van de indicator (eenheid; toegestane waarden):"), [
                indicator_choice(i) for i in Indicator.objects.filter(active=True)
            ]
        if column == "periode":
            return _("Een jaar (2021) of een reeks jaren (2017-2021)."), []
        if column == "bron":
            return _("Waar het cijfer vandaan komt, bijvoorbeeld Perined of CBS."), []
        return None

    def before_import(self, dataset, **kwargs):
        # The required columns were checked by import_data (AllOrNothingResource).
        if "minder_dan_10" not in dataset.headers:
            dataset.append_col([""] * len(dataset), header="minder_dan_10")
        # A fixed number of queries for the whole file, not several per row.
        gemeenten = {g.cbs_code: g for g in Gemeente.objects.all()}
        indicators = {i.code: i for i in Indicator.objects.all()}
        self._gemeenten = {code: g.name for code, g in gemeenten.items()}
        self._indicators = set(indicators)
        self.fields["gemeente"].widget.cache = gemeenten
        self.fields["indicator"].widget.cache = indicators
        self._seen = {}
        # The figures already stored for this file's gemeenten and periods, by natural key:
        # a row for one of them updates it, any other row is new.
        # (Cells with a NUL character are left out: PostgreSQL refuses them even in a lookup,
        # and their rows fail in before_import_row.)
        codes = {normalise_gemeente(v) for v in dataset["gemeente"] if not has_nul(v)}
        periods = {
            str(v or "").strip().removesuffix(".0") for v in dataset["periode"] if not has_nul(v)
        }
        stored = Measurement.objects.filter(period__in=periods).filter(
            Q(gemeente__cbs_code__in=codes - {None})
            | (Q(gemeente__isnull=True) if None in codes else Q(pk__in=[]))
        )
        self._existing = {(m.gemeente_id, m.indicator_id, m.period): m for m in stored}

    def get_instance(self, instance_loader, row):
        """The stored figure for the row's gemeente, indicator and period, if any (from the
        figures read in `before_import`; the row was normalised in `before_import_row`)."""
        gemeente = self.fields["gemeente"].widget.cache.get(row["gemeente"])
        indicator = self.fields["indicator"].widget.cache.get(row["indicator"])
        if indicator is None:
            return None
        return self._existing.get((gemeente.pk if gemeente else None, indicator.pk, row["periode"]))

    def before_save_instance(self, instance, row, **kwargs):
        # bulk_create/bulk_update skip Measurement.save(): derive the years and stamp here.
        instance.period = instance.period.strip()
        instance.start_year, instance.end_year = parse_period(instance.period)
        instance.updated_at = timezone.now()

    def get_bulk_update_fields(self):
        return [*super().get_bulk_update_fields(), "updated_at"]

    def before_import_row(self, row, row_number=None, **kwargs):
        """Check every cell and report all problems of the row at once, per column."""
        super().before_import_row(row, row_number=row_number, **kwargs)
        errors = {}
        code = normalise_gemeente(row.get("gemeente"))
        if code is None:
            if self.allowed_gemeenten is not None:
                errors["gemeente"] = _(
                    "Landelijke cijfers worden door Pharos ingevoerd; vul een CBS-code in."
                )
        elif code not in self._gemeenten:
            errors["gemeente"] = _("Onbekende CBS-code ‘%(code)s’.") % {"code": code}
        elif self.allowed_gemeenten is not None and code not in self.allowed_gemeenten:
            errors["gemeente"] = _(
                "%(name)s (%(code)s) hoort niet bij deze coalitie; cijfers van andere "
                "gemeenten voert Pharos in."
            ) % {"name": self._gemeenten[code], "code": code}
        indicator = str(row.get("indicator") or "").strip().lower()
        if indicator not in self._indicators:
            errors["indicator"] = _("Onbekende indicator ‘%(code)s’.") % {"code": indicator}
        period = str(row.get("periode") or "").strip()
        if period.endswith(".0"):
            period = period[:-2]
        try:
            parse_period(period)
        except ValidationError as e:
            errors["periode"] = e.messages[0]
        value = small_numbers = None
        try:
            if (value := parse_decimal(row.get("waarde"))) is None:
                errors["waarde"] = _("De waarde ontbreekt.")
        except ValueError as e:
            errors["waarde"] = str(e)
        try:
            small_numbers = parse_bool(row.get("minder_dan_10"), empty=False)
        except ValueError:
            errors["minder_dan_10"] = _("Vul ja of nee in.")
        if not errors:
            key = (code, indicator, period)
            if key in self._seen:
                errors["periode"] = _(
                    "Dezelfde gemeente, indicator en periode staan ook op regel %(line)s."
                ) % {"line": self.file_line(self._seen[key])}
            self._seen[key] = row_number
        if errors:
            raise ValidationError(errors)
        row["gemeente"] = code or ""
        row["indicator"] = indicator
        row["periode"] = period
        self._parsed = {
            "gemeente": self.fields["gemeente"].widget.cache.get(code) if code else None,
            "indicator": self.fields["indicator"].widget.cache[indicator],
            "period": period,
            "value": value,
            "small_numbers": small_numbers,
        }

    def import_instance(self, instance, row, **kwargs):
        """The cells read and checked in `before_import_row`, not read again field by field
        by import-export (a third of a 50,000-row import); full_clean still checks the row."""
        for attribute, value in self._parsed.items():
            setattr(instance, attribute, value)
        self.import_field(self.fields["source"], instance, row, **kwargs)
