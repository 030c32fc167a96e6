"""Meetings (overleggen) of a coalition per level: who took part (partner organisations, never
people) and what was decided. Werkagenda items record that they were discussed ("getoetst") at a
level on a date in the experiments app, which may point at a meeting here."""

import pghistory
import pgtrigger
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition
from partners.models.choices import choice_label
from partners.models.partnerships import CoalitionPartner


class MeetingLevel(models.TextChoices):
    WERKGROEP = "werkgroep", _("Werkgroep")
    AMBTELIJK = "ambtelijk", _("Ambtelijk")
    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk")
    CASUSOVERLEG = "casusoverleg", _("Casusoverleg")


class MeetingQuerySet(models.QuerySet):
    def with_participants(self):
        """Each meeting with `participant_list` (partnerships with their organisation, by
        name), newest first; two queries however many meetings."""
        return self.prefetch_related(
            Prefetch(
                "participants",
                queryset=CoalitionPartner.objects.select_related("organisation").order_by(
                    "organisation__name"
                ),
                to_attr="participant_list",
            )
        ).order_by("-held_on", "-pk")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Meeting(models.Model):
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalitie"), on_delete=models.PROTECT, related_name="meetings"
    )
    level = models.CharField(_("niveau"), max_length=20, choices=MeetingLevel.choices)
    held_on = models.DateField(_("datum"), default=timezone.localdate)
    title = models.CharField(_("onderwerp"), max_length=150)
    participants: "models.ManyToManyField[CoalitionPartner, MeetingParticipant]" = (
        models.ManyToManyField(
            CoalitionPartner,
            verbose_name=_("deelnemende organisaties"),
            related_name="meetings",
            blank=True,
            through="MeetingParticipant",
        )
    )
    decisions = models.TextField(_("besluiten"), blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        ordering = ["coalition", "-held_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=MeetingLevel.values), name="meeting_level_valid"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.get_level_display().lower()}, {self.held_on:%d-%m-%Y})"

    # Replaces Django's generated get_FOO_display() on purpose (see choice_label).
    def get_level_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(MeetingLevel, self.level)

    def clean(self):
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": _("Leg een overleg vast als het geweest is.")})


class MeetingParticipant(models.Model):
    """A partner organisation at a meeting; only a partner of the meeting's own coalition (the
    forms offer only those; a database trigger refuses any other)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey(CoalitionPartner, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("deelnemer aan een overleg")
        verbose_name_plural = _("deelnemers aan een overleg")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "partner"], name="one_participation")
        ]
        triggers = [
            pgtrigger.Trigger(
                name="meeting_participant_same_coalition",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func="""
                    IF NOT EXISTS (
                        SELECT 1 FROM partners_coalitionpartner p
                        JOIN partners_meeting m ON m.coalition_id = p.coalition_id
                        WHERE p.id = NEW.partner_id AND m.id = NEW.meeting_id
                    ) THEN
                        RAISE EXCEPTION 'partner % belongs to another coalition', NEW.partner_id
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                """,
            )
        ]

    def __str__(self):
        return str(self.partner.organisation)
