import csv
import datetime
import io

import tablib
from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import CoalitionPartner
from pijlers.models import (
    Assessment,
    MaturityLevel,
    Measurement,
    NeededExpertise,
    Offering,
)
from pijlers.resources import COLUMNS

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class AssessmentForm(forms.Form):
    """A new self-assessment of one pillar; one answer field per active question."""

    date = forms.DateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=datetime.date.today,
    )
    level = forms.ChoiceField(
        label=_("Niveau"), choices=MaturityLevel.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_actions = forms.CharField(
        label=_("Volgende acties"), required=False, widget=forms.Textarea(attrs={"rows": 3})
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
            )

    def clean_date(self):
        # The rule lives on the model (Assessment.clean), which record_assessment checks too.
        date = self.cleaned_data["date"]
        try:
            Assessment(date=date).clean()
        except forms.ValidationError as e:
            raise forms.ValidationError(e.message_dict["date"]) from None
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
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=lambda: datetime.date.today().replace(month=1, day=1),
    )
    tot = forms.DateField(
        label=_("Tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=datetime.date.today,
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("van") and cleaned.get("tot") and cleaned["van"] > cleaned["tot"]:
            self.add_error("tot", _("De tweede datum ligt vóór de eerste."))
        return cleaned


class MeasurementForm(forms.ModelForm):
    """One figure for a gemeente of the coalition (national figures come from Pharos)."""

    class Meta:
        model = Measurement
        fields = ["gemeente", "indicator", "period", "value", "source", "small_numbers"]

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = coalition.gemeenten.order_by("name")
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
    """A tablib Dataset from CSV (comma or semicolon, UTF-8) or XLSX bytes.

    Raises ValueError with a Dutch message when the file cannot be read or misses columns.
    """
    if name.endswith(".xlsx"):
        try:
            dataset = tablib.Dataset().load(io.BytesIO(raw), format="xlsx")
        except Exception:
            raise ValueError(_("Dit XLSX-bestand kan niet worden gelezen.")) from None
        file_format = "xlsx"
    elif name.endswith(".csv") or name.endswith(".txt"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValueError(_("Sla het CSV-bestand op als UTF-8.")) from None
        first_line = text.splitlines()[0] if text.strip() else ""
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        if not rows:
            raise ValueError(_("Het bestand is leeg."))
        dataset = tablib.Dataset(headers=[h.strip() for h in rows[0]])
        for row in rows[1:]:
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(rows[0]):
                row = (row + [""] * len(rows[0]))[: len(rows[0])]
            dataset.append(row)
        file_format = "csv"
    else:
        raise ValueError(_("Kies een CSV- of XLSX-bestand."))
    headers = [str(h or "").strip().lower() for h in (dataset.headers or [])]
    dataset.headers = headers
    missing = [c for c in COLUMNS if c not in headers]
    if missing:
        raise ValueError(_("Deze kolommen ontbreken: %(cols)s.") % {"cols": ", ".join(missing)})
    if not len(dataset):
        raise ValueError(_("Het bestand bevat geen regels met cijfers."))
    return dataset, file_format


class OfferingForm(forms.ModelForm):
    class Meta:
        model = Offering
        fields = ["partner", "intervention", "life_phases", "vulnerability_levels", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = (
            CoalitionPartner.objects.filter(coalition=coalition)
            .running()
            .select_related("organisation")
            .order_by("organisation__name")
        )
        self.fields["partner"].label_from_instance = lambda p: p.organisation.name
        self.fields["life_phases"].help_text = _("Voor welke levensfasen biedt de partner dit?")


class NeededExpertiseForm(forms.ModelForm):
    class Meta:
        model = NeededExpertise
        fields = ["name", "description", "order", "covered_by"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "covered_by": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
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
