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


# Sent with request=<HttpRequest or None>, user=<the acting user or None>, action=<str> (one of
# TEAM_ACTIONS) and what=<str>: invitations and role changes (coalitions.services).
team_changed = Signal()
TEAM_ACTIONS = (
    "invitation",
    "invitation_accepted",
    "invitation_revoked",
    "role_granted",
    "role_revoked",
)


def log_team(request, action: str, what: str, user=None) -> None:
    """Record an invitation or role change (`action` one of TEAM_ACTIONS) in the audit log."""
    assert action in TEAM_ACTIONS, action
    team_changed.send(sender=None, request=request, user=user, action=action, what=str(what)[:300])
