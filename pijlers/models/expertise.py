"""The expertise profile: what a coalition needs and which partners cover it."""

from __future__ import annotations

import pghistory
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition
from partners.models import CoalitionPartner

# --- Expertise profile --------------------------------------------------------------------------


class NeededExpertiseQuerySet(models.QuerySet):
    def for_coalition(self, coalition):
        """The coalition's needed expertise with the partners that cover each (two queries)."""
        return (
            self.filter(coalition=coalition)
            .prefetch_related(
                Prefetch(
                    "covered_by",
                    queryset=CoalitionPartner.objects.select_related("organisation").order_by(
                        "organisation__name"
                    ),
                )
            )
            .order_by("order", "name")
        )

    def uncovered(self):
        """Expertise no running partnership covers."""
        covering = ExpertiseCoverage.objects.filter(
            CoalitionPartner.running_q(prefix="partner__"), expertise=OuterRef("pk")
        )
        return self.filter(~Exists(covering))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class NeededExpertise(models.Model):
    """Expertise a coalition needs around its families (Heerlen: het jonge kind, GGZ, …)."""

    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalitie"),
        on_delete=models.PROTECT,
        related_name="needed_expertise",
    )
    name = models.CharField(_("expertise"), max_length=150)
    description = models.TextField(_("toelichting"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    covered_by: models.ManyToManyField[CoalitionPartner, ExpertiseCoverage] = (
        models.ManyToManyField(
            CoalitionPartner,
            verbose_name=_("gedekt door"),
            through="ExpertiseCoverage",
            related_name="expertise",
            blank=True,
        )
    )

    objects = NeededExpertiseQuerySet.as_manager()

    class Meta:
        verbose_name = _("benodigde expertise")
        verbose_name_plural = _("benodigde expertise")
        ordering = ["coalition", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "name"],
                name="expertise_name_per_coalition",
                violation_error_message=_("Deze expertise staat al in het profiel."),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def active_partners(self):
        """Covering partners whose partnership still runs (uses the prefetch)."""
        return [p for p in self.covered_by.all() if p.is_running()]


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class ExpertiseCoverage(models.Model):
    """A coalition partner brings a needed expertise."""

    history_subject = ("expertise", "partner")  # its name in the history

    expertise = models.ForeignKey(
        NeededExpertise, verbose_name=_("expertise"), on_delete=models.CASCADE
    )
    partner = models.ForeignKey(
        CoalitionPartner, verbose_name=_("coalitiepartner"), on_delete=models.CASCADE
    )

    class Meta:
        verbose_name = _("dekking van expertise")
        verbose_name_plural = _("dekking van expertise")
        constraints = [
            models.UniqueConstraint(fields=["expertise", "partner"], name="coverage_once")
        ]

    def __str__(self):
        return f"{self.partner.organisation.name}: {self.expertise.name}"
