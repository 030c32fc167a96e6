"""Workspace forms, and the stale-form check every edit form of the workspace uses."""

import datetime
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalitions import history
from coalitions.models import Coalition, Gemeente, Goal, Phase, Province, StatusUpdate


@dataclass
class ConflictRow:
    label: str
    yours: str
    stored: str


@dataclass
class Conflict:
    """What someone else saved while this form was open, next to what this user typed."""

    rows: list[ConflictRow] = field(default_factory=list)
    entries: list[history.HistoryEntry] = field(default_factory=list)


class StaleFormMixin:
    """Refuse a ModelForm that was loaded before someone else saved the same record.

    The form carries the record's `updated_at` from when it was shown (a hidden field). On
    save, the row is locked and its current `updated_at` compared: when they differ, nothing is
    written, `form.conflict` tells what changed (fields and history), and `form.reloaded()` gives
    a fresh form on the stored values. Nothing is ever merged silently.

    Views call `form.validate_and_save()` (one transaction: validate, lock, check, save).
    """

    version_field_name = "loaded_version"
    stale_message = gettext_lazy(
        "Iemand anders heeft dit intussen opgeslagen. Uw wijzigingen zijn níet opgeslagen. "
        "Hieronder ziet u wat er veranderd is; het formulier toont nu de opgeslagen gegevens."
    )

    def __init__(self, *args, **kwargs):
        self._init_args = (args, dict(kwargs))
        super().__init__(*args, **kwargs)
        self.conflict = None
        self.fields[self.version_field_name] = forms.CharField(
            widget=forms.HiddenInput, required=False
        )
        if self.instance.pk and self.instance.updated_at:
            self.initial[self.version_field_name] = self.instance.updated_at.isoformat()

    def validate_and_save(self) -> bool:
        """Validate, check freshness under a row lock and save, in one transaction."""
        with transaction.atomic():
            if not self.is_valid():
                return False
            self.save()
            return True

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self._refuse_if_stale()
        return cleaned

    def _refuse_if_stale(self):
        model = type(self.instance)
        # Locked until the transaction of validate_and_save() ends: no save can slip in between.
        rows = model._default_manager.all()
        if transaction.get_connection().in_atomic_block:
            rows = rows.select_for_update()
        stored = rows.filter(pk=self.instance.pk).first()
        loaded = parse_datetime(self.data.get(self.add_prefix(self.version_field_name)) or "")
        if stored is None:
            raise forms.ValidationError(
                _("Dit gegeven is intussen verwijderd; er is niets opgeslagen."), code="gone"
            )
        if loaded is not None and loaded == stored.updated_at:
            return
        self.conflict = Conflict(
            rows=self._conflict_rows(stored),
            entries=history.to_entries(
                history.updated_after(history.events_tracking(stored), loaded)
                if loaded
                else history.events_tracking(stored)
            )[::-1],
        )
        self._stored = stored
        raise forms.ValidationError(self.stale_message, code="stale")

    def _conflict_rows(self, stored):
        rows = []
        for name, bound in ((n, self[n]) for n in self.fields if n != self.version_field_name):
            if name not in self.cleaned_data:
                continue
            yours = _display(self.fields[name], self.cleaned_data[name])
            current = _display(self.fields[name], _stored_value(stored, name))
            if yours != current:
                rows.append(ConflictRow(str(bound.label), yours, current))
        return rows

    def reloaded(self):
        """A fresh, unbound form on the stored values (with the new version), keeping the
        conflict so the page can show what changed and what the user had typed."""
        _args, kwargs = self._init_args
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        stored = getattr(self, "_stored", None) or type(self.instance)._default_manager.get(
            pk=self.instance.pk
        )
        kwargs["instance"] = stored
        fresh = type(self)(**kwargs)
        fresh.conflict = self.conflict
        return fresh


def _stored_value(obj, name):
    value = getattr(obj, name, None)
    if hasattr(value, "all"):  # many-to-many
        return list(value.all())
    return value


