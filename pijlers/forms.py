import datetime

import tablib
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.forms import DateInput
from common.imports import format_of, read_table
from common.stale_edit import StaleFormMixin
from common.submit_once import SubmitOnceMixin
from common.text import TextLengthValidator
from partners.models import CoalitionPartner
from pijlers.models import (
    Assessment,
    MaturityLevel,
    Measurement,
    NeededExpertise,
    Offering,
    Target,
)
from pijlers.permissions import figure_gemeenten
from pijlers.resources import MeasurementResource

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class AssessmentForm(SubmitOnceMixin, forms.Form):
    """A new self-assessment of one pillar; one answer field per active question.

    Assessments are append-only (a new dated version each time), so there is nothing to
    overwrite and no stale check; a repeated submit is stored once (SubmitOnceMixin).
    """

    date = forms.DateField(
        label=_("Datum"),
        widget=DateInput(),
        initial=datetime.date.today,
    )
    level = forms.ChoiceField(
        label=_("Niveau"), choices=MaturityLevel.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[TextLengthValidator()],
    )
    next_actions = forms.CharField(
        label=_("Volgende acties"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[TextLengthValidator()],
    )

    def __init__(self, *args, questions=(), previous: Assessment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        previous_answers = {}
        if previous is not None:
            self.fields["level"].initial = previous.level
            self.fields["notes"].initial = previous.notes
            self.fields["next_actions"].initial = previous.next_actions
            previous_answers = {a.question_id: a.text for a in previous.answers.all()}
        for q in self.questions:
            self.fields[f"answer_{q.pk}"] = forms.CharField(
                label=q.text,
                required=False,
                initial=previous_answers.get(q.pk, ""),
                widget=forms.Textarea(attrs={"rows": 2}),
                validators=[TextLengthValidator()],
            )

    def clean_date(self):
        # The rule lives on the model (Assessment.clean), which record_assessment checks too.
        date = self.cleaned_data["date"]
        if error := Assessment.date_error(date):
            raise forms.ValidationError(error)
        return date

    def main_fields(self):
        return [self[name] for name in ("date", "level", "notes", "next_actions")]

    def answer_fields(self):
        return [self[f"answer_{q.pk}"] for q in self.questions]

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"answer_{q.pk}", "") for q in self.questions}


class ProgressForm(forms.Form):
    """Two dates to compare the pillar levels between."""

    van = forms.DateField(
        label=_("Van"),
        widget=DateInput(),
        initial=lambda: datetime.date.today().replace(month=1, day=1),
    )
    tot = forms.DateField(
        label=_("Tot en met"),
        widget=DateInput(),
        initial=datetime.date.today,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("van") and cleaned.get("tot") and cleaned["van"] > cleaned["tot"]:
            self.add_error("tot", _("De tweede datum ligt vóór de eerste."))
        return cleaned


class ReferenceDateForm(forms.Form):
    """The day a page shows the denkraam as it was (blank: today)."""

    peildatum = forms.DateField(label=_("Peildatum"), widget=DateInput(), required=False)

    def clean_peildatum(self):
        # A day that has not come has no assessments or targets yet: show today instead.
        day = self.cleaned_data["peildatum"]
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("Kies een datum die niet in de toekomst ligt."))
        return day


class TargetForm(StaleFormMixin, forms.ModelForm):
    """The target of one pillar or element; a save over a colleague's newer one is refused."""

    class Meta:
        model = Target
        fields = ["level", "target_date", "notes"]
        widgets = {
            "level": forms.RadioSelect,
            "target_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, coalition, subject, **kwargs):
        super().__init__(*args, **kwargs)
        self.remember_init(coalition=coalition, subject=subject)
        self.instance.coalition = coalition
        setattr(self.instance, subject.subject_field, subject)
        self.fields["notes"].validators.append(TextLengthValidator())


class MeasurementForm(SubmitOnceMixin, forms.ModelForm):
    """One figure for a running gemeente of the coalition (national figures and any other
    gemeente come from Pharos): the choices are `pijlers.permissions.figure_gemeenten`."""

    class Meta:
        model = Measurement
        fields = ["gemeente", "indicator", "period", "value", "source", "small_numbers"]

    def __init__(self, *args, coalition, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = figure_gemeenten(user, coalition)
        self.fields["gemeente"].required = True
        self.fields["gemeente"].empty_label = None
        self.fields["indicator"].queryset = self.fields["indicator"].queryset.filter(active=True)


class MeasurementImportForm(forms.Form):
    file = forms.FileField(
        label=_("Bestand (CSV of XLSX)"),
        help_text=_(
            "Kolommen: gemeente, indicator, periode, waarde, bron; eventueel minder_dan_10."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Het bestand is groter dan 2 MB."))
        raw = upload.read()
        try:
            self.dataset, self.file_format = read_dataset(raw, name)
        except ValueError as e:
            raise forms.ValidationError(str(e)) from None
        self.raw, self.filename = raw, upload.name
        return upload


def read_dataset(raw: bytes, name: str) -> tuple[tablib.Dataset, str]:
    """A Dataset of measurements from CSV or XLSX bytes (common.imports.read_table).

    Raises ImportFileError (a ValueError) with a Dutch message when the file cannot be read or
    misses columns (the resource's own check, as in the admin and the background job).
    """
    file_format = format_of(name)
    dataset = read_table(raw, file_format)
    MeasurementResource.check_columns(dataset.headers)
    return dataset, file_format


class OfferingForm(StaleFormMixin, forms.ModelForm):
    """An offering; a save over a colleague's newer one is refused (see StaleFormMixin)."""

    class Meta:
        model = Offering
        fields = ["partner", "intervention", "life_phases", "vulnerability_levels", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.remember_init(coalition=coalition)
        self.fields["partner"].queryset = (
            CoalitionPartner.objects.filter(coalition=coalition)
            .running()
            .select_related("organisation")
            .order_by("organisation__name")
        )
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name
        self.fields["life_phases"].help_text = _("Voor welke levensfasen biedt de partner dit?")


class NeededExpertiseForm(StaleFormMixin, forms.ModelForm):
    """Needed expertise; a save over a colleague's newer one is refused (StaleFormMixin)."""

    class Meta:
        model = NeededExpertise
        fields = ["name", "description", "order", "covered_by"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "covered_by": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.remember_init(coalition=coalition)
        self.instance.coalition = coalition
        self.fields["covered_by"].queryset = (
            CoalitionPartner.objects.filter(coalition=coalition)
            .running()
            .select_related("organisation")
            .order_by("organisation__name")
        )
        self.fields["covered_by"].label_from_instance = lambda p: p.organisation.name
        self.fields["covered_by"].help_text = _("Welke partners brengen deze expertise in?")

    def clean_name(self):
        # The coalition is not a form field, so Django would skip the unique constraint.
        name = self.cleaned_data["name"].strip()
        clash = NeededExpertise.objects.filter(
            coalition=self.instance.coalition, name__iexact=name
        ).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("Deze expertise staat al in het profiel."))
        return name
