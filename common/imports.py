"""The import pipeline shared by every importer: read a file, Dutch cells, all rows or none.

1. Reading (`read_table`): CSV with `;` or `,`, in UTF-8, UTF-8 with a byte-order mark or
   cp1252 (what Excel writes on Dutch Windows), or XLSX. An XLSX is a zip: its unpacked size is
   checked from the zip's directory *before* anything is unpacked, so a small file that unpacks
   to hundreds of megabytes is refused at once instead of blocking a worker. Every CSV text cell
   passes through `common.spreadsheets.cell_from_file`, so a file we exported reads back as the
   values we exported. Any problem is an `ImportFileError` with a Dutch message, a bad row is
   named by its line in the file as the spreadsheet shows it (header = line 1) in one sentence
   (`problem_sentence`).
2. Cells (`TextWidget`, `DecimalWidget`, `DateWidget`, `BooleanWidget`, `ChoiceLabelWidget`):
   decimal comma or point (common.numbers, the forms' parser), ja/nee, dates as 2024-06-01
   or 01-06-2024, choices by code or Dutch label; a bad cell is a Dutch row error, never a crash.
3. Resources (`AllOrNothingResource`, `BulkResource`): one bad row writes nothing, whoever
   imports (admin, background job, shell); errors are reported under the file's column names.
4. The admin's file formats (`CSVFormat`, `XLSXFormat`): read through step 1 and export through
   the one exporter in common.spreadsheets.

The admin screens and the background job for large files are in common.import_admin and
common.import_jobs. The module is past the 650-line guideline since the bulk-import speed-ups
(issue 19); the resources (step 3) are the part to move out next, into their own module.
"""

import codecs
import contextlib
import copy
import csv
import datetime
import io
import logging
import zipfile

import tablib
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connections
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import CachedInstanceLoader

# Importers read numbers with the forms' parser (re-exported for them).
from common.numbers import parse_decimal  # noqa: F401
from common.spreadsheets import cell_from_file, export_bytes

# Bigger files are refused before they are read (an upload of this size already takes a while).
MAX_FILE_BYTES = 10 * 1024 * 1024
# An XLSX may unpack to at most this much; a spreadsheet of 50,000 rows is about 20 MB.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Real spreadsheets pack 5 to 30 times; a zip bomb packs thousands of times.
MAX_PACKING_RATIO = 100
# Below this unpacked size the ratio does not matter: it cannot take long to read.
RATIO_CHECK_FROM_BYTES = 1024 * 1024
MAX_ZIP_MEMBERS = 1000
MAX_ROWS = 100_000

logger = logging.getLogger(__name__)


def has_nul(value) -> bool:
    """True for text with a NUL character, which PostgreSQL can neither store nor look up."""
    return isinstance(value, str) and "\x00" in value


class ImportFileError(ValueError):
    """A file that cannot be imported; `str(error)` is the Dutch reason for the user."""


# --- 1. Reading -------------------------------------------------------------------------------


def format_of(name: str) -> str:
    """'csv' or 'xlsx' from a file name; anything else is refused."""
    name = name.lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith((".csv", ".txt")):
        return "csv"
    raise ImportFileError(_("Kies een CSV- of XLSX-bestand."))


