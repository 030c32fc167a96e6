from django import forms
from django.utils.translation import gettext_lazy as _

from partners.models import Category, Domain, Level, PartnerRole

# --- Partner map ---


class PartnerMapFilterForm(forms.Form):
    """The partner map's filters: a plain GET form, so it works without JavaScript."""

    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=100,
        help_text=_("Naam of plaats van de organisatie."),
    )
    domain = forms.ChoiceField(
        label=_("Domein"), required=False, choices=[("", _("Alle domeinen")), *Domain.choices]
    )
    category = forms.ChoiceField(
        label=_("Categorie"),
        required=False,
        choices=[("", _("Alle categorieën")), *Category.choices],
    )
    level = forms.ChoiceField(
        label=_("Niveau"), required=False, choices=[("", _("Alle niveaus")), *Level.choices]
    )
    role = forms.ChoiceField(
        label=_("Rol"), required=False, choices=[("", _("Alle rollen")), *PartnerRole.choices]
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
