"""Forms for partners and contact people."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.forms import DateInput, display_date
from common.stale_edit import StaleFormMixin
from common.submit_once import SubmitOnceMixin
from partners.models import (
    SHARED_ORGANISATION_MESSAGE,
    Category,
    CoalitionPartner,
    ContactPerson,
    Domain,
    Level,
    Meeting,
    Organisation,
    PartnerRelation,
    PartnerRole,
    ReferralPath,
    ReferralStep,
)

# --- Workspace: partner management ---

DATE_WIDGET = DateInput()


class OrganisationSearchForm(forms.Form):
    """Step one of adding an existing organisation: works without JavaScript (a plain GET);
    the input's <datalist> gives browsers a native autocomplete on top."""

    q = forms.CharField(
        label=gettext_lazy("Zoek een organisatie"),
        min_length=2,
        max_length=100,
        help_text=gettext_lazy("Naam, plaats of postcode; minstens 2 tekens."),
        widget=forms.TextInput(attrs={"list": "organisation-names", "autocomplete": "off"}),
    )


class PartnershipFields(forms.ModelForm):
    """Role, levels and start date of a partnership; shared by the add and edit forms.

    The start date is always stored (reports count from it): the form shows today, and an
    empty field means today too, rather than an error about a value the user never saw."""

    since = forms.DateField(
        label=gettext_lazy("Partner sinds"),
        required=False,
        initial=timezone.localdate,
        widget=DATE_WIDGET,
        help_text=gettext_lazy("Leeg laten is vandaag."),
    )

    class Meta:
        model = CoalitionPartner
        fields = ["role", "levels", "since"]
        widgets = {"since": DATE_WIDGET}

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.coalition = coalition
        self.coalition = coalition

    def clean_since(self):
        return self.cleaned_data.get("since") or timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), self.instance.until
        if since and until and until < since:
            self.add_error("since", _("De begindatum ligt na de einddatum van het partnerschap."))
        return cleaned


class AddPartnershipForm(SubmitOnceMixin, PartnershipFields):
    """Add an organisation that already exists; it must not be a running partner already."""

    class Meta(PartnershipFields.Meta):
        fields = ["organisation", "role", "levels", "since"]
        widgets = {"since": DATE_WIDGET, "organisation": forms.RadioSelect}

    def __init__(self, *args, candidates=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Organisation.objects.order_by("name", "place")
        if not self.is_bound:  # offer only organisations that are not running partners
            running = self.coalition.partners.running().values("organisation")
            queryset = queryset.exclude(pk__in=running)
        if candidates is not None:
            queryset = queryset.filter(pk__in=candidates)
        self.fields["organisation"].queryset = queryset
        self.fields["organisation"].empty_label = None

    def clean_organisation(self):
        # A partnership that has not started yet is refused too, by the model's constraint
        # `one_active_partnership_per_organisation` (same message).
        organisation = self.cleaned_data["organisation"]
        if self.coalition.partners.running().filter(organisation=organisation).exists():
            raise forms.ValidationError(_("Deze organisatie is al partner van de coalitie."))
        return organisation


class EditPartnershipForm(StaleFormMixin, PartnershipFields):
    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, coalition=coalition, **kwargs)
        self.remember_init(coalition=coalition)


