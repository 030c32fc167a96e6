"""Login lock-out (django-axes) on two counts: per username and address, and per address.

- A username tried from one address is locked after LOGIN_FAILURE_LIMIT_PER_USERNAME wrong
  passwords. Locking the username everywhere would let anyone lock out any colleague.
- An address is locked for every username after LOGIN_FAILURE_LIMIT_PER_ADDRESS wrong passwords
  on any usernames: without it one address could try a few passwords on every username.
  The limit is far higher, because a whole town hall may share one address.

axes counts the failures per entry of AXES_LOCKOUT_PARAMETERS ([username + address], [address])
and compares the largest count, always the address's (it includes the other), with one limit:
`failure_limit` below. Both locks last AXES_COOLOFF_TIME.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def _name_at_address(request, credentials):
    return AccessAttempt.objects.filter(
        username=get_client_username(request, credentials),
        ip_address=request.axes_ip_address,
    )


def failure_limit(request, credentials) -> int:
    """AXES_FAILURE_LIMIT: the username limit once this username has reached it from this
    address, else the address limit. Since axes compares the address's count, this locks
    exactly when either count reaches its own limit."""
    per_username = settings.LOGIN_FAILURE_LIMIT_PER_USERNAME
    failures = (
        _name_at_address(request, credentials)
        .filter(attempt_time__gte=get_cool_off_threshold(request))
        .aggregate(n=Sum("failures_since_start"))["n"]
        or 0
    )
    return per_username if failures >= per_username else settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS


class LockoutHandler(AxesDatabaseHandler):
    """axes' database handler, except that a successful login forgives only that username's
    failures from that address (AXES_RESET_ON_SUCCESS). axes would delete every failure
    matching any lock-out parameter, so the address's failures on other usernames too: anyone
    with one account could then guess on without limit by logging in between guesses."""

    def reset_user_attempts(self, request, credentials=None) -> int:
        count, _ = _name_at_address(request, credentials).delete()
        return count


def forgive_after_password_reset(request, user) -> int:
    """A new password set through the e-mailed link proves the mailbox: forgive that username's
    failures from this address, exactly as a successful login does (never the address's
    failures on other usernames)."""
    from axes.handlers.proxy import AxesProxyHandler

    AxesProxyHandler.update_request(request)
    return LockoutHandler().reset_user_attempts(request, {"username": user.get_username()})
