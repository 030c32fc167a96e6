"""The workspace's attention item for open bottlenecks (see coalitions/attention.py).

Registered from `ExperimentsConfig.ready()`; coalitions cannot import this app.
"""

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import ngettext

from coalitions import attention
from experiments.models import Bottleneck


class OpenBottlenecksCheck(attention.AttentionCheck):
    """Knelpunten that are not resolved yet, counted per coalition."""

    code = "open_bottlenecks"

    def annotate(self, queryset, *, today):
        # A correlated subquery, not a join: a join would multiply the workspace's rows.
        open_count = (
            Bottleneck.objects.open()
            .filter(work_item__coalition=OuterRef("pk"))
            .order_by()
            .values("work_item__coalition")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return queryset.annotate(
            open_bottleneck_count=Coalesce(
                Subquery(open_count, output_field=IntegerField()), Value(0)
            )
        )

    def items(self, coalition, *, today):
        n = getattr(coalition, "open_bottleneck_count", 0)
        if not n:
            return []
        message = ngettext(
            "%(n)d open knelpunt in de werkagenda.",
            "%(n)d open knelpunten in de werkagenda.",
            n,
        ) % {"n": n}
        url = reverse("experiments:bottleneck_overview", args=[coalition.slug])
        return [attention.AttentionItem(self.code, message, url)]
