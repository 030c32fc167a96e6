"""Pharos' API tokens: made in the admin by a superuser, shown once, stored only as a hash."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalitions.models.team import token_hash
from coalitions.roles import is_pharos


class ApiTokenQuerySet(models.QuerySet):
    def user_for(self, token: str):
        """The Pharos user an active token acts for, or None. Compares hashes only; a token of
        someone who is no longer Pharos (or no longer active) opens nothing."""
        found = (
            self.filter(token_hash=token_hash(token or ""), active=True)
            .select_related("user")
            .first()
        )
        if found is None or not is_pharos(found.user):
            return None
        return found.user


class ApiToken(models.Model):
    name = models.CharField(
        _("omschrijving"), max_length=100, help_text=_("Bijvoorbeeld ‘Dashboard Pharos’.")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Pharos-gebruiker"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text=_("De token werkt alleen zolang deze gebruiker Pharos-adviseur is."),
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, to tell tokens apart in the admin without storing the token.
    prefix = models.CharField(_("begint met"), max_length=8, editable=False)
    active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def new_token(self) -> str:
        """A fresh token (returned once; only its hash is kept)."""
        token = secrets.token_urlsafe(32)
        self.token_hash = token_hash(token)
        self.prefix = token[:8]
        return token
