"""The coalitions app's models, one module per sub-domain: gemeenten and their links to
coalitions (gemeenten), the coalition with its status history and roles (coalition), goals,
feedback and audit events (records), and invitations to a coalition's team (team). Everything
is importable from `coalitions.models`.
"""

from coalitions.models.coalition import (
    STALE_AFTER_MONTHS,
    Coalition,
    CoalitionKind,
    CoalitionQuerySet,
    CoalitionRole,
    Phase,
    StatusUpdate,
    StatusUpdateQuerySet,
    as_date,
    months_before,
    partner_domains,
    stale_before,
    stale_cutoff,
    trekker_partnerships,
)
from coalitions.models.gemeenten import (
    CBS_CODE_REGEX,
    CoalitionGemeente,
    CoalitionGemeenteQuerySet,
    Gemeente,
    GemeenteQuerySet,
    Province,
    RunningCoalitionGemeente,
)
from coalitions.models.records import (
    AuditEvent,
    Feedback,
    FeedbackQuerySet,
    Goal,
    GoalQuerySet,
)
from coalitions.models.team import (
    INVITATION_VALID_DAYS,
    ROLE_RANK,
    Invitation,
    InvitationQuerySet,
)

__all__ = [
    "Province",
    "GemeenteQuerySet",
    "Gemeente",
    "CoalitionGemeenteQuerySet",
    "CoalitionGemeente",
    "RunningCoalitionGemeente",
    "CBS_CODE_REGEX",
    "Phase",
    "CoalitionKind",
    "partner_domains",
    "months_before",
    "as_date",
    "stale_before",
    "stale_cutoff",
    "trekker_partnerships",
    "CoalitionQuerySet",
    "Coalition",
    "StatusUpdateQuerySet",
    "StatusUpdate",
    "CoalitionRole",
    "STALE_AFTER_MONTHS",
    "GoalQuerySet",
    "Goal",
    "AuditEvent",
    "FeedbackQuerySet",
    "Feedback",
    "INVITATION_VALID_DAYS",
    "ROLE_RANK",
    "Invitation",
    "InvitationQuerySet",
]

# The page-cache version triggers of these tables (common/page_cache.py).
from coalitions.models import cache_versions  # noqa: E402, F401
