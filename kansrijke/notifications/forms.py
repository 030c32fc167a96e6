from django import forms
from django.utils.translation import gettext_lazy

from experiments.models import EscalationLevel
from kansrijke.notifications.models import Kind, NotificationSettings


class PreferencesForm(forms.Form):
    """Which notices come by e-mail (all, unless switched off) and the escalation levels the
    user takes part in."""

    by_mail = forms.MultipleChoiceField(
        label=gettext_lazy("Per e-mail ontvangen"),
        choices=Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    levels = forms.MultipleChoiceField(
        label=gettext_lazy("Ik neem deel aan overleg op deze niveaus"),
        help_text=gettext_lazy(
            "U krijgt bericht als een knelpunt van uw coalitie naar zo'n niveau wordt opgeschaald."
        ),
        choices=EscalationLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        current = NotificationSettings.objects.filter(user=user).first()
        kwargs.setdefault(
            "initial",
            {
                "by_mail": [k for k in Kind.values if not current or k not in current.muted],
                "levels": current.levels if current else [],
            },
        )
        super().__init__(*args, **kwargs)

    def save(self):
        wanted = set(self.cleaned_data["by_mail"])
        NotificationSettings.objects.update_or_create(
            user=self.user,
            defaults={
                "muted": [k for k in Kind.values if k not in wanted],
                "levels": self.cleaned_data["levels"],
            },
        )
