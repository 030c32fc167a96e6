"""A dated period with a required start and an optional end: "running on a date".

The rule, defined once for SQL and for Python side by side so the two cannot drift apart:
a period runs on day `on` when it has started on or before `on` and has not ended on or
before `on` (an empty end means open-ended). So `until` is the day the period ends: from that
day on it no longer runs ("ended today" is not running).

The start is always known (NOT NULL, today by default, in both models that use this rule): an
empty start once counted as "running since always", which let a partner added today change
reports of dates long past (partners migrations 0005/0006 gave the old ones a date).

A partnership (partners.CoalitionPartner) and a gemeente's link to a coalition
(coalitions.CoalitionGemeente) are such periods; their `running()` QuerySet methods and
`is_running()` call these. The SQL form takes a `prefix` so a query on another model can use
it through a relation (coalitions counts running partners as "partners__").
"""

import datetime

from django.db.models import Q
from django.utils import timezone


def running_q(on: datetime.date | None = None, *, prefix: str = "") -> Q:
    """A Q for the rows (reached through `prefix`, e.g. "partners__") running on `on`
    (today in the project's time zone by default); the period is in `since` and `until`."""
    on = on or timezone.localdate()
    return Q(**{f"{prefix}since__lte": on}) & (
        Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gt": on})
    )


def is_running(
    since: datetime.date, until: datetime.date | None, on: datetime.date | None = None
) -> bool:
    """The same rule as `running_q`, for one period already in memory."""
    on = on or timezone.localdate()
    return since <= on and (until is None or until > on)