def check_unpacked_size(raw: bytes) -> None:
    """Refuse an XLSX (a zip) that would unpack to too much, from its directory alone.

    zipfile stops reading a member at the size its directory gives, so these numbers bound
    what openpyxl can unpack later, also when a crafted file lies about them.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(raw)).infolist()
    except (zipfile.BadZipFile, ValueError):
        raise ImportFileError(_("Dit XLSX-bestand kan niet worden gelezen.")) from None
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    megabytes = {
        "size": f"{unpacked / 1024 / 1024:.0f}",
        "max": f"{MAX_UNPACKED_BYTES // 1024 // 1024}",
    }
    if unpacked > MAX_UNPACKED_BYTES or len(members) > MAX_ZIP_MEMBERS:
        raise ImportFileError(
            _(
                "Dit XLSX-bestand is uitgepakt %(size)s MB groot; een import mag uitgepakt "
                "hoogstens %(max)s MB zijn. Splits het bestand of sla het op als CSV."
            )
            % megabytes
        )
    if unpacked > RATIO_CHECK_FROM_BYTES and unpacked > MAX_PACKING_RATIO * max(packed, 1):
        raise ImportFileError(
            _(
                "Dit XLSX-bestand pakt uit tot %(size)s MB: zo sterk ingepakt is een gewone "
                "spreadsheet niet. Sla het opnieuw op vanuit uw spreadsheetprogramma of als CSV."
            )
            % megabytes
        )


def decode_text(raw: bytes) -> str:
    """Text of a CSV in UTF-8 (with or without byte-order mark), UTF-16 or cp1252."""
    try:
        if raw.startswith(codecs.BOM_UTF8):
            return raw[len(codecs.BOM_UTF8) :].decode("utf-8")
        if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return raw.decode("utf-16")
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            # Excel on Dutch Windows saves "CSV (gescheidingsteken: puntkomma)" in cp1252.
            return raw.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportFileError(
            _("De tekens in dit CSV-bestand zijn onleesbaar; sla het op als CSV UTF-8.")
        ) from None


def _csv_rows(raw: bytes):
    text = decode_text(raw)
    first_line = text.lstrip().split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        yield from csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    except csv.Error:
        raise ImportFileError(_("Dit CSV-bestand kan niet worden gelezen.")) from None


def _xlsx_rows(raw: bytes):
    check_unpacked_size(raw)
    import openpyxl

    try:
        # data_only: the value a formula cell shows, never the formula itself.
        book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            for row in book.worksheets[0].iter_rows(values_only=True):
                yield list(row)
        finally:
            book.close()
    except ImportFileError:
        raise
    except Exception:
        raise ImportFileError(_("Dit XLSX-bestand kan niet worden gelezen.")) from None


def _is_empty(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_table(raw: bytes | str, file_format: str) -> tablib.Dataset:
    """The rows of a CSV or XLSX file as a Dataset with lower-case, trimmed column names.

    Empty rows are skipped, short rows padded; text cells are read back as they were exported
    (common.spreadsheets.cell_from_file). Raises ImportFileError with a Dutch message.
    """
    if isinstance(raw, str):  # a storage opened in text mode
        raw = raw.encode("utf-8")
    if len(raw) > MAX_FILE_BYTES:
        raise ImportFileError(
            _("Het bestand is groter dan %(max)s MB.") % {"max": MAX_FILE_BYTES // 1024 // 1024}
        )
    rows = _xlsx_rows(raw) if file_format == "xlsx" else _csv_rows(raw)
    headers = None
    dataset = tablib.Dataset()
    # The line in the file of each data row (empty rows are skipped), so a problem names the
    # line the spreadsheet shows (see `file_line`).
    lines: list[int] = []
    for line, row in enumerate(rows, 1):
        if all(_is_empty(cell) for cell in row):
            continue
        if headers is None:
            headers = [str(cell if cell is not None else "").strip().lower() for cell in row]
            while headers and not headers[-1]:
                headers.pop()
            duplicates = sorted({h for h in headers if h and headers.count(h) > 1})
            if duplicates:
                raise ImportFileError(
                    _("De kolom ‘%(column)s’ staat meer dan eens in de kopregel.")
                    % {"column": duplicates[0]}
                )
            dataset.headers = headers
            continue
        if len(row) > len(headers):
            if not all(_is_empty(cell) for cell in row[len(headers) :]):
                raise ImportFileError(
                    problem_sentence(line, "", _("Deze regel heeft meer kolommen dan de kopregel."))
                )
            row = row[: len(headers)]
        if len(dataset) >= MAX_ROWS:
            raise ImportFileError(
                _("Het bestand heeft meer dan %(max)s regels; splits het.") % {"max": MAX_ROWS}
            )
        if file_format == "csv":  # an XLSX stores text as typed, without an added apostrophe
            row = [cell_from_file(cell) for cell in row]
        row = list(row) + [""] * (len(headers) - len(row))
        dataset.append(row)
        lines.append(line)
    if headers is None:
        raise ImportFileError(_("Het bestand is leeg."))
    if not len(dataset):
        raise ImportFileError(_("Het bestand bevat alleen een kopregel, geen gegevens."))
    dataset.file_lines = lines
    return dataset


def read_upload(upload) -> tablib.Dataset:
    """`read_table` for an uploaded file, its format taken from its name."""
    file_format = format_of(upload.name)
    if upload.size > MAX_FILE_BYTES:
        raise ImportFileError(
            _("Het bestand is groter dan %(max)s MB.") % {"max": MAX_FILE_BYTES // 1024 // 1024}
        )
    upload.seek(0)
    return read_table(upload.read(), file_format)


# --- Problems: one numbering and one sentence for every importer ------------------------------
# Line numbers are the lines a spreadsheet program shows: the header is line 1, so the first
# data row is line 2 (skipped empty rows counted). Every importer (admin, background job,
# workspace) reports a bad row with `problem_sentence`, as "Regel 3, kolom ‘waarde’: ...".


def file_line(lines, row_number: int) -> int:
    """The line in the file of import-export's `row_number` (1 = first data row)."""
    if lines and 1 <= row_number <= len(lines):
        return lines[row_number - 1]
    return row_number + 1


