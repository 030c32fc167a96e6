"""Results and lessons of work items: dated entries of what came out, what worked, what did
not and what others can take from it, with an optional figure and indicator.

A result has no publish switch of its own: it is public exactly when its item is
(`WorkItem.published`), so a coalition publishes an item with everything learnt from it.
"""

import datetime

import pghistory
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.fields import DecimalField
from experiments.models.werkagenda import SEARCH_CONFIG, WorkItem


class ResultQuerySet(models.QuerySet):
    def published(self):
        """Results of published items: what the public sees."""
        return self.filter(work_item__published=True)

    def dated_between(self, after: datetime.date, until: datetime.date):
        """Results dated after `after` and on or before `until` (a report period): a result's
        own date decides, so a report for an earlier date never shows later lessons."""
        return self.filter(date__gt=after, date__lte=until)


# The stored search vector is derived text, not history: the events leave it out.
@pghistory.track(
    pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), exclude=["search"]
)
class Result(models.Model):
    """What came out of a work item on a date, and what was learnt from it."""

    work_item = models.ForeignKey(
        WorkItem,
        verbose_name=_("werkagenda-onderdeel"),
        on_delete=models.PROTECT,
        related_name="results",
    )
    date = models.DateField(_("datum"), help_text=_("Wanneer dit resultaat er was."))
    outcome = models.TextField(_("opbrengst"), help_text=_("Wat heeft het opgeleverd?"))
    worked = models.TextField(_("wat werkte"), blank=True)
    did_not_work = models.TextField(_("wat werkte niet"), blank=True)
    lessons = models.TextField(
        _("wat anderen kunnen meenemen"),
        blank=True,
        help_text=_("Tips voor andere coalities die iets vergelijkbaars willen doen."),
    )
    figure = DecimalField(
        _("cijfer"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Optioneel, bijvoorbeeld 42 of 7,5."),
    )
    figure_label = models.CharField(
        _("waar het cijfer over gaat"),
        max_length=150,
        blank=True,
        help_text=_("Bijvoorbeeld ‘bereikte gezinnen’."),
    )
    indicator = models.ForeignKey(
        # A data relation to the monitoring indicators (pijlers), by name: experiments does not
        # import pijlers (see tests/test_architecture.py).
        "pijlers.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="work_item_results",
        help_text=_("Optioneel: de monitoringindicator waar dit resultaat aan bijdraagt."),
    )
    search = models.GeneratedField(
        expression=SearchVector(
            "outcome", "worked", "did_not_work", "lessons", "figure_label", config=SEARCH_CONFIG
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("resultaat")
        verbose_name_plural = _("resultaten")
        ordering = ["work_item", "-date", "-pk"]
        indexes = [GinIndex(fields=["search"], name="result_search_gin")]
        constraints = [
            models.CheckConstraint(
                condition=Q(figure__isnull=True, figure_label="")
                | (Q(figure__isnull=False) & ~Q(figure_label="")),
                name="result_figure_with_label",
                violation_error_message=_(
                    "Geef bij een cijfer ook aan waar het over gaat (en andersom)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.work_item} ({self.date})"

    def clean(self):
        if self.date and self.date > timezone.localdate():
            raise ValidationError({"date": _("De datum van een resultaat ligt in de toekomst.")})
