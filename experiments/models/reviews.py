"""That a werkagenda item was discussed ("getoetst") at a level on a date, optionally at one of
the coalition's recorded meetings (partners.Meeting)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from experiments.models.werkagenda import WorkItem
from partners.models import Meeting, MeetingLevel


class WorkItemReview(models.Model):
    item = models.ForeignKey(
        WorkItem, verbose_name=_("onderdeel"), on_delete=models.CASCADE, related_name="reviews"
    )
    level = models.CharField(_("niveau"), max_length=20, choices=MeetingLevel.choices)
    reviewed_on = models.DateField(_("getoetst op"), default=timezone.localdate)
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("in overleg"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="item_reviews",
    )

    class Meta:
        verbose_name = _("toetsing")
        verbose_name_plural = _("toetsingen")
        ordering = ["item", "reviewed_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__in=MeetingLevel.values), name="review_level_valid"
            )
        ]

    def __str__(self):
        return f"{self.item} – {self.get_level_display()} {self.reviewed_on:%d-%m-%Y}"

    def clean(self):
        if self.meeting_id and self.item_id:
            meeting = self.meeting
            if meeting.coalition_id != self.item.coalition_id:
                raise ValidationError({"meeting": _("Kies een overleg van deze coalitie.")})
            if (meeting.level, meeting.held_on) != (self.level, self.reviewed_on):
                raise ValidationError(
                    {"meeting": _("Niveau en datum moeten die van het overleg zijn.")}
                )
