"""The audit log: who logged in (or tried to), exported or erased what, and when.

Changes to coalition data are recorded by pghistory's triggers (one event table per tracked
model, with the user and URL in the context); this table holds everything that is not a row
change. Both are shown in the admin to superusers, filterable by period and user, and export
to CSV. Entries older than AUDIT_LOG_RETENTION_DAYS are removed by `manage.py purge_audit_log`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Ingelogd")
    LOGIN_FAILED = "login_failed", _("Mislukte inlogpoging")
    LOCKOUT = "lockout", _("Geblokkeerd na mislukte inlogpogingen")
    LOGOUT = "logout", _("Uitgelogd")
    EXPORT = "export", _("Export")
    PRIVACY_EXPORT = "privacy_export", _("Persoonsgegevens opgevraagd (inzageverzoek)")
    ERASURE = "erasure", _("Persoonsgegevens gewist (verwijderverzoek)")
    PURGE = "purge", _("Oude auditregels opgeschoond")


class AuditLogEntryQuerySet(models.QuerySet):
    def older_than(self, days: int):
        """Entries recorded more than `days` days ago (what the retention period removes)."""
        return self.filter(at__lt=timezone.now() - datetime.timedelta(days=days))

    def in_period(self, start=None, end=None):
        """Entries recorded on or after `start` and before `end` (datetimes; both optional)."""
        qs = self
        if start is not None:
            qs = qs.filter(at__gte=start)
        if end is not None:
            qs = qs.filter(at__lt=end)
        return qs


class AuditLogEntry(models.Model):
    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    action = models.CharField(_("handeling"), max_length=20, choices=AuditAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    # Kept as text so the entry still says who it was after the account is deleted, and so a
    # failed login records the name that was tried.
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    what = models.CharField(_("wat"), max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    path = models.CharField(_("adres (URL)"), max_length=500, blank=True)

    objects = AuditLogEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "-at"]), models.Index(fields=["action", "-at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=AuditAction.values), name="auditlogentry_action_valid"
            )
        ]

    def __str__(self):
        return f"{self.at:%d-%m-%Y %H:%M} {self.username or '-'}: {self.get_action_display()}"