def problem_sentence(line, column, reason) -> str:
    """The one Dutch sentence for a problem: "Regel 3, kolom ‘waarde’: <reason>"."""
    reason = str(reason)
    if line and column:
        return _("Regel %(line)s, kolom ‘%(column)s’: %(reason)s") % {
            "line": line,
            "column": column,
            "reason": reason,
        }
    if line:
        return _("Regel %(line)s: %(reason)s") % {"line": line, "reason": reason}
    return reason


def error_reason(error) -> str:
    """The Dutch reason of an exception raised while importing; never a traceback."""
    if isinstance(error, ValidationError):
        return " ".join(str(m) for m in error.messages)
    if isinstance(error, ValueError):  # our widgets' and readers' Dutch messages
        return str(error)
    logger.warning("Unexpected import error: %r", error)
    return _("Deze regel kan niet worden opgeslagen; controleer de waarden.")


def missing_columns_error(missing, expected) -> ImportFileError:
    return ImportFileError(
        _("Deze kolommen ontbreken: %(cols)s. Verwacht: %(all)s.")
        % {"cols": ", ".join(missing), "all": ", ".join(expected)}
    )


# --- 2. Cells ---------------------------------------------------------------------------------

TRUE_WORDS = {"1", "ja", "j", "true", "waar", "x", "yes", "y"}
FALSE_WORDS = {"0", "nee", "n", "false", "onwaar", "no"}


def parse_bool(value, *, empty: bool) -> bool:
    """ja/nee, 1/0, true/false, waar/onwaar, x (and real booleans); empty -> `empty`."""
    if isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip().casefold()
    if not text:
        return empty
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise ValueError(_("Vul ja of nee in, niet ‘%(value)s’.") % {"value": value})


class TextWidget(widgets.CharWidget):
    """Text cells, trimmed; numbers from spreadsheets (KvK 12345678.0) read as their digits."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value if value is not None else "").strip()


class DecimalWidget(widgets.DecimalWidget):
    """A number with a decimal comma or point; empty is no value. A bad cell is a Dutch error
    (found by fuzzing: "abc" and "NaN" raised InvalidOperation)."""

    def __init__(self, *, example="7,1", **kwargs):
        self.example = example
        super().__init__(**kwargs)

    def describe(self):
        return _("Een getal, bijvoorbeeld %(example)s.") % {"example": self.example}, []

    def clean(self, value, row=None, **kwargs):
        # The one parser of forms and imports (common.numbers), with its Dutch message.
        return parse_decimal(value, example=self.example)


class DateWidget(widgets.DateWidget):
    """Dates as 2024-06-01 or 01-06-2024, and real date cells from XLSX."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")
        self.formats = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")

    def describe(self):
        return _("Een datum, bijvoorbeeld 01-06-2024 of 2024-06-01."), []

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                _("Onbekende datum ‘%(value)s’; schrijf bijvoorbeeld 2024-06-01.")
                % {"value": value}
            ) from None


