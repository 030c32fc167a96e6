"""Referral paths (zorgpaden): how a coalition gets a family from a signal to support, as
ordered steps between its partners, each saying who acts and how the handover goes.

A step should rest on a relation between its two partners (partners/models/relations.py); a
step without one running is flagged (`has_relation`), since that is where a family may fall
between two chairs.
"""

import pghistory
import pgtrigger
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition
from partners.models.partnerships import CoalitionPartner
from partners.models.relations import PartnerRelation


class ReferralPathQuerySet(models.QuerySet):
    def with_steps(self, on=None):
        """Each path with `step_list`: its steps in order, both organisations loaded and
        `has_relation` (a relation between the two partners runs on `on`, either way round);
        two queries however many paths and steps."""
        relation = PartnerRelation.objects.running(on).filter(
            Q(source=OuterRef("from_partner"), target=OuterRef("to_partner"))
            | Q(source=OuterRef("to_partner"), target=OuterRef("from_partner"))
        )
        steps = (
            ReferralStep.objects.select_related("from_partner__organisation")
            .select_related("to_partner__organisation")
            .annotate(has_relation=Exists(relation))
            .order_by("position", "pk")
        )
        return self.prefetch_related(Prefetch("steps", queryset=steps, to_attr="step_list"))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ReferralPath(models.Model):
    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalitie"),
        on_delete=models.PROTECT,
        related_name="referral_paths",
    )
    title = models.CharField(
        _("situatie"),
        max_length=150,
        help_text=_("Bijvoorbeeld ‘zwangere met schulden’ of ‘kraamperiode naar JGZ’."),
    )
    description = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = ReferralPathQuerySet.as_manager()

    class Meta:
        verbose_name = _("zorgpad")
        verbose_name_plural = _("zorgpaden")
        ordering = ["coalition", "title"]

    def __str__(self):
        return self.title

    @property
    def gaps(self) -> int:
        """Steps without a running relation (needs `with_steps()`)."""
        steps = self.step_list  # type: ignore[attr-defined]  # set by with_steps()
        return sum(not step.has_relation for step in steps)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ReferralStep(models.Model):
    path = models.ForeignKey(
        ReferralPath, verbose_name=_("zorgpad"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("stap"))
    from_partner = models.ForeignKey(
        CoalitionPartner,
        verbose_name=_("van partner"),
        on_delete=models.PROTECT,
        related_name="path_steps_from",
    )
    to_partner = models.ForeignKey(
        CoalitionPartner,
        verbose_name=_("naar partner"),
        on_delete=models.PROTECT,
        related_name="path_steps_to",
    )
    actor = models.CharField(
        _("wie doet wat"),
        max_length=200,
        help_text=_("Bijvoorbeeld ‘de verloskundige signaleert en bespreekt het met de zwangere’."),
    )
    handover = models.CharField(
        _("hoe gaat de overdracht"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld ‘warme overdracht: samen op huisbezoek’."),
    )

    class Meta:
        verbose_name = _("stap in een zorgpad")
        verbose_name_plural = _("stappen in een zorgpad")
        ordering = ["path", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["path", "position"],
                name="one_step_per_position",
                violation_error_message=_("Dit zorgpad heeft al een stap met dit nummer."),
            ),
            models.CheckConstraint(
                condition=~Q(from_partner=models.F("to_partner")),
                name="step_two_partners",
                violation_error_message=_("Een stap gaat van de ene partner naar een andere."),
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="step_partners_same_coalition",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func="""
                    IF (SELECT count(*) FROM partners_coalitionpartner p
                        WHERE p.id IN (NEW.from_partner_id, NEW.to_partner_id)
                          AND p.coalition_id = (SELECT r.coalition_id
                                                FROM partners_referralpath r
                                                WHERE r.id = NEW.path_id)) <> 2 THEN
                        RAISE EXCEPTION 'step % joins partners of another coalition', NEW.id
                            USING ERRCODE = 'check_violation';
                    END IF;
                    RETURN NEW;
                """,
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.actor}"

    def clean(self):
        errors = {}
        if (
            self.from_partner_id
            and self.to_partner_id
            and self.from_partner_id == self.to_partner_id
        ):
            errors["to_partner"] = _("Een stap gaat van de ene partner naar een andere.")
        if self.path_id:
            for field in ("from_partner", "to_partner"):
                partner = getattr(self, field) if getattr(self, f"{field}_id") else None
                if partner and partner.coalition_id != self.path.coalition_id:
                    errors[field] = _("Beide partners moeten partner van deze coalitie zijn.")
        if errors:
            raise ValidationError(errors)
