"""Recording exports in the audit log, for any app (apps never import `kansrijke`).

Call `log_export(request, what)` from every view that hands data out of the app (CSV, Excel,
PDF, the Pharos report). The project (kansrijke/audit.py) listens to `export_performed` and
writes the audit entry with the user, time, address and URL of the request. Exports through
the admin's import-export buttons are logged automatically.
"""

from django.dispatch import Signal

# Sent with request=<HttpRequest> and what=<str>.
export_performed = Signal()


def log_export(request, what: str) -> None:
    """Record that the user of `request` exported `what` (e.g. "Partnerlijst Delft (CSV)")."""
    export_performed.send(sender=None, request=request, what=str(what)[:300])