class BooleanWidget(widgets.BooleanWidget):
    """ja/nee (and 1/0, true/false); writes ja or nee. `empty` is what an empty cell means."""

    def __init__(self, *, empty: bool, **kwargs):
        self.empty = empty
        super().__init__(**kwargs)

    def describe(self):
        empty = _("ja") if self.empty else _("nee")
        return _("ja of nee; leeg betekent %(empty)s.") % {"empty": empty}, []

    def clean(self, value, row=None, **kwargs):
        return parse_bool(value, empty=self.empty)

    def render(self, value, obj=None, **kwargs):
        return _("ja") if value else _("nee")


class ChoiceLabelWidget(widgets.Widget):
    """A TextChoices value by code or Dutch label (case-insensitive); writes the label.

    `aliases` maps other accepted spellings to a code ({"friesland": "FR"}); `unknown` is the
    message for anything else (default: the list of labels to choose from).
    """

    def __init__(self, choices, *, required=True, aliases=None, unknown=None, **kwargs):
        self.choices = choices
        self.required = required
        self.aliases = {k.casefold(): v for k, v in (aliases or {}).items()}
        self.unknown = unknown
        self._codes: tuple[str | None, dict] = (None, {})
        super().__init__(**kwargs)

    def describe(self):
        return _("Kies uit:"), [str(label) for label in self.choices.labels]

    def codes(self) -> dict:
        """{code or label, case-folded: code}, built once per language: translating every
        label for every cell was a third of a large import's time."""
        if self._codes[0] != (language := get_language()):
            choices = reversed(self.choices.choices)  # the first choice wins, as listed
            self._codes = (language, {str(t).casefold(): c for c, lb in choices for t in (lb, c)})
        return self._codes[1]

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            if self.required:
                raise ValueError(_("Dit veld is verplicht."))
            return ""
        code = self.codes().get(text.casefold())
        if code is not None:
            return code
        if text.casefold() in self.aliases:
            return self.aliases[text.casefold()]
        if self.unknown:
            raise ValueError(self.unknown % {"value": text})
        raise ValueError(
            _("Onbekende waarde ‘%(value)s’; kies uit: %(options)s.")
            % {"value": text, "options": ", ".join(str(label) for label in self.choices.labels)}
        )

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


# --- 3. Resources -----------------------------------------------------------------------------

# How often (in rows) a background import reports its progress.
PROGRESS_EVERY = 100


