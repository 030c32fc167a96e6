"""The team of a coalition: invitations by e-mail that become a `CoalitionRole` once accepted.

An invitation carries a one-time link. Only the SHA-256 of its token is stored, so a copy of
the database gives nobody a working link; the link is valid for `INVITATION_VALID_DAYS` and
works once. A resend replaces the token (the old link stops working) and restarts the period.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coalitions.models.coalition import Coalition, CoalitionRole

INVITATION_VALID_DAYS = 7

# Higher number, more rights: nobody gives a role above their own (coalitions.permissions).
ROLE_RANK: dict[str, int] = {CoalitionRole.Role.MEMBER: 1, CoalitionRole.Role.EDITOR: 2}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def open(self):
        """Neither accepted nor revoked (an open invitation may have expired)."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)

    def pending(self, now=None):
        """Open and still valid: the link would work now."""
        return self.open().filter(expires_at__gt=now or timezone.now())

    def for_email(self, email: str):
        return self.filter(email__iexact=email.strip())

    def for_token(self, token: str):
        """The invitation whose link carries `token` (or none); compares hashes only."""
        return self.filter(token_hash=token_hash(token or "")).first()


class Invitation(models.Model):
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalitie"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mailadres"))
    role = models.CharField(_("rol"), max_length=10, choices=CoalitionRole.Role.choices)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uitgenodigd op"), default=timezone.now)
    sent_at = models.DateTimeField(_("laatst verstuurd op"), default=timezone.now)
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(_("geaccepteerd op"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geaccepteerd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-sent_at"]
        constraints = [
            # One open invitation per address and coalition: inviting again resends it.
            models.UniqueConstraint(
                "coalition",
                Lower("email"),
                condition=Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_email",
            ),
            models.CheckConstraint(
                condition=Q(role__in=["editor", "member"]), name="invitation_role_valid"
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="invitation_not_accepted_and_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.email} – {self.coalition} ({self.get_role_display()})"

    def new_token(self, now=None) -> str:
        """A fresh link token (returned once, stored only as a hash), valid for seven days."""
        now = now or timezone.now()
        token = secrets.token_urlsafe(32)
        self.token_hash = token_hash(token)
        self.sent_at = now
        self.expires_at = now + datetime.timedelta(days=INVITATION_VALID_DAYS)
        return token

    def failure(self, now=None) -> str:
        """Why the link no longer works (Dutch), or "" when it does."""
        if self.revoked_at:
            return gettext("Deze uitnodiging is ingetrokken. Vraag om een nieuwe uitnodiging.")
        if self.accepted_at:
            return gettext("Deze uitnodiging is al gebruikt. Log in met uw account.")
        if self.expires_at <= (now or timezone.now()):
            return gettext("Deze uitnodiging is verlopen. Vraag om een nieuwe uitnodiging.")
        return ""

    def accept(self, user, now=None) -> CoalitionRole:
        """Give `user` the invited role in the coalition, once. A user who already has a
        higher role keeps it. Raises ValueError (Dutch) when the link no longer works."""
        now = now or timezone.now()
        with transaction.atomic():
            # Locks the row: two clicks at once accept once.
            fresh = Invitation.objects.select_for_update().get(pk=self.pk)
            problem = fresh.failure(now)
            if problem:
                raise ValueError(problem)
            role, created = CoalitionRole.objects.select_for_update().get_or_create(
                user=user, coalition=self.coalition, defaults={"role": self.role}
            )
            if not created and ROLE_RANK[self.role] > ROLE_RANK[role.role]:
                role.role = self.role
                role.save(update_fields=["role"])
            self.accepted_at = fresh.accepted_at = now
            self.accepted_by = user
            Invitation.objects.filter(pk=self.pk).update(accepted_at=now, accepted_by=user)
        return role
