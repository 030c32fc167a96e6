"""The longest free text a user may type: one limit and one Dutch message for every text area.

Without a limit a text area took 2 MB (Django's upload limit), which every page, export and
history entry showing the text then carried along. Applied in two places, both with the same
validator:
- every TextField of the project's models (`limit_text_fields`, called once from
  KansrijkeConfig.ready()): model validation, so model forms, the admin and the importers
  refuse the same text with the same message;
- the few plain forms whose text areas are not model form fields (status update,
  self-assessment, escalation) pass `validators=[TextLengthValidator()]`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

# About 1,500 words: several pages of text, far more than a summary or explanation needs.
TEXT_MAX_LENGTH = 10_000


@deconstructible
class TextLengthValidator(MaxLengthValidator):
    """At most TEXT_MAX_LENGTH characters, with Dutch numbers in the message (10.000)."""

    message = _(
        "Deze tekst is te lang: hoogstens %(limit_value)s tekens, nu %(show_value)s. "
        "Maak hem korter."
    )

    def __init__(self, limit_value=TEXT_MAX_LENGTH, message=None):
        super().__init__(limit_value, message)

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "limit_value": number_format(self.limit_value, force_grouping=True),
                    "show_value": number_format(length, force_grouping=True),
                    "value": value,
                },
            )


def limit_text_fields(model_classes) -> None:
    """Give every TextField of these models the TextLengthValidator (once, at start-up).

    Through the field's `default_validators`, not `validators=[...]` in each models.py: the
    limit is a rule of validation, not of the database schema, and Field.deconstruct() leaves
    default_validators out, so it needs no migration and no model file repeats it. A field
    that declares its own maximum length keeps it.
    """
    validator = TextLengthValidator()
    for model in model_classes:
        for field in model._meta.local_fields:
            if not isinstance(field, models.TextField):
                continue
            if any(isinstance(v, MaxLengthValidator) for v in field.validators):
                continue
            field.default_validators = [*field.default_validators, validator]
            field.__dict__.pop("validators", None)  # Field.validators is a cached_property
