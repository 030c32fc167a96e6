"""Remove audit entries older than the retention period (AUDIT_LOG_RETENTION_DAYS)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import ngettext

from kansrijke.audit import record
from kansrijke.models import AuditAction, AuditLogEntry


class Command(BaseCommand):
    help = "Verwijdert auditregels ouder dan de bewaartermijn (AUDIT_LOG_RETENTION_DAYS)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Bewaartermijn in dagen (standaard AUDIT_LOG_RETENTION_DAYS).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Alleen tellen.")

    @transaction.atomic
    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.AUDIT_LOG_RETENTION_DAYS if days is None else days
        old = AuditLogEntry.objects.older_than(days)
        count = old.count()
        what = ngettext(
            "%(count)d regel ouder dan %(days)s", "%(count)d regels ouder dan %(days)s", count
        ) % {"count": count, "days": ngettext("%d dag", "%d dagen", days) % days}
        if not dry_run and count:
            old.delete()
            record(AuditAction.PURGE, what=f"{what} verwijderd")
        verb = "zou verwijderen" if dry_run else "verwijderd"
        self.stdout.write(f"Auditlog: {what} {verb}.")
