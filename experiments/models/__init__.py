"""Werkagenda themes and items (werkagenda), bottlenecks and their escalation (bottlenecks),
agreements and signatories (agreements). Everything is importable from `experiments.models`.

Pillar links (denkraam) are an extension point: once the `pijlers` app has its Pillar model,
WorkItem gets `pillars = models.ManyToManyField("pijlers.Pillar", blank=True,
related_name="work_items")` in a new migration of this app, and `WorkItemForm.Meta.fields` gains
"pillars". Until then nothing here refers to `pijlers`.
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
from experiments.models.reviews import WorkItemReview
from experiments.models.werkagenda import (
    Connection,
    InvolvedLevel,
    ItemKind,
    ItemStatus,
    Theme,
    ThemeQuerySet,
    WorkItem,
    WorkItemQuerySet,
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
    "EscalationLevel",
    "BottleneckQuerySet",
    "Bottleneck",
    "Escalation",
]
