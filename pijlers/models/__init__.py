"""The denkraam's models, one module per sub-domain: pillars and self-assessment (denkraam),
monitoring figures (monitoring), the intervention palette (palette) and the expertise profile
(expertise). Everything is importable from `pijlers.models` as before.
"""

from pijlers.models.denkraam import (
    Assessment,
    AssessmentAnswer,
    AssessmentQuerySet,
    CrossCuttingElement,
    MaturityLevel,
    Pillar,
    PillarQuerySet,
    PillarQuestion,
    PillarState,
    SubjectQuerySet,
    level_label,
    public_levels,
    subject_filter,
)
from pijlers.models.expertise import (
    ExpertiseCoverage,
    NeededExpertise,
    NeededExpertiseQuerySet,
)
from pijlers.models.monitoring import (
    PERIOD_REGEX,
    Direction,
    Indicator,
    IndicatorQuerySet,
    IndicatorTrend,
    Measurement,
    MeasurementQuerySet,
    Series,
    parse_period,
)
from pijlers.models.palette import (
    Intervention,
    InterventionKind,
    InterventionQuerySet,
    LifePhase,
    Offering,
    OfferingQuerySet,
    PaletteCell,
    Vulnerability,
)
from pijlers.models.targets import Target, TargetQuerySet, TargetRow, subject_key, target_rows

__all__ = [
    "PillarQuerySet",
    "Pillar",
    "PillarQuestion",
    "CrossCuttingElement",
    "MaturityLevel",
    "PillarState",
    "SubjectQuerySet",
    "subject_filter",
    "public_levels",
    "Target",
    "TargetQuerySet",
    "TargetRow",
    "subject_key",
    "target_rows",
    "AssessmentQuerySet",
    "Assessment",
    "AssessmentAnswer",
    "PERIOD_REGEX",
    "Direction",
    "Series",
    "IndicatorTrend",
    "IndicatorQuerySet",
    "Indicator",
    "parse_period",
    "MeasurementQuerySet",
    "Measurement",
    "LifePhase",
    "Vulnerability",
    "InterventionKind",
    "InterventionQuerySet",
    "Intervention",
    "level_label",
    "PaletteCell",
    "OfferingQuerySet",
    "Offering",
    "NeededExpertiseQuerySet",
    "NeededExpertise",
    "ExpertiseCoverage",
]

# The page-cache version triggers of these tables (common/page_cache.py).
from pijlers.models import cache_versions  # noqa: E402, F401
