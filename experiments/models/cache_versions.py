"""Which of this app's tables bump which page-cache version (common/page_cache.py)."""

from common.page_cache import register
from experiments.models.agreements import Agreement, Signatory
from experiments.models.bottlenecks import Bottleneck, Escalation
from experiments.models.results import Result
from experiments.models.reviews import WorkItemReview
from experiments.models.werkagenda import Theme, WorkItem, WorkItemPartner, WorkItemTheme

ITEM_OF = "SELECT w.coalition_id FROM {{rows}} r JOIN experiments_workitem w ON w.id = r.{}"

for model in (Agreement, Theme, WorkItem):
    register(model, coalitions="coalition_id")
register(
    Signatory,
    coalitions="SELECT a.coalition_id FROM {rows} r"
    " JOIN experiments_agreement a ON a.id = r.agreement_id",
)
register(WorkItemPartner, coalitions=ITEM_OF.format("workitem_id"))
register(WorkItemTheme, coalitions=ITEM_OF.format("workitem_id"))
register(Bottleneck, coalitions=ITEM_OF.format("work_item_id"))
register(Result, coalitions=ITEM_OF.format("work_item_id"))
register(WorkItemReview, coalitions=ITEM_OF.format("item_id"))
register(
    Escalation,
    coalitions="SELECT w.coalition_id FROM {rows} r"
    " JOIN experiments_bottleneck b ON b.id = r.bottleneck_id"
    " JOIN experiments_workitem w ON w.id = b.work_item_id",
)