class AllOrNothingResource(resources.ModelResource):
    """A file with one bad row writes nothing, whoever imports it (admin, job, shell, script).

    django-import-export commits the valid rows of a bad file unless told
    `rollback_on_validation_errors`; here that is always on, in one transaction. A cell with a
    NUL character is a row error (PostgreSQL cannot store or even look it up: found by
    fuzzing), and errors are reported under the file's column name ("kvk_nummer"), not the
    model's. `progress`, when a background job sets it, is called with the number of rows read.

    Import-export's per-row diff (a deep copy, every field exported twice, an HTML diff: half
    of a large import's time) is made only with `show_diff=True`, for the admin's preview
    table; otherwise `skip_row` compares with the values read before the row was applied.
    """

    progress = None
    #: Fields whose full_clean check a subclass does itself (e.g. foreign keys read up front).
    clean_exclude: tuple[str, ...] = ()
    #: False for bulk imports: the database checks the constraints for the file at once.
    clean_constraints = True

    #: Columns a file must have; by default those of `import_id_fields`.
    required_columns: tuple[str, ...] | None = None

    def __init__(self, *, show_diff: bool = False, **kwargs):
        super().__init__(**kwargs)
        # _meta is set by import-export's metaclass, which mypy cannot follow.
        if not show_diff and not self._meta.skip_diff:  # type: ignore[has-type]
            # This resource's own options, not the class's.
            self._meta = copy.copy(self._meta)  # type: ignore[has-type]
            self._meta.skip_diff = True
        self._stored_values = None

    @classmethod
    def import_columns(cls) -> list[str]:
        """The file's columns, in order: what the template file and the import page list."""
        return [f.column_name for f in cls().get_user_visible_fields()]

    @classmethod
    def required(cls) -> list[str]:
        if cls.required_columns is not None:
            return list(cls.required_columns)
        ids = cls._meta.import_id_fields or ()  # type: ignore[misc]  # set by the metaclass
        return [cls.fields[name].column_name for name in ids if name in cls.fields]

    def describe_column(self, column: str):
        """(description, values) for a column, where the widget alone does not say enough;
        None to use the widget's description. Resources override it (indicator codes...)."""
        return None

    @classmethod
    def column_guide(cls, **kwargs) -> list[dict]:
        """What the import page lists per column: required or not, what to fill in and the
        valid codes (labels of choices, indicator codes...). `kwargs` build the resource.
        Queries: those of describe_column (one for the indicators)."""
        resource = cls(**kwargs)
        required = set(cls.required())
        guide = []
        for field in resource.get_user_visible_fields():
            described = resource.describe_column(field.column_name)
            if described is None:
                describe = getattr(field.widget, "describe", None)
                described = describe() if describe else ("", [])
            description, values = described
            guide.append(
                {
                    "column": field.column_name,
                    "required": field.column_name in required,
                    "description": description,
                    "values": list(values),
                }
            )
        return guide

    @classmethod
    def template_dataset(cls) -> tablib.Dataset:
        """An empty file with the Dutch column headers, to download and fill in."""
        return tablib.Dataset(headers=cls.import_columns(), title=_("Sjabloon"))

    @classmethod
    def check_columns(cls, headers) -> None:
        """Refuse a file without the required columns, in Dutch and before any row is read
        (import-export would continue with every row, or answer in English)."""
        missing = [column for column in cls.required() if column not in (headers or [])]
        if missing:
            raise missing_columns_error(missing, cls.import_columns())

    def import_data(self, dataset, *args, **kwargs):
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        self.check_columns(dataset.headers)
        self.file_lines = getattr(dataset, "file_lines", None)
        result = super().import_data(dataset, *args, **kwargs)
        result.file_lines = self.file_lines
        return result

    def file_line(self, row_number: int) -> int:
        """The line in the file of a row (header = line 1), for messages about other rows."""
        return file_line(getattr(self, "file_lines", None), row_number)

    def before_import_row(self, row, **kwargs):
        bad = [column for column, value in row.items() if has_nul(value)]
        for column in bad:
            # The admin shows the refused row's cells: the replacement character marks the spot.
            row[column] = row[column].replace("\x00", "\ufffd")
        if bad:
            raise ValidationError(
                {
                    column: _("De kolom ‘%(column)s’ bevat een ongeldig teken.")
                    % {"column": column}
                    for column in bad
                }
            )

    def import_row(self, row, instance_loader, **kwargs):
        result = super().import_row(row, instance_loader, **kwargs)
        number = kwargs.get("row_number") or 0
        if self.progress is not None and number % PROGRESS_EVERY == 0:
            self.progress(number)
        return result

    def _compared_values(self, instance) -> list:
        """The import fields' values of `instance`, a foreign key by its id (no query)."""
        fields = getattr(self, "_compared_fields", None)
        if fields is None:
            model_fields = {f.name: f for f in self._meta.model._meta.concrete_fields}
            fields = self._compared_fields = [
                (f, model_fields[f.attribute].attname if f.attribute in model_fields else None)
                for f in self.get_import_fields()
            ]
        return [getattr(instance, name) if name else f.get_value(instance) for f, name in fields]

    def after_init_instance(self, instance, new, row, **kwargs):
        super().after_init_instance(instance, new, row, **kwargs)
        if self._meta.skip_diff and self._meta.skip_unchanged:
            self._stored_values = None if new else self._compared_values(instance)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if not self._meta.skip_diff:  # import-export compares with its own copy
            return super().skip_row(instance, original, row, import_validation_errors)
        if not self._meta.skip_unchanged or import_validation_errors:
            return False
        stored = self._stored_values
        return stored is not None and self._compared_values(instance) == stored

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude=[*errors, *self.clean_exclude],
                validate_unique=validate_unique and self.clean_constraints,
                validate_constraints=self.clean_constraints,
            )
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
            raise ValidationError({columns.get(key, key): value for key, value in errors.items()})


