"""Model fields with the project's own form fields: a PostgreSQL array of choices edited as a
row of checkboxes, and a decimal typed the Dutch way."""

from django import forms
from django.contrib.postgres.fields import ArrayField
from django.db import models

from common import forms as common_forms


class ChoiceArrayField(ArrayField):
    """ArrayField whose form field is a multiple choice (checkboxes), not a comma-separated text."""

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": self.base_field.choices,
            "coerce": self.base_field.to_python,
            "widget": forms.CheckboxSelectMultiple,
        }
        defaults.update(kwargs)
        # Skip ArrayField.formfield, which would force SimpleArrayField.
        return super(ArrayField, self).formfield(**defaults)


class DecimalField(models.DecimalField):
    """A DecimalField whose form field (model forms and the admin alike) reads "7,1" as 7.1
    and shows stored values with a comma (common.forms.DecimalField).

    Stored exactly as Django's DecimalField, and migrations see one: `deconstruct` names the
    plain field, so swapping it in needs no migration.
    """

    def formfield(self, **kwargs):
        # The admin passes its own widget for some fields; a number keeps ours.
        kwargs.pop("widget", None)
        return super().formfield(**{"form_class": common_forms.DecimalField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
