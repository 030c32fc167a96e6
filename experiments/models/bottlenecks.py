"""Knelpunten of work items and their escalation, append-only, from the werkgroep up to
the ministry."""

import pghistory
import pgtrigger
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from common.forms import display_date
from experiments.models.werkagenda import SEARCH_CONFIG, WorkItem


class EscalationLevel(models.TextChoices):
    """Where a bottleneck lies, in the order it escalates."""

    WERKGROEP = "werkgroep", _("Werkgroep")
    AMBTELIJK = "ambtelijk", _("Ambtelijk")
    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk")
    MINISTERIE = "ministerie", _("Ministerie")

    @classmethod
    def order(cls, value: str) -> int:
        """Position of a level (0 = werkgroep)."""
        return cls.values.index(value)

    @classmethod
    def above(cls, value: str) -> list[str]:
        """The levels a bottleneck at `value` can be escalated to."""
        return cls.values[cls.order(value) + 1 :]


# --- Bottlenecks ----------------------------------------------------------------------------


class BottleneckQuerySet(models.QuerySet):
    def open(self):
        """Bottlenecks not yet resolved."""
        return self.filter(resolved_on__isnull=True)

    def for_overview(self):
        """With item, coalition and escalation history, ordered by level (highest first)."""
        level_order = models.Case(
            *[
                models.When(level=value, then=models.Value(i))
                for i, value in enumerate(EscalationLevel.values)
            ],
            output_field=models.IntegerField(),
        )
        return (
            self.select_related("work_item__coalition")
            .prefetch_related(
                models.Prefetch("escalations", queryset=Escalation.objects.order_by("sequence"))
            )
            .annotate(level_order=level_order)
            .order_by("-level_order", "raised_on", "pk")
        )

    def open_count_per_coalition(self) -> dict[int, int]:
        """{coalition id: number of open bottlenecks}, one query; coalitions without are absent.

        The workspace's attention list uses this.
        """
        return dict(
            self.open()
            .values("work_item__coalition")
            .annotate(n=Count("pk"))
            .values_list("work_item__coalition", "n")
        )

    def open_count_per_level(self) -> dict[str, int]:
        """{level: number of open bottlenecks}, every level present (0 when none)."""
        counts = dict(self.open().values("level").annotate(n=Count("pk")).values_list("level", "n"))
        return {level: counts.get(level, 0) for level in EscalationLevel.values}


# The stored search vector is derived text, not history: the events leave it out.
@pghistory.track(
    pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), exclude=["search"]
)
class Bottleneck(models.Model):
    """A knelpunt that holds up a work item; it escalates until someone can solve it."""

    work_item = models.ForeignKey(
        WorkItem,
        verbose_name=_("werkagenda-onderdeel"),
        on_delete=models.PROTECT,
        related_name="bottlenecks",
    )
    description = models.TextField(_("omschrijving"))
    raised_on = models.DateField(_("ingebracht op"))
    level = models.CharField(
        _("huidig niveau"),
        max_length=20,
        choices=EscalationLevel.choices,
        default=EscalationLevel.WERKGROEP,
        help_text=_("Verandert alleen door op te schalen; de geschiedenis blijft bewaard."),
    )
    resolved_on = models.DateField(_("opgelost op"), null=True, blank=True)
    resolution = models.TextField(_("oplossing"), blank=True)
    # Leren van elkaar searches resolved knelpunten by this stored vector (GIN index).
    search = models.GeneratedField(
        expression=SearchVector("description", "resolution", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = BottleneckQuerySet.as_manager()

    class Meta:
        verbose_name = _("knelpunt")
        verbose_name_plural = _("knelpunten")
        ordering = ["raised_on", "pk"]
        indexes = [GinIndex(fields=["search"], name="bottleneck_search_gin")]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=EscalationLevel.values), name="bottleneck_level"
            ),
            # Resolved means: a date and a resolution; open means neither.
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True, resolution="")
                | (Q(resolved_on__isnull=False) & ~Q(resolution="")),
                name="bottleneck_resolved_with_resolution",
                violation_error_message=_(
                    "Een opgelost knelpunt heeft een datum en een oplossing."
                ),
            ),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(resolved_on__gte=models.F("raised_on")),
                name="bottleneck_resolved_after_raised",
                violation_error_message=_("Opgelost op ligt vóór de datum van inbrengen."),
            ),
        ]

    def __str__(self):
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None

    @property
    def can_escalate(self) -> bool:
        return self.is_open and bool(EscalationLevel.above(self.level))


def _escalation_pairs() -> Q:
    """Only upwards: every (from, to) pair with `to` above `from`."""
    q = Q()
    for from_level in EscalationLevel.values:
        above = EscalationLevel.above(from_level)
        if above:
            q |= Q(from_level=from_level, to_level__in=above)
    return q


@pghistory.track(pghistory.InsertEvent())
@pgtrigger.register(
    # The escalation history is a record: never rewritten, not even by bulk SQL.
    pgtrigger.Protect(name="escalation_append_only", operation=pgtrigger.Update | pgtrigger.Delete)
)
class Escalation(models.Model):
    """One step up for a bottleneck: when, by whom, why, from which level to which."""

    history_subject = ("bottleneck", "to_level")  # its name in the history

    bottleneck = models.ForeignKey(
        Bottleneck,
        verbose_name=_("knelpunt"),
        on_delete=models.PROTECT,
        related_name="escalations",
    )
    sequence = models.PositiveSmallIntegerField(_("stap"))
    date = models.DateField(_("datum"))
    escalated_by = models.CharField(
        _("door"), max_length=150, help_text=_("Wie of welk overleg heeft opgeschaald.")
    )
    reason = models.TextField(_("waarom"))
    from_level = models.CharField(_("van niveau"), max_length=20, choices=EscalationLevel.choices)
    to_level = models.CharField(_("naar niveau"), max_length=20, choices=EscalationLevel.choices)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("opschaling")
        verbose_name_plural = _("opschalingen")
        ordering = ["bottleneck", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["bottleneck", "sequence"], name="escalation_sequence_unique"
            ),
            models.CheckConstraint(condition=_escalation_pairs(), name="escalation_goes_up"),
        ]

    def __str__(self):
        when = display_date(self.date)
        return f"{self.get_from_level_display()} → {self.get_to_level_display()} ({when})"