class BulkResource(AllOrNothingResource):
    """Base for large imports (thousands of rows): a fixed number of queries, not ~16 a row.

    Existing rows are read once for the whole file (CachedInstanceLoader, or a subclass's own
    look-up in `before_import`) and written with bulk_create/bulk_update in batches of 1,000.
    full_clean still validates every field (choices, formats, ranges: a bad row gets a Dutch
    error of its own and nothing is written), but not the model's constraints one query at a
    time (Django runs one per constraint and row): use it where the constraints repeat field
    rules and duplicates within the file are refused in the resource; the database enforces
    them all the same. Subclasses set `model`, `fields` and `import_id_fields` in their Meta.
    """

    clean_constraints = False

    def import_data_inner(self, dataset, dry_run, raise_errors, using_transactions, *a, **kw):
        """The table's foreign keys checked per batch, not at the end of the transaction:
        PostgreSQL walks every pending deferred check after each batch's history trigger, so
        50 batches took 40 s instead of 5 (measured by `make bench`). Restored afterwards."""
        if not using_transactions:
            return super().import_data_inner(dataset, dry_run, raise_errors, False, *a, **kw)
        with connections[self.get_db_connection_name()].cursor() as cursor:
            cursor.execute(
                "SELECT string_agg(quote_ident(conname), ', ') FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f' AND condeferred",
                [self._meta.model._meta.db_table],
            )
            (names,) = cursor.fetchone()
            if names:
                cursor.execute(f"SET CONSTRAINTS {names} IMMEDIATE")
            try:
                return super().import_data_inner(dataset, dry_run, raise_errors, True, *a, **kw)
            finally:
                # (In a transaction that failed, it is rolled back anyway.)
                with contextlib.suppress(DatabaseError):
                    if names:
                        cursor.execute(f"SET CONSTRAINTS {names} DEFERRED")

    class Meta:
        instance_loader_class = CachedInstanceLoader
        use_bulk = True
        batch_size = 1000
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = True
        report_skipped = False


def import_problems(result) -> list[tuple[int | None, str, str]]:
    """Every problem of an import as (line in the file, column, reason); line 1 is the header
    (see `file_line`). `problem_sentence(*problem)` is how each is shown."""
    lines = getattr(result, "file_lines", None)
    problems: list[tuple[int | None, str, str]] = [
        (None, "", error_reason(e.error)) for e in result.base_errors
    ]
    for row in result.invalid_rows:
        line = file_line(lines, row.number)
        for column, errors in row.error_dict.items():
            for error in errors:
                problems.append((line, "" if column == "__all__" else column, str(error)))
    for number, errors in result.row_errors():
        for error in errors:
            problems.append((file_line(lines, number), "", error_reason(error.error)))
    return sorted(problems, key=lambda p: (p[0] or 0, p[1]))


def problem_lines(problems) -> str:
    """ "2, 5 en 7": the lines with a problem, for a one-line summary."""
    numbers = sorted({line for line, _column, _reason in problems if line})
    if len(numbers) < 2:
        return ", ".join(str(n) for n in numbers)
    return _("%(first)s en %(last)s") % {
        "first": ", ".join(str(n) for n in numbers[:-1]),
        "last": numbers[-1],
    }


# --- 4. The admin's file formats --------------------------------------------------------------


class CSVFormat(base_formats.CSV):
    """CSV in the admin: read by `read_table`, written by the one formula-safe exporter."""

    def get_title(self):
        return _("CSV (puntkomma of komma)")

    def create_dataset(self, in_stream, **kwargs):
        return read_table(in_stream, "csv")

    def export_data(self, dataset, **kwargs):
        return export_bytes(dataset, "csv")

    def get_read_mode(self):
        return "rb"

    def is_binary(self):
        # Bytes in and out: the reading step finds the encoding itself.
        return True


class XLSXFormat(base_formats.XLSX):
    """XLSX in the admin: size-checked before it is unpacked, written formula-safe."""

    def get_title(self):
        return _("XLSX (Excel)")

    def create_dataset(self, in_stream, **kwargs):
        return read_table(in_stream, "xlsx")

    def export_data(self, dataset, **kwargs):
        return export_bytes(dataset, "xlsx")
