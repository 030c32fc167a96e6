"""What the werkagenda tells the denkraam's pijlerdekking page: the running items per pillar
and per cross-cutting element (registered in `coalitions.extensions.denkraam_work_sources`)."""

from django.urls import reverse

from coalitions.extensions import SubjectWork
from experiments.models import WorkItem


def running_work(coalition_ids) -> list[SubjectWork]:
    """The running items (`WorkItem.objects.running()`) of the coalitions, once per pillar and
    element they are linked to; two queries (one per link), however many items."""
    items = WorkItem.objects.running().filter(coalition_id__in=list(coalition_ids))
    result = []
    for link, subject_field in (("pillars", "pillar"), ("elements", "element")):
        rows = (
            items.filter(**{f"{link}__isnull": False})
            .values_list("pk", "title", "coalition_id", "coalition__slug", link)
            .order_by("title", "pk")
        )
        for pk, title, coalition_id, slug, subject_id in rows:
            url = reverse("experiments:item_detail", args=[slug, pk])
            result.append(SubjectWork(coalition_id, subject_field, subject_id, title, url))
    return result
