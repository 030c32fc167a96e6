"""Workspace and public forms of coalitions (stale-edit and submit-once: common/)."""

from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coalitions.models import Coalition, CoalitionRole, Goal, Phase, Province, StatusUpdate
from common.forms import DateInput
from common.stale_edit import StaleFormMixin
from common.submit_once import SubmitOnceMixin
from common.text import TextLengthValidator


class StatusUpdateForm(SubmitOnceMixin, forms.Form):
    """A new status update; stored through coalitions.services.post_status_update.

    The form carries the id of the last status update stored when it was shown (`based_on`):
    the service refuses it when a colleague has stored a newer one meanwhile (for instance a
    phase change), so an old form never silently reverts the phase.
    """

    date = forms.DateField(
        label=gettext_lazy("Datum"),
        widget=DateInput(),
    )
    phase = forms.ChoiceField(label=gettext_lazy("Fase"), choices=Phase.choices)
    summary = forms.CharField(
        label=gettext_lazy("Samenvatting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy("Verplicht als de fase verandert."),
        validators=[TextLengthValidator()],
    )
    next_steps = forms.CharField(
        label=gettext_lazy("Volgende stappen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        validators=[TextLengthValidator()],
    )
    bottlenecks = forms.CharField(
        label=gettext_lazy("Knelpunten"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        validators=[TextLengthValidator()],
    )
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)

    # The fields a status update is made of (the others belong to the form's checks).
    update_fields = ["date", "phase", "summary", "next_steps", "bottlenecks"]

    def __init__(self, *args, coalition: Coalition, **kwargs):
        self.coalition = coalition
        self.conflict = None
        kwargs.setdefault("initial", {"date": timezone.localdate(), "phase": coalition.phase})
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            last = StatusUpdate.objects.filter(coalition=coalition).last_stored_id()
            self.initial["based_on"] = str(last or 0)

    def clean_based_on(self):
        """The id the form was based on; None when the form carries none (not checked).
        A mangled value counts as "based on nothing": any stored update is then newer."""
        value = self.cleaned_data["based_on"].strip()
        if not value:
            return None
        return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 0

    def reloaded(self):
        """A fresh form on the stored state (after a conflict), keeping the conflict."""
        self.coalition.refresh_from_db(fields=["phase", "updated_at"])
        fresh = type(self)(coalition=self.coalition)
        fresh.conflict = self.conflict
        return fresh

    def clean(self):
        # The rules live on the model (StatusUpdate.clean), so the admin refuses the same.
        cleaned = super().clean()
        try:
            fields = {name: cleaned.get(name) for name in self.update_fields}
            StatusUpdate(coalition=self.coalition, **fields).clean()
        except ValidationError as e:
            self.add_error(None, e)
        return cleaned


class CoalitionBasicsForm(StaleFormMixin, forms.ModelForm):
    """What a coalition's editors keep up to date themselves. Not its gemeenten: Pharos
    assigns those (admin, CoalitionGemeente), because a gemeente's figures and RIVM answers
    follow the coalition it belongs to."""

    class Meta:
        model = Coalition
        # The trekker is a partner's role, chosen on the partners page (partners app).
        fields = ["ambition", "boegbeeld", "start_date"]
        widgets = {
            "ambition": forms.Textarea(attrs={"rows": 5}),
            "start_date": DateInput(),
        }


class GoalForm(StaleFormMixin, forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["year", "description", "owner", "pillars", "elements", "indicators", "evaluation"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "evaluation": forms.Textarea(attrs={"rows": 3}),
            # The denkraam's pillars, elements and indicators the goal belongs to.
            "pillars": forms.CheckboxSelectMultiple,
            "elements": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, coalition: Coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.coalition = coalition
        self.remember_init(coalition=coalition)
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

    sort = forms.ChoiceField(
        label=gettext_lazy("Sorteren op"),
        required=False,
        choices=[
            ("", gettext_lazy("Naam")),
            ("fase", gettext_lazy("Fase")),
            ("bijgewerkt", gettext_lazy("Laatst bijgewerkt")),
        ],
    )

    def filter(self, coalitions):
        """`coalitions` narrowed by the valid fields; an invalid field filters nothing."""
        data = getattr(self, "cleaned_data", {})
        return (
            coalitions.search_gemeente(data.get("q"))
            .in_province(data.get("province"))
            .in_phase(data.get("phase"))
        )

    def order(self, coalitions):
        """`coalitions` in the chosen order (name when none or an invalid one is chosen)."""
        return coalitions.sorted_by(getattr(self, "cleaned_data", {}).get("sort", ""))

    @property
    def is_filtering(self) -> bool:
        """Does the form narrow the list? The order alone does not."""
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields if name != "sort")


class InviteForm(forms.Form):
    """Invite someone into a coalition's team; the roles offered are those the inviter may
    give (`permissions.grantable_roles`)."""

    email = forms.EmailField(label=gettext_lazy("E-mailadres"), max_length=254)
    role = forms.ChoiceField(label=gettext_lazy("Rol"))

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [(r, CoalitionRole.Role(r).label) for r in roles]


class NewAccountForm(forms.Form):
    """The account an invited person makes: name and a password (Django's validators)."""

    first_name = forms.CharField(label=gettext_lazy("Voornaam"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Achternaam"), max_length=150)
    password1 = forms.CharField(
        label=gettext_lazy("Wachtwoord"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )
    password2 = forms.CharField(
        label=gettext_lazy("Wachtwoord (nogmaals)"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        strip=False,
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif one:
            user = get_user_model()(
                username=self.email,
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(one, user)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