def _display(form_field, value) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list | tuple | set) or hasattr(value, "model"):
        items = [_display(form_field, v) for v in value]
        return ", ".join(sorted(items))
    if hasattr(value, "pk"):
        label = getattr(form_field, "label_from_instance", str)
        return str(label(value))
    choices = dict(getattr(form_field, "choices", None) or [])
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    return str(value)


class StatusUpdateForm(forms.Form):
    """A new status update; stored through coalitions.services.post_status_update."""

    date = forms.DateField(
        label=gettext_lazy("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    phase = forms.ChoiceField(label=gettext_lazy("Fase"), choices=Phase.choices)
    summary = forms.CharField(
        label=gettext_lazy("Samenvatting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy("Verplicht als de fase verandert."),
    )
    next_steps = forms.CharField(
        label=gettext_lazy("Volgende stappen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    bottlenecks = forms.CharField(
        label=gettext_lazy("Knelpunten"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, coalition: Coalition, **kwargs):
        self.coalition = coalition
        kwargs.setdefault("initial", {"date": timezone.localdate(), "phase": coalition.phase})
        super().__init__(*args, **kwargs)

    def clean(self):
        # The rules live on the model (StatusUpdate.clean), so the admin refuses the same.
        cleaned = super().clean()
        try:
            StatusUpdate(coalition=self.coalition, **cleaned).clean()
        except ValidationError as e:
            self.add_error(None, e)
        return cleaned


class CoalitionBasicsForm(StaleFormMixin, forms.ModelForm):
    class Meta:
        model = Coalition
        # The trekker is a partner's role, chosen on the partners page (partners app).
        fields = ["ambition", "boegbeeld", "gemeenten", "start_date"]
        widgets = {
            "ambition": forms.Textarea(attrs={"rows": 5}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "gemeenten": forms.SelectMultiple(attrs={"size": 10}),
        }
        help_texts = {
            "gemeenten": gettext_lazy("Houd Ctrl (of Cmd) ingedrukt om er meer te kiezen."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        coalition = self.instance
        self.fields["gemeenten"].queryset = (
            (Gemeente.objects.active() | Gemeente.objects.filter(coalitions=coalition))
            .distinct()
            .order_by("name")
        )
        self.fields["gemeenten"].required = True


class GoalForm(StaleFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["year", "description", "owner", "evaluation"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "evaluation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, coalition: Coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.coalition = coalition
        self._init_args[1]["coalition"] = coalition
        # Running partners only (an ended one is never offered); the current owner stays.
        partnerships = self.fields["owner"].queryset.model.objects
        owners = partnerships.filter(coalition=coalition).running()
        if self.instance.owner_id:
            owners = owners | partnerships.filter(pk=self.instance.owner_id)
        self.fields["owner"].queryset = owners.select_related("organisation").order_by(
            "organisation__name"
        )
        self.fields["owner"].label_from_instance = lambda p: p.organisation.name
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)

    def clean(self):
        cleaned = super().clean()
        year, description = cleaned.get("year"), cleaned.get("description")
        if year and description:
            duplicate = Goal.objects.filter(
                coalition=self.instance.coalition, year=year, description=description
            ).exclude(pk=self.instance.pk)
            if duplicate.exists():
                self.add_error("description", _("Dit doel staat al voor dit jaar."))
        return cleaned


# --- Public pages ---


class PublicFilterForm(forms.Form):
    """Search and filters of the public overview: a plain GET form that works without JS."""

    q = forms.CharField(
        label=gettext_lazy("Gemeente"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Naam of CBS-code, bijvoorbeeld Delft of GM0503."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    province = forms.ChoiceField(
        label=gettext_lazy("Provincie"),
        required=False,
        choices=[("", gettext_lazy("Alle provincies")), *Province.choices],
    )
    phase = forms.ChoiceField(
        label=gettext_lazy("Fase"),
        required=False,
        choices=[("", gettext_lazy("Alle fasen")), *Phase.choices],
    )

    def filter(self, coalitions):
        """`coalitions` narrowed by the valid fields; an invalid field filters nothing."""
        data = getattr(self, "cleaned_data", {})
        return (
            coalitions.search_gemeente(data.get("q"))
            .in_province(data.get("province"))
            .in_phase(data.get("phase"))
        )

    @property
    def is_filtering(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)
