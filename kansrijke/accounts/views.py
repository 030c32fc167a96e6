"""Password reset through Django's own views (Dutch text and HTML mails, audit-logged, and
forgiving the lock-out once the new password is set), and the account page."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from coalitions.models import CoalitionRole, Invitation
from kansrijke.accounts.forms import AccountForm
from kansrijke.audit import record
from kansrijke.lockout import forgive_after_password_reset
from kansrijke.models import AuditAction


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    html_email_template_name = "accounts/email/password_reset.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        # The typed address, whether or not an account has it (the page never tells).
        record(
            AuditAction.PASSWORD_RESET_ASKED, request=self.request, what=form.cleaned_data["email"]
        )
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        record(AuditAction.PASSWORD_RESET, request=self.request, user=form.user)
        forgive_after_password_reset(self.request, form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@login_required
def account(request):
    """The user's own account: name and e-mail, password, coalitions, notification choices."""
    from kansrijke.notifications.forms import PreferencesForm

    user = request.user
    form = AccountForm(request.POST if "account" in request.POST else None, instance=user)
    preferences = PreferencesForm(
        request.POST if "notifications" in request.POST else None, user=user
    )
    if request.method == "POST":
        if form.is_bound and form.is_valid():
            changed = ", ".join(form.changed_data)
            form.save()
            record(AuditAction.ACCOUNT_CHANGED, request=request, what=f"Gewijzigd: {changed}")
            messages.success(request, _("Uw gegevens zijn opgeslagen."))
            return redirect("accounts:account")
        if preferences.is_bound and preferences.is_valid():
            preferences.save()
            messages.success(request, _("Uw keuzes voor meldingen zijn opgeslagen."))
            return redirect("accounts:account")
    context = {
        "form": form,
        "preferences": preferences,
        "roles": CoalitionRole.objects.filter(user=user)
        .select_related("coalition")
        .order_by("coalition__name"),
        "invitations": Invitation.objects.pending()
        .for_email(user.email or "-")
        .select_related("coalition"),
        "has_password": user.has_usable_password(),
    }
    return render(request, "accounts/account.html", context)
