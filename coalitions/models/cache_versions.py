"""Which of this app's tables bump which page-cache version (common/page_cache.py)."""

from coalitions.models.coalition import Coalition, CoalitionRole, StatusUpdate
from coalitions.models.gemeenten import CoalitionGemeente, Gemeente
from coalitions.models.records import Goal
from common.page_cache import register

register(Coalition, coalitions="id")
register(StatusUpdate, coalitions="coalition_id")
register(CoalitionGemeente, coalitions="coalition_id")
register(Goal, coalitions="coalition_id")
# No cached page shows the team, but the role decides what a viewer sees: bumping keeps a
# fragment from outliving a role change even if a page ever shows it.
register(CoalitionRole, coalitions="coalition_id")
# A gemeente's name, code and province show on the pages of every coalition it was ever part
# of and on the public list: reference data.
register(Gemeente, reference=True)
