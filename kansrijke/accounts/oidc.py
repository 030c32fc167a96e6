"""Single sign-on (mozilla-django-oidc, on when OIDC_RP_CLIENT_ID is set): the callback sends
a person the app does not know back to the login page and tells them why, in Dutch. Accounts are
matched on e-mail address and never made by a login (OIDC_CREATE_USER=false): a person gets
in through an invitation."""

from django.contrib import messages
from django.shortcuts import resolve_url
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView


class CallbackView(OIDCAuthenticationCallbackView):
    @property
    def failure_url(self):
        # mozilla-django-oidc redirects to the setting as it is: the URL name "login" became
        # the relative address "login", a 404 under /oidc/callback/.
        return resolve_url(self.get_settings("LOGIN_REDIRECT_URL_FAILURE", "login"))

    def login_failure(self):
        messages.error(
            self.request,
            _(
                "Inloggen met uw organisatieaccount is gelukt, maar er is hier geen account met "
                "dat e-mailadres. Vraag de beleidsadviseur van uw coalitie of Pharos om een "
                "uitnodiging."
            ),
        )
        return super().login_failure()
