"""What the denkraam adds to the workspace's attention list and to the stale-data reminders."""

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import ngettext

from coalitions.attention import AttentionCheck, AttentionItem
from pijlers.models import Assessment, Pillar


class PillarWithoutAssessment(AttentionCheck):
    """A pillar the coalition has never assessed itself on."""

    code = "pillar_without_assessment"

    def annotate(self, queryset, *, today):
        assessed = Assessment.objects.filter(
            coalition=OuterRef(OuterRef("pk")), pillar=OuterRef("pk")
        )
        # COUNT over the unassessed pillars as a scalar subquery: one number per coalition.
        unassessed = (
            Pillar.objects.filter(~Exists(assessed))
            .order_by()
            .annotate(n=Func(F("pk"), function="COUNT"))
            .values("n")
        )
        return queryset.annotate(
            unassessed_pillars=Subquery(unassessed, output_field=IntegerField())
        )

    def items(self, coalition, *, today):
        n = getattr(coalition, "unassessed_pillars", 0) or 0
        if not n:
            return []
        message = ngettext(
            "%(n)d pijler van de denkraam is nog niet beoordeeld.",
            "%(n)d pijlers van de denkraam zijn nog niet beoordeeld.",
            n,
        ) % {"n": n}
        return [
            AttentionItem(self.code, message, reverse("pijlers:overview", args=[coalition.slug]))
        ]


def latest_assessment_change():
    """Per coalition (OuterRef("pk")): when its self-assessment last changed."""
    return Subquery(
        Assessment.objects.filter(coalition=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
