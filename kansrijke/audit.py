"""Writes the audit log: receivers for Django's auth signals, axes' lock-out, exports, and
team changes (invitations and roles, `coalitions.audit.team_changed`).

Connected in KansrijkeConfig.ready(). Apps record exports through `coalitions.audit.log_export`
(a signal, so apps need not import the project); admin exports through django-import-export's
`post_export` signal, which carries no request: `CurrentRequestMiddleware` keeps the request of
the running thread at hand for it.
"""

import contextvars
import ipaddress

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

from kansrijke.models import AuditAction, AuditLogEntry

_current_request = contextvars.ContextVar("kansrijke_current_request", default=None)


class CurrentRequestMiddleware:
    """Remembers the request being handled, for audit entries made without one at hand."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            _current_request.reset(token)


def client_ip(request) -> str | None:
    """The client's address as axes saw it (proxy-aware), else REMOTE_ADDR; None if invalid."""
    if request is None:
        return None
    value = getattr(request, "axes_ip_address", None) or request.META.get("REMOTE_ADDR")
    try:
        return str(ipaddress.ip_address(value)) if value else None
    except ValueError:
        return None


def record(action, *, request=None, user=None, username="", what="") -> AuditLogEntry:
    """Write one audit entry; user and address come from `request` when not given."""
    if request is None:
        request = _current_request.get()
    if user is None and request is not None:
        request_user = getattr(request, "user", None)
        if request_user is not None and request_user.is_authenticated:
            user = request_user
    if user is not None and not username:
        username = user.get_username()
    return AuditLogEntry.objects.create(
        action=action,
        user=user,
        username=(username or "")[:150],
        what=(what or "")[:300],
        ip_address=client_ip(request),
        path=(request.get_full_path()[:500] if request is not None else ""),
    )


def on_logged_in(sender, request, user, **kwargs):
    record(AuditAction.LOGIN, request=request, user=user)


def on_logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(AuditAction.LOGOUT, request=request, user=user)


def on_login_failed(sender, credentials, request=None, **kwargs):
    # Django already replaces the password in `credentials` by asterisks; keep only the name.
    username = str(credentials.get("username") or "")
    record(AuditAction.LOGIN_FAILED, request=request, username=username)


def on_locked_out(sender, request, username, ip_address, **kwargs):
    record(AuditAction.LOCKOUT, request=request, username=str(username or ""))


def on_app_export(sender, request, what, **kwargs):
    record(AuditAction.EXPORT, request=request, what=what)


def on_admin_export(sender, model, **kwargs):
    record(AuditAction.EXPORT, what=f"Beheer-export: {model._meta.verbose_name_plural}")


def on_team_changed(sender, request, user, action, what, **kwargs):
    record(AuditAction(action), request=request, user=user, what=what)


def connect():
    from axes.signals import user_locked_out
    from import_export.signals import post_export

    from coalitions.audit import export_performed, team_changed

    user_logged_in.connect(on_logged_in, dispatch_uid="audit_logged_in")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit_logged_out")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failed")
    user_locked_out.connect(on_locked_out, dispatch_uid="audit_locked_out")
    export_performed.connect(on_app_export, dispatch_uid="audit_app_export")
    post_export.connect(on_admin_export, dispatch_uid="audit_admin_export")
    team_changed.connect(on_team_changed, dispatch_uid="audit_team_changed")
