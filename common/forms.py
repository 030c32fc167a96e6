"""Form fields and widgets for Dutch numbers and dates, used by every form of the project.

- `DecimalField` + `DecimalInput`: a text input with `inputmode="decimal"` (a phone shows the
  number keyboard) instead of `type=number`, whose value Chromium with a Dutch locale mangled
  ("7,1" arrived as 71). What was typed goes to the one parser (`common.numbers.parse_decimal`,
  also used by the importers), and a stored value is shown with a comma ("52,0116"). Model
  fields get these automatically through `common.fields.DecimalField`, in model forms and the
  admin alike.
- `DateInput`: `<input type="date">`, whose value must be ISO (2026-11-30): a Dutch formatted
  value (30-11-2026) is dropped by the browser, so a default of today showed as empty.

Display of dates on pages is one format, Django's Dutch DATE_FORMAT ("30 november 2026"):
templates use `|date` without a format and Python uses `display_date`.
"""

from django import forms
from django.core.validators import DecimalValidator
from django.utils import formats

from common.numbers import format_decimal, parse_decimal


class DecimalInput(forms.TextInput):
    """A text input for a number: decimal keyboard on phones, the value with a comma."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, str):  # as typed (a form shown again with its errors)
            return value or None
        return format_decimal(value) or None


class DecimalField(forms.DecimalField):
    """A number typed the Dutch way ("7,1") or with a point ("7.1"); see common.numbers."""

    widget = DecimalInput

    def __init__(self, *args, example="7,1", **kwargs):
        self.example = example
        super().__init__(*args, **kwargs)
        # The number of digits is the model's check (its field runs the same validator),
        # after its own plausibility rule: "520090" as a latitude should hear that it lies
        # outside the Netherlands, not that it has too many digits before the comma.
        self.validators = [v for v in self.validators if not isinstance(v, DecimalValidator)]

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return parse_decimal(value, example=self.example)
        except ValueError as e:
            raise forms.ValidationError(str(e), code="invalid") from None

    def widget_attrs(self, widget):
        # Django's DecimalField adds `step` and min/max for a number input; a text input
        # needs none of them (the model checks the range with a Dutch message).
        return forms.Field.widget_attrs(self, widget)


class DateInput(forms.DateInput):
    """`<input type="date">` with an ISO value, so the browser shows the date (and today as
    the default where a form sets it)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def display_date(day) -> str:
    """A date as pages show it (DATE_FORMAT, "30 november 2026"), for messages in Python."""
    return formats.date_format(day) if day else ""
