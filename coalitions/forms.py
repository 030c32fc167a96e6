"""Forms of the coalitions app."""

from django import forms
from django.utils.translation import gettext_lazy as _

from coalitions.models import Phase, Province


class PublicFilterForm(forms.Form):
    """Search and filters of the public overview: a plain GET form that works without JS."""

    q = forms.CharField(
        label=_("Gemeente"),
        required=False,
        max_length=100,
        help_text=_("Naam of CBS-code, bijvoorbeeld Delft of GM0503."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    province = forms.ChoiceField(
        label=_("Provincie"),
        required=False,
        choices=[("", _("Alle provincies")), *Province.choices],
    )
    phase = forms.ChoiceField(
        label=_("Fase"), required=False, choices=[("", _("Alle fasen")), *Phase.choices]
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
