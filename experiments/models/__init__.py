"""Werkagenda themes and items (werkagenda), bottlenecks and their escalation (bottlenecks),
agreements and signatories (agreements), results and lessons of items (results). Everything
is importable from `experiments.models`.

Pillar links (denkraam): WorkItem has `pillars` and `elements`, many-to-many to
"pijlers.Pillar" and "pijlers.CrossCuttingElement" by name only (no import of `pijlers`);
which pillars have running work is computed by `experiments.coverage` and shown by pijlers
through `coalitions.extensions.denkraam_work_sources`.
"""

from experiments.models.agreements import (
    Agreement,
    AgreementKind,
    AgreementQuerySet,
    PrivateFieldFile,
    PrivateFileField,
    Signatory,
    agreement_upload_to,
    delete_agreement_pdf,
)
from experiments.models.bottlenecks import (
    Bottleneck,
    BottleneckQuerySet,
    Escalation,
    EscalationLevel,
)
from experiments.models.results import Result, ResultQuerySet
from experiments.models.reviews import WorkItemReview
from experiments.models.werkagenda import (
    SEARCH_CONFIG,
    Connection,
    InvolvedLevel,
    ItemKind,
    ItemStatus,
    Theme,
    ThemeQuerySet,
    WorkItem,
    WorkItemPartner,
    WorkItemQuerySet,
    WorkItemTheme,
)

__all__ = [
    "WorkItemReview",
    "AgreementKind",
    "agreement_upload_to",
    "PrivateFieldFile",
    "PrivateFileField",
    "AgreementQuerySet",
    "Agreement",
    "Signatory",
    "delete_agreement_pdf",
    "ItemKind",
    "ItemStatus",
    "InvolvedLevel",
    "ThemeQuerySet",
    "Theme",
    "Connection",
    "WorkItemQuerySet",
    "WorkItem",
    "WorkItemPartner",
    "WorkItemTheme",
    "EscalationLevel",
    "BottleneckQuerySet",
    "Bottleneck",
    "Escalation",
    "Result",
    "ResultQuerySet",
    "SEARCH_CONFIG",
]

# The page-cache version triggers of these tables (common/page_cache.py).
from experiments.models import cache_versions  # noqa: E402, F401
