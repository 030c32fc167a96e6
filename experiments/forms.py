from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalitions.models import Phase, Province
from common.forms import DateInput, display_date
from common.quarters import quarter_choices_around, quarter_of
from common.stale_edit import StaleFormMixin
from common.submit_once import SubmitOnceMixin
from common.text import TextLengthValidator
from experiments.models import (
    Agreement,
    Bottleneck,
    EscalationLevel,
    ItemKind,
    ItemStatus,
    Result,
    Signatory,
    Theme,
    WorkItem,
    WorkItemReview,
)
from experiments.search import Filters
from experiments.validators import validate_pdf
from partners.models import CoalitionPartner, Meeting


class PartnerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.organisation.name


class PartnerMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.organisation.name


def coalition_partners(coalition, keep=None):
    """The coalition's running partnerships with their organisation, as form choices.

    An ended (or not yet started) partner is never offered as trekker, participant or
    signatory; `keep` (partnership ids or a values() subquery) are the ones the record being
    edited already names, which stay selectable so an old item or agreement can be saved.
    """
    partnerships = CoalitionPartner.objects.filter(coalition=coalition)
    offered = partnerships.running()
    if keep is not None:
        offered = offered | partnerships.filter(pk__in=keep)
    return offered.for_map()


class ThemeForm(StaleFormMixin, forms.ModelForm):
    """A theme; a save over a colleague's newer one is refused (see StaleFormMixin)."""

    class Meta:
        model = Theme
        fields = ["name", "description", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.remember_init(coalition=coalition)
        self.instance.coalition = coalition

    def clean_name(self):
        # The coalition is not a form field, so Django skips the unique constraint: without
        # this check a duplicate name reached the database and gave a server error.
        name = self.cleaned_data["name"]
        clash = Theme.objects.filter(coalition=self.instance.coalition, name=name)
        if clash.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Deze coalitie heeft al een thema met deze naam."))
        return name


class WorkItemForm(StaleFormMixin, forms.ModelForm):
    """A work item; a save over a colleague's newer one is refused (see StaleFormMixin)."""

    class Meta:
        model = WorkItem
        fields = [
            "kind",
            "title",
            "description",
            "goal",
            "themes",
            "lead_partner",
            "partners",
            "status",
            "start_quarter",
            "end_quarter",
            "levels",
            "pillars",
            "elements",
            "published",
        ]
        field_classes = {
            "lead_partner": PartnerChoiceField,
            "partners": PartnerMultipleChoiceField,
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "goal": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
            # The denkraam's pillars and elements the item works on (pijlerdekking).
            "pillars": forms.CheckboxSelectMultiple,
            "elements": forms.CheckboxSelectMultiple,
        }

    # A theme made from here, so nobody has to leave the item for the Thema's page first.
    new_theme = forms.CharField(
        label=_("Nieuw thema"),
        max_length=Theme._meta.get_field("name").max_length,
        required=False,
        help_text=_(
            "Typ een naam om een nieuw thema aan te maken en aan dit onderdeel te koppelen. "
            "Bestaat het thema al, dan wordt dat gekoppeld."
        ),
    )

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.remember_init(coalition=coalition)
        self.instance.coalition = coalition
        order = list(self.fields)
        order.remove("new_theme")
        order.insert(order.index("themes") + 1, "new_theme")
        self.order_fields(order)
        # Only the coalition's own themes and partners can be chosen; anything else is refused
        # by the field as an invalid choice.
        self.fields["themes"].queryset = Theme.objects.for_coalition(coalition)
        chosen = None
        if self.instance.pk:
            chosen = [
                self.instance.lead_partner_id,
                *self.instance.partners.values_list("pk", flat=True),
            ]
        partners = coalition_partners(coalition, keep=chosen)
        self.fields["lead_partner"].queryset = partners
        self.fields["partners"].queryset = partners
        if not self.fields["themes"].queryset.exists():
            self.fields["themes"].help_text = _(
                "Deze coalitie heeft nog geen thema's; maak er hieronder een aan."
            )
        today = timezone.localdate()
        # Quarters around the coalition's own period (common/quarters.py); the item's stored
        # quarters stay selectable. A value outside is refused as an invalid choice.
        quarters = quarter_choices_around(
            coalition.start_date,
            today=today,
            keep=(self.instance.start_quarter, self.instance.end_quarter),
        )
        self.fields["start_quarter"].choices = [("", "---------"), *quarters]
        self.fields["end_quarter"].choices = [("", "---------"), *quarters]
        if self.instance.pk is None:
            self.fields["start_quarter"].initial = quarter_of(today)

    def clean_new_theme(self):
        # Spaces only count as empty; inner runs of spaces become one (as Theme.objects.named).
        return " ".join(self.cleaned_data["new_theme"].split())

    def save(self, commit=True):
        # The theme is made (or found) only now, with the item in the same transaction
        # (common.stale_edit.submit): an invalid form or a refused save makes no theme.
        name = self.cleaned_data.get("new_theme")
        if name and commit:
            theme = Theme.objects.named(self.instance.coalition, name)
            themes = list(self.cleaned_data.get("themes") or [])
            if theme not in themes:
                themes.append(theme)
            self.cleaned_data["themes"] = themes
        return super().save(commit=commit)


class ResultForm(StaleFormMixin, forms.ModelForm):
    """A result of a work item; a save over a colleague's newer one is refused."""

    class Meta:
        model = Result
        fields = [
            "date",
            "outcome",
            "worked",
            "did_not_work",
            "lessons",
            "figure",
            "figure_label",
            "indicator",
        ]
        widgets = {
            "date": DateInput(),
            "outcome": forms.Textarea(attrs={"rows": 3}),
            "worked": forms.Textarea(attrs={"rows": 3}),
            "did_not_work": forms.Textarea(attrs={"rows": 3}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, work_item, **kwargs):
        super().__init__(*args, **kwargs)
        self.remember_init(work_item=work_item)
        self.instance.work_item = work_item
        # Indicators in use only (an inactive one a result already names stays choosable).
        indicators = self.fields["indicator"].queryset
        keep = Q(pk=self.instance.indicator_id) if self.instance.indicator_id else Q()
        self.fields["indicator"].queryset = indicators.filter(Q(active=True) | keep)
        if self.instance.pk is None:
            self.fields["date"].initial = timezone.localdate()


class LearningFilterForm(forms.Form):
    """The GET form of Leren van elkaar; every field optional, bad input filters nothing."""

    q = forms.CharField(label=_("Zoekwoorden"), max_length=200, required=False)
    theme = forms.CharField(label=_("Thema"), max_length=150, required=False)
    intervention = forms.ChoiceField(label=_("Interventie"), required=False)
    phase = forms.ChoiceField(
        label=_("Fase van de coalitie"), choices=[("", _("Alle")), *Phase.choices], required=False
    )
    province = forms.ChoiceField(
        label=_("Provincie"), choices=[("", _("Alle")), *Province.choices], required=False
    )

    def __init__(self, *args, interventions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["intervention"].choices = [("", _("Alle")), *interventions]

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        return Filters(**{k: v.strip() for k, v in self.cleaned_data.items()})


class TimelineFilterForm(forms.Form):
    """The GET form above the timeline; every field optional."""

    theme = forms.ModelChoiceField(
        label=_("Thema"), queryset=Theme.objects.none(), required=False, empty_label=_("Alle")
    )
    kind = forms.ChoiceField(
        label=_("Soort"), choices=[("", _("Alle")), *ItemKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Alle")), *ItemStatus.choices], required=False
    )
    partner = PartnerChoiceField(
        label=_("Partner"),
        queryset=CoalitionPartner.objects.none(),
        required=False,
        empty_label=_("Alle"),
    )

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = Theme.objects.for_coalition(coalition)
        # A filter over the whole timeline: former partners' items can be looked up too.
        self.fields["partner"].queryset = CoalitionPartner.objects.filter(
            coalition=coalition
        ).for_map()

    def filter_kwargs(self) -> dict:
        """Arguments for WorkItemQuerySet.filtered(); an invalid form filters nothing."""
        if not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class BottleneckForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = Bottleneck
        fields = ["description", "raised_on"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "raised_on": DateInput(),
        }

    def __init__(self, *args, work_item, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.work_item = work_item
        self.fields["raised_on"].initial = timezone.localdate()


class EscalationForm(SubmitOnceMixin, forms.Form):
    to_level = forms.ChoiceField(label=_("Opschalen naar"))
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    escalated_by = forms.CharField(
        label=_("Door"),
        max_length=150,
        help_text=_("Wie of welk overleg schaalt op, bijvoorbeeld ‘regionale werkgroep’."),
    )
    reason = forms.CharField(
        label=_("Waarom"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Waarom kan het huidige niveau dit niet oplossen?"),
        validators=[TextLengthValidator()],
    )

    def __init__(self, *args, bottleneck, **kwargs):
        super().__init__(*args, **kwargs)
        levels = dict(EscalationLevel.choices)
        self.fields["to_level"].choices = [
            (value, levels[value]) for value in EscalationLevel.above(bottleneck.level)
        ]
        self.fields["date"].initial = timezone.localdate()


class ResolveForm(StaleFormMixin, forms.ModelForm):
    """Resolving edits the bottleneck: refused when someone changed it since the page loaded
    (for instance resolved or escalated it)."""

    class Meta:
        model = Bottleneck
        fields = ["resolved_on", "resolution"]
        widgets = {
            "resolved_on": DateInput(),
            "resolution": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolved_on"].required = True
        self.fields["resolution"].required = True
        self.fields["resolved_on"].initial = timezone.localdate()

    def clean_resolved_on(self):
        # raised_on is not a form field, so Django skips the check constraint that compares
        # the two: without this check an early date reached the database (server error).
        resolved_on = self.cleaned_data["resolved_on"]
        raised_on = self.instance.raised_on
        if resolved_on and raised_on and resolved_on < raised_on:
            raise forms.ValidationError(
                _("Opgelost op ligt vóór de datum van inbrengen (%(date)s).")
                % {"date": display_date(raised_on)}
            )
        return resolved_on


class AgreementForm(StaleFormMixin, forms.ModelForm):
    """An agreement; a save over a colleague's newer one is refused (see StaleFormMixin)."""

    class Meta:
        model = Agreement
        fields = ["kind", "title", "signed_on", "place", "pdf"]
        widgets = {
            "signed_on": DateInput(),
            "pdf": forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
        }

    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.remember_init(coalition=coalition)
        if coalition is not None:
            self.instance.coalition = coalition

    def clean_pdf(self):
        pdf = self.cleaned_data.get("pdf")
        if isinstance(pdf, UploadedFile):
            validate_pdf(pdf)
        return pdf


class SignatoryForm(forms.ModelForm):
    class Meta:
        model = Signatory
        fields = ["partner", "signer_name", "signer_function"]
        field_classes = {"partner": PartnerChoiceField}

    def __init__(self, *args, coalition, keep=None, partner_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = coalition_partners(coalition, keep=keep)
        if partner_choices is not None:
            # Choices computed once for the whole formset: rendering costs no query per form.
            self.fields["partner"].choices = partner_choices


def signatory_form_kwargs(coalition, agreement=None) -> dict:
    """form_kwargs for SignatoryFormSet: the coalition and its partner choices, one query.

    Running partners are offered; an existing agreement keeps its signatories selectable.
    """
    keep = None
    if agreement is not None and agreement.pk:
        keep = Signatory.objects.filter(agreement=agreement).values("partner")
    partners = coalition_partners(coalition, keep=keep)
    choices = [("", "---------"), *[(p.pk, p.organisation.name) for p in partners]]
    return {"coalition": coalition, "keep": keep, "partner_choices": choices}


# Any number of signatories: "Ondertekenaar toevoegen" adds a row (static/js/formset-rows.js);
# without JavaScript three empty rows are always there, and saving shows three fresh ones.
SIGNATORY_EXTRA_ROWS = 3
SignatoryFormSet = inlineformset_factory(
    Agreement, Signatory, form=SignatoryForm, extra=SIGNATORY_EXTRA_ROWS, can_delete=True
)


class ReviewForm(SubmitOnceMixin, forms.ModelForm):
    """That the item was discussed ("getoetst") at a level on a date; at one of the coalition's
    recorded meetings, the level and date are that meeting's (the model refuses others)."""

    class Meta:
        model = WorkItemReview
        fields = ["meeting", "level", "reviewed_on"]
        widgets = {"reviewed_on": DateInput()}
        help_texts = {
            "meeting": _("Kiest u een vastgelegd overleg, dan gelden niveau en datum daarvan."),
        }

    def __init__(self, *args, item, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.item = item
        self.fields["meeting"].queryset = Meeting.objects.filter(
            coalition_id=item.coalition_id
        ).order_by("-held_on", "title")
        self.fields["meeting"].empty_label = _("(geen vastgelegd overleg)")
        for name in ("level", "reviewed_on"):
            self.fields[name].required = False

    def clean(self):
        data = super().clean()
        meeting = data.get("meeting")
        if meeting:
            data["level"], data["reviewed_on"] = meeting.level, meeting.held_on
            self.instance.level, self.instance.reviewed_on = meeting.level, meeting.held_on
        else:
            for name in ("level", "reviewed_on"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Vul dit in, of kies een vastgelegd overleg."))
        return data


class DeleteReviewForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = WorkItemReview
        fields: list[str] = []
