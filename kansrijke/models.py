"""The project's own tables: the audit log and the established half-year reports.

The audit log: who logged in (or tried to), exported or erased what, and when.

Changes to coalition data are recorded by pghistory's triggers (one event table per tracked
model, with the user and URL in the context); this table holds everything that is not a row
change. Both are shown in the admin to superusers, filterable by period and user, and export
to CSV. Entries older than AUDIT_LOG_RETENTION_DAYS are removed by `manage.py purge_audit_log`.
"""

import datetime

import pgtrigger
import tablib
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from common.forms import display_date


class AuditAction(models.TextChoices):
    LOGIN = "login", _("Ingelogd")
    LOGIN_FAILED = "login_failed", _("Mislukte inlogpoging")
    LOCKOUT = "lockout", _("Geblokkeerd na mislukte inlogpogingen")
    LOGOUT = "logout", _("Uitgelogd")
    EXPORT = "export", _("Export")
    PRIVACY_EXPORT = "privacy_export", _("Persoonsgegevens opgevraagd (inzageverzoek)")
    ERASURE = "erasure", _("Persoonsgegevens gewist (verwijderverzoek)")
    PURGE = "purge", _("Oude auditregels opgeschoond")
    # The team of a coalition (coalitions.audit.TEAM_ACTIONS).
    INVITATION = "invitation", _("Uitnodiging verstuurd")
    INVITATION_ACCEPTED = "invitation_accepted", _("Uitnodiging geaccepteerd")
    INVITATION_REVOKED = "invitation_revoked", _("Uitnodiging ingetrokken")
    ROLE_GRANTED = "role_granted", _("Rol gegeven")
    ROLE_REVOKED = "role_revoked", _("Rol afgenomen")
    # Accounts and notifications (kansrijke/accounts, kansrijke/notifications).
    PASSWORD_RESET_ASKED = "password_reset_asked", _("Wachtwoordherstel aangevraagd")
    PASSWORD_RESET = "password_reset", _("Wachtwoord opnieuw ingesteld")
    ACCOUNT_CHANGED = "account_changed", _("Accountgegevens gewijzigd")
    NOTIFICATION_SENT = "notification_sent", _("Melding verstuurd")


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
        when = formats.date_format(timezone.localtime(self.at), "DATETIME_FORMAT")
        return f"{when} {self.username or '-'}: {self.get_action_display()}"


# --- Established half-year reports --------------------------------------------------------------


class EstablishedReportQuerySet(models.QuerySet):
    def establish(self, report, user) -> "EstablishedReport":
        """Store `report` (a kansrijke.pharos.reports.HalfYearReport) as established by `user`.

        Establishing the same peildatum again is allowed and makes a new version (a late
        status update dated back, or a corrected partnership, may need a corrected report);
        the earlier versions stay, unchanged. The constraint on (peildatum, version) keeps two
        simultaneous clicks from making the same version twice.
        """
        with transaction.atomic():
            latest = self.filter(on=report.on).aggregate(v=models.Max("version"))["v"] or 0
            return self.create(
                on=report.on,
                previous=report.previous,
                version=latest + 1,
                snapshot=report.snapshot(),
                established_by=user,
                established_by_name=user.get_full_name() or user.get_username(),
            )

    def newest_for(self, on, previous=None) -> "EstablishedReport | None":
        """The newest version established at peildatum `on` (and compared with `previous`,
        when asked), or None: what the report page shows instead of computing it again."""
        versions = self.filter(on=on)
        if previous is not None:
            versions = versions.filter(previous=previous)
        return versions.order_by("-version").first()

    def listing(self):
        """For lists: everything but the (large) snapshot, newest peildatum first."""
        return self.defer("snapshot").order_by("-on", "-version")


