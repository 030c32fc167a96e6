"""Which of this app's tables bump which page-cache version (common/page_cache.py)."""

from common.page_cache import register
from pijlers.models.denkraam import (
    Assessment,
    AssessmentAnswer,
    CrossCuttingElement,
    Pillar,
    PillarQuestion,
)
from pijlers.models.expertise import ExpertiseCoverage, NeededExpertise
from pijlers.models.monitoring import Indicator, Measurement
from pijlers.models.palette import Intervention, Offering
from pijlers.models.targets import Target

for model in (Pillar, PillarQuestion, CrossCuttingElement, Indicator, Intervention):
    register(model, reference=True)
register(Assessment, coalitions="coalition_id")
register(
    AssessmentAnswer,
    coalitions="SELECT a.coalition_id FROM {rows} r"
    " JOIN pijlers_assessment a ON a.id = r.assessment_id",
)
register(NeededExpertise, coalitions="coalition_id")
register(
    ExpertiseCoverage,
    coalitions="SELECT e.coalition_id FROM {rows} r"
    " JOIN pijlers_neededexpertise e ON e.id = r.expertise_id",
)
register(
    Offering,
    coalitions="SELECT p.coalition_id FROM {rows} r"
    " JOIN partners_coalitionpartner p ON p.id = r.partner_id",
)
register(Target, coalitions="coalition_id")
# A gemeente's figure belongs to every coalition the gemeente is or was linked to; a national
# figure (no gemeente) is the country's: reference data.
register(
    Measurement,
    coalitions="SELECT cg.coalition_id FROM {rows} r"
    " JOIN coalitions_coalitiongemeente cg ON cg.gemeente_id = r.gemeente_id",
    reference="gemeente_id IS NULL",
)