class EndPartnershipForm(StaleFormMixin, forms.ModelForm):
    """Ending keeps the partnership as history: it gets an end date and is never deleted."""

    class Meta:
        model = CoalitionPartner
        fields = ["until"]
        widgets = {"until": DATE_WIDGET}
        labels = {"until": gettext_lazy("Einddatum")}
        help_texts = {
            "until": gettext_lazy(
                "De dag waarop het partnerschap eindigt: vanaf die dag telt de organisatie "
                "niet meer mee als partner."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].required = True

    def clean_until(self):
        until = self.cleaned_data["until"]
        if self.instance.since and until < self.instance.since:
            raise forms.ValidationError(
                _("De einddatum ligt vóór de begindatum (%(since)s).")
                % {"since": display_date(self.instance.since)}
            )
        return until


class OrganisationForm(StaleFormMixin, forms.ModelForm):
    """An organisation's master data. With `coalition` (the workspace), an organisation another
    coalition has or had as partner is refused: `Organisation.editable_by_coalition`."""

    website = forms.URLField(
        label=gettext_lazy("Website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Organisation
        fields = [
            "name",
            "category",
            "domain",
            "kvk_number",
            "website",
            # The position last, so the location picker's map sits right below its fields.
            "address",
            "postcode",
            "place",
            "latitude",
            "longitude",
        ]
        help_texts = {
            "latitude": gettext_lazy("Voor de kaart, bijvoorbeeld 52,0116."),
            "longitude": gettext_lazy("Voor de kaart, bijvoorbeeld 4,3571."),
        }

    def __init__(self, *args, coalition=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.coalition = coalition
        # reloaded() (after a conflict) builds the form again with the same coalition.
        self._init_args[1]["coalition"] = coalition

    def clean(self):
        cleaned = super().clean()
        if (
            self.coalition is not None
            and self.instance.pk
            and not self.instance.editable_by_coalition(self.coalition)
        ):
            raise forms.ValidationError(SHARED_ORGANISATION_MESSAGE, code="shared")
        # Coordinates (in pairs, in the Netherlands) are the model's rule: Organisation.
        return cleaned


class NewOrganisationForm(OrganisationForm):
    """A new organisation; refuses an obvious duplicate (same name in the same place)."""

    def clean(self):
        cleaned = super().clean()
        name, place = cleaned.get("name"), cleaned.get("place", "")
        if name and Organisation.objects.filter(name__iexact=name, place__iexact=place).exists():
            self.add_error(
                "name",
                _(
                    "Er bestaat al een organisatie met deze naam in %(place)s: "
                    "voeg die toe via ‘Bestaande organisatie toevoegen’."
                )
                % {"place": place or _("(geen plaats)")},
            )
        return cleaned


class ContactPersonForm(StaleFormMixin, forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "function", "email", "phone"]


class ContactDeleteForm(StaleFormMixin, forms.ModelForm):
    """Confirms a removal; refused when someone changed the contact since the page loaded."""

    class Meta:
        model = ContactPerson
        fields = []


# --- Partner map ---


class PartnerMapFilterForm(forms.Form):
    """The partner map's filters: a plain GET form, so it works without JavaScript."""

    q = forms.CharField(
        label=gettext_lazy("Zoeken"),
        required=False,
        max_length=100,
        help_text=gettext_lazy("Naam of plaats van de organisatie."),
    )
    domain = forms.ChoiceField(
        label=gettext_lazy("Domein"),
        required=False,
        choices=[("", gettext_lazy("Alle domeinen")), *Domain.choices],
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Categorie"),
        required=False,
        choices=[("", gettext_lazy("Alle categorieën")), *Category.choices],
    )
    level = forms.ChoiceField(
        label=gettext_lazy("Niveau"),
        required=False,
        choices=[("", gettext_lazy("Alle niveaus")), *Level.choices],
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Rol"),
        required=False,
        choices=[("", gettext_lazy("Alle rollen")), *PartnerRole.choices],
    )

    def filters(self) -> dict:
        """The valid filters as keyword arguments for `CoalitionPartnerQuerySet.matching()`.

        A field with a bad value (a hand-edited URL) is left out and shows its error; the
        other filters still apply.
        """
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) or "" for name in self.fields if name not in self.errors}

    @property
    def is_filtered(self) -> bool:
        return any(self.filters().values())


# --- Workspace: relations between partners ---


class RelationBasisField(forms.ChoiceField):
    """The agreement or werkagenda item a relation rests on, from `relation_bases` (the apps
    that own them register there); the value is "<content type id>:<id>"."""

    def __init__(self, *, coalition, **kwargs):
        from django.contrib.contenttypes.models import ContentType

        from partners.extensions import relation_bases

        groups = []
        for basis in relation_bases:
            queryset = basis.candidates(coalition)
            content_type = ContentType.objects.get_for_model(queryset.model)
            options = [(f"{content_type.pk}:{obj.pk}", str(obj)) for obj in queryset]
            if options:
                groups.append((str(basis.label), options))
        super().__init__(choices=[("", "–"), *groups], required=False, **kwargs)


class RelationFields(forms.ModelForm):
    """What an editor says about a relation besides its two ends: since when, on what it rests,
    a short note and whether that note stays internal. The model's clean() checks the rules
    (same coalition, dates within both partnerships)."""

    since = forms.DateField(
        label=gettext_lazy("Sinds"),
        required=False,
        initial=timezone.localdate,
        widget=DATE_WIDGET,
        help_text=gettext_lazy("Leeg laten is vandaag."),
    )

    class Meta:
        model = PartnerRelation
        fields = ["since", "note", "internal"]

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.coalition = coalition
        self.instance.coalition = coalition
        self.fields["basis"] = RelationBasisField(
            coalition=coalition,
            label=gettext_lazy("Rust op (afspraak of werkagenda-onderdeel)"),
        )
        if len(self.fields["basis"].choices) == 1:  # nothing to rest on yet
            del self.fields["basis"]
        elif self.instance.basis_type_id:
            self.initial["basis"] = f"{self.instance.basis_type_id}:{self.instance.basis_id}"
        self.order_fields(["source", "kind", "target", "since", "basis", "note", "internal"])

    def clean_since(self):
        return self.cleaned_data.get("since") or timezone.localdate()

    def _post_clean(self):
        if "basis" in self.fields:
            value = self.cleaned_data.get("basis") or ""
            type_id, _sep, object_id = value.partition(":")
            self.instance.basis_type_id = int(type_id) if value else None
            self.instance.basis_id = int(object_id) if value else None
        super()._post_clean()


class AddRelationForm(SubmitOnceMixin, RelationFields):
    """A new relation between two running partners of the coalition."""

    class Meta(RelationFields.Meta):
        fields = ["source", "kind", "target", "since", "note", "internal"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        partners = self.coalition.partners.running().for_map()
        for name in ("source", "target"):
            self.fields[name].queryset = partners
            self.fields[name].label_from_instance = lambda p: p.organisation.name
        self.fields["source"].label = gettext_lazy("Partner")
        self.fields["target"].label = gettext_lazy("Met / naar partner")
        self.fields["kind"].help_text = gettext_lazy(
            "‘Verwijst naar’ en ‘warme overdracht’ hebben een richting: van de eerste partner "
            "naar de tweede. De andere soorten gelden over en weer."
        )


class EditRelationForm(StaleFormMixin, RelationFields):
    """Since, basis, note and whether it is internal; the ends and the kind stay (a different
    relation is a new one, so the history reads true)."""

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, coalition=coalition, **kwargs)
        self.remember_init(coalition=coalition)


class EndRelationForm(StaleFormMixin, forms.ModelForm):
    """Ending keeps the relation as history: it gets an end date and is never deleted."""

    class Meta:
        model = PartnerRelation
        fields = ["until"]
        widgets = {"until": DATE_WIDGET}
        labels = {"until": gettext_lazy("Einddatum")}
        help_texts = {
            "until": gettext_lazy(
                "De dag waarop de relatie eindigt: vanaf die dag telt ze niet meer mee."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].required = True
        self.initial.setdefault("until", timezone.localdate())


# --- Workspace: referral paths (zorgpaden) ---


class ReferralPathForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = ReferralPath
        fields = ["title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class ReferralStepForm(SubmitOnceMixin, forms.ModelForm):
    """The next step of a path, between two running partners; it gets the next number."""

    class Meta:
        model = ReferralStep
        fields = ["from_partner", "to_partner", "actor", "handover"]

    def __init__(self, *args, path, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.path = path
        partners = path.coalition.partners.running().for_map()
        for name in ("from_partner", "to_partner"):
            self.fields[name].queryset = partners
            self.fields[name].label_from_instance = lambda p: p.organisation.name

    def save(self, commit=True):
        last = self.instance.path.steps.aggregate(last=models.Max("position"))["last"]
        self.instance.position = (last or 0) + 1
        return super().save(commit)


class DeleteStepForm(SubmitOnceMixin, forms.ModelForm):
    class Meta:
        model = ReferralStep
        fields: list[str] = []


class DeletePathForm(SubmitOnceMixin, forms.ModelForm):
    """Confirms removing a whole path (its steps go with it; relations stay)."""

    class Meta:
        model = ReferralPath
        fields: list[str] = []


# --- Workspace: meetings (overleggen) ---


class MeetingForm(SubmitOnceMixin, forms.ModelForm):
    """A meeting that took place, with the coalition's running partners to choose from."""

    class Meta:
        model = Meeting
        fields = ["level", "held_on", "title", "participants", "decisions"]
        widgets = {
            "held_on": DATE_WIDGET,
            "participants": forms.CheckboxSelectMultiple,
            "decisions": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, coalition, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.coalition = coalition
        self.fields["participants"].queryset = coalition.partners.running().for_map()
        self.fields["participants"].label_from_instance = lambda p: p.organisation.name