@pgtrigger.register(
    # Append-only at the database level, like StatusUpdate: an established report is what was
    # sent out, so not even bulk SQL may change or remove it. Correct by establishing again.
    pgtrigger.Protect(
        name="establishedreport_append_only", operation=pgtrigger.Update | pgtrigger.Delete
    )
)
class EstablishedReport(models.Model):
    """A half-year report established (vastgesteld) by Pharos: an immutable snapshot of the
    rows and totals as the report computed them at that moment, with who and when."""

    on = models.DateField(_("peildatum"))
    previous = models.DateField(_("vergeleken met"))
    version = models.PositiveIntegerField(_("versie"), default=1)
    snapshot = models.JSONField(_("rapportage"))
    established_at = models.DateTimeField(_("vastgesteld op"), default=timezone.now)
    # PROTECT: the row cannot be updated (trigger), so SET_NULL would fail in the database; the
    # name is kept as text so the report still says who established it.
    established_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("vastgesteld door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    established_by_name = models.CharField(_("naam vaststeller"), max_length=300)

    objects = EstablishedReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("vastgestelde voortgangsrapportage")
        verbose_name_plural = _("vastgestelde voortgangsrapportages")
        ordering = ["-on", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["on", "version"],
                name="one_established_report_per_date_and_version",
                violation_error_message=_("Deze versie van de rapportage bestaat al."),
            )
        ]

    def __str__(self):
        return _("Voortgangsrapportage %(on)s (versie %(version)s)") % {
            "on": display_date(self.on),
            "version": self.version,
        }

    def previous_established(self):
        """The established report before this one: the earlier version of the same peildatum,
        else the newest version of the latest earlier peildatum; None for the first."""
        return (
            EstablishedReport.objects.filter(
                Q(on__lt=self.on) | Q(on=self.on, version__lt=self.version)
            )
            .order_by("-on", "-version")
            .first()
        )

    @property
    def records_relations(self) -> bool:
        """Whether this version recorded the relations per domain pair. Versions established
        before the report counted them did not; they say so and are never filled in now."""
        return "relation_pairs" in self.snapshot

    def dataset(self) -> tablib.Dataset:
        """The stored table as it was established, dates as real dates (for XLSX and CSV). A
        version without the relations per domain pair gets one column saying so, so a download
        cannot be read as "no relations"."""
        snapshot = self.snapshot
        missing = [] if self.records_relations else [str(_("niet vastgelegd in deze versie"))]
        headers = [*snapshot["headers"], *([str(_("Relaties per domeinpaar"))] if missing else [])]
        data = tablib.Dataset(headers=headers, title=snapshot["title"])
        dates = set(snapshot["date_columns"])
        for row in snapshot["rows"]:
            data.append(
                [
                    *(
                        datetime.date.fromisoformat(v) if i in dates and v else v
                        for i, v in enumerate(row)
                    ),
                    *missing,
                ]
            )
        return data

    def diff(self, before: "EstablishedReport | None") -> list[dict]:
        """What changed since `before` (an earlier established report): per coalition its
        phase, gemeenten and partners per domain, and the totals; only what differs.
        [{"coalition": name or "", "what": label, "before": value, "after": value}]."""
        from partners.models import Domain  # kansrijke may import every app

        old = {f["coalition_id"]: f for f in before.snapshot["figures"]} if before else {}
        new = {f["coalition_id"]: f for f in self.snapshot["figures"]}
        labels = [
            ("phase", _("Fase")),
            ("gemeenten", _("Gemeenten")),
            *[
                ((domain,), _("Partners %(d)s") % {"d": str(label).lower()})
                for domain, label in Domain.choices
            ],
            ("partner_total", _("Partners totaal")),
        ]

        def value(figures, key):
            if figures is None:
                return None
            return figures["partners"].get(key[0], 0) if isinstance(key, tuple) else figures[key]

        changes = []
        for coalition_id in sorted(
            old.keys() | new.keys(), key=lambda i: (new.get(i) or old[i])["coalition"]
        ):
            then, now = old.get(coalition_id), new.get(coalition_id)
            name = (new.get(coalition_id) or old[coalition_id])["coalition"]
            if then is None or now is None:
                changes.append(
                    {
                        "coalition": name,
                        "what": _("Coalitie"),
                        "before": _("niet in de rapportage")
                        if then is None
                        else _("in de rapportage"),
                        "after": _("niet in de rapportage")
                        if now is None
                        else _("in de rapportage"),
                    }
                )
                continue
            for key, label in labels:
                a, b = value(then, key), value(now, key)
                if a != b:
                    changes.append({"coalition": name, "what": label, "before": a, "after": b})
            # Relations per domain pair only where both versions recorded them: a version
            # established before they were counted has no figure to compare with.
            if "relations" in then and "relations" in now:
                for pair in sorted(then["relations"].keys() | now["relations"].keys()):
                    a, b = then["relations"].get(pair, 0), now["relations"].get(pair, 0)
                    if a != b:
                        what = _("Relaties %(pair)s") % {"pair": pair}
                        changes.append({"coalition": name, "what": what, "before": a, "after": b})
        old_totals = before.snapshot["totals"] if before else None
        new_totals = self.snapshot["totals"]
        for key, label in [
            ("coalitions", _("Aantal coalities")),
            ("partner_total", _("Partners totaal")),
        ]:
            a = old_totals[key] if old_totals else None
            if a != new_totals[key]:
                changes.append(
                    {"coalition": "", "what": label, "before": a, "after": new_totals[key]}
                )
        return changes
