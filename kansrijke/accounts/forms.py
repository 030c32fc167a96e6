from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class AccountForm(forms.ModelForm):
    """Name and e-mail address. The address is how invitations, password resets and single
    sign-on find the account, so no two active accounts share one."""

    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email"]
        labels = {
            "first_name": gettext_lazy("Voornaam"),
            "last_name": gettext_lazy("Achternaam"),
            "email": gettext_lazy("E-mailadres"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        taken = (
            get_user_model()
            .objects.filter(email__iexact=email, is_active=True)
            .exclude(pk=self.instance.pk)
            .exists()
        )
        if taken:
            raise forms.ValidationError(_("Dit e-mailadres hoort al bij een ander account."))
        return email
