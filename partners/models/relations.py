"""Typed relations between the partners of one coalition: who refers to whom, who hands over
warmly, who meets on cases, who offers something together, who agreed on sharing data.

Unlike the inferred links of partners/connections.py (same level, core group, a shared item)
these are recorded by the coalition's editors, each with its own period. A relation runs on a
date when its own period runs (the one rule in common/periods.py) and both partnerships run
too: an ended partnership takes its relations along without anyone editing them.

A relation may rest on an agreement or a werkagenda item. Those live in `experiments`, which
this app must not import, so the link is generic (content type + id) and the candidates come
from `partners.extensions.relation_bases`, which experiments fills.
"""

import pghistory
import pgtrigger
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition
from common import periods
from common.forms import display_date
from partners.models.choices import choice_label
from partners.models.partnerships import CoalitionPartner


class RelationKind(models.TextChoices):
    VERWIJST = "verwijst_naar", _("verwijst naar")
    WARME_OVERDRACHT = "warme_overdracht", _("warme overdracht")
    CASUSOVERLEG = "casusoverleg", _("casusoverleg")
    GEZAMENLIJK_AANBOD = "gezamenlijk_aanbod", _("gezamenlijk aanbod")
    GEGEVENSUITWISSELING = "gegevensuitwisseling", _("afspraak over gegevensuitwisseling")


# Kinds with a direction (A refers to B is not B refers to A); the others are mutual.
DIRECTED_KINDS = (RelationKind.VERWIJST, RelationKind.WARME_OVERDRACHT)

DUPLICATE_RELATION_MESSAGE = _("Deze relatie tussen deze twee partners loopt al.")


class PartnerRelationQuerySet(models.QuerySet):
    def running(self, on=None):
        """Relations running on `on` (today by default): their own period runs and both
        partnerships run (`CoalitionPartner.running_q`). The one definition of a running
        relation; the bridge figure, the network and the matrix call it."""
        return self.filter(
            periods.running_q(on)
            & CoalitionPartner.running_q(on, prefix="source__")
            & CoalitionPartner.running_q(on, prefix="target__")
        )

    def for_display(self):
        """With both organisations loaded and the basis (agreement, item) prefetched, in a
        fixed number of queries; `shown_note` is the note (members see every note)."""
        return (
            self.select_related("source__organisation", "target__organisation", "basis_type")
            .prefetch_related("basis")
            .annotate(shown_note=F("note"))
            .order_by("source__organisation__name", "target__organisation__name", "kind", "pk")
        )

    def for_public_display(self):
        """What anyone may see: relations between organisations, never people; a note marked
        internal is left out in the database already (`shown_note` is empty), and the basis is
        not loaded (an unpublished item is the coalition's own business)."""
        return (
            self.select_related("source__organisation", "target__organisation")
            .defer("note")
            .annotate(
                shown_note=Case(When(internal=True, then=Value("")), default=F("note")),
            )
            .order_by("source__organisation__name", "target__organisation__name", "kind", "pk")
        )


def same_coalition_trigger():
    """Both ends of a relation are partnerships of the relation's own coalition."""
    return pgtrigger.Trigger(
        name="relation_partners_same_coalition",
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func="""
            IF (SELECT count(*) FROM partners_coalitionpartner p
                WHERE p.id IN (NEW.source_id, NEW.target_id)
                  AND p.coalition_id = NEW.coalition_id) <> 2 THEN
                RAISE EXCEPTION 'relation % joins partners of another coalition', NEW.id
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        """,
    )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class PartnerRelation(models.Model):
    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalitie"),
        on_delete=models.PROTECT,
        related_name="partner_relations",
    )
    source = models.ForeignKey(
        CoalitionPartner,
        verbose_name=_("van"),
        on_delete=models.PROTECT,
        related_name="relations_from",
    )
    kind = models.CharField(_("soort relatie"), max_length=30, choices=RelationKind.choices)
    target = models.ForeignKey(
        CoalitionPartner,
        verbose_name=_("met / naar"),
        on_delete=models.PROTECT,
        related_name="relations_to",
    )
    since = models.DateField(_("sinds"), default=timezone.localdate)
    until = models.DateField(
        _("tot"),
        null=True,
        blank=True,
        help_text=_("De dag waarop de relatie eindigt; een beëindigde relatie blijft bewaard."),
    )
    basis_type = models.ForeignKey(
        ContentType,
        verbose_name=_("soort onderbouwing"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    basis_id = models.PositiveBigIntegerField(_("onderbouwing"), null=True, blank=True)
    basis = GenericForeignKey("basis_type", "basis_id")
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    internal = models.BooleanField(
        _("toelichting is intern"),
        default=False,
        help_text=_("Een interne toelichting ziet alleen de coalitie, nooit het publiek."),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = PartnerRelationQuerySet.as_manager()

    class Meta:
        verbose_name = _("relatie tussen partners")
        verbose_name_plural = _("relaties tussen partners")
        ordering = ["coalition", "since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values), name="relation_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="relation_two_partners",
                violation_error_message=_("Een relatie verbindt twee verschillende partners."),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="relation_until_after_since",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            ),
            models.CheckConstraint(
                condition=Q(basis_type__isnull=True, basis_id__isnull=True)
                | Q(basis_type__isnull=False, basis_id__isnull=False),
                name="relation_basis_complete",
            ),
            # One open-ended relation of a kind per direction; mutual kinds per pair, whichever
            # end was entered first. Like the partnership's constraint it keeps apart what the
            # database can see without knowing today: the relations without an end date.
            models.UniqueConstraint(
                "source",
                "target",
                "kind",
                condition=Q(until__isnull=True, kind__in=DIRECTED_KINDS),
                name="one_open_directed_relation",
                violation_error_message=DUPLICATE_RELATION_MESSAGE,
            ),
            models.UniqueConstraint(
                Least("source", "target"),
                Greatest("source", "target"),
                "kind",
                condition=Q(until__isnull=True) & ~Q(kind__in=DIRECTED_KINDS),
                name="one_open_mutual_relation",
                violation_error_message=DUPLICATE_RELATION_MESSAGE,
            ),
        ]
        triggers = [same_coalition_trigger()]
        indexes = [models.Index(fields=["basis_type", "basis_id"])]

    def __str__(self):
        return f"{self.source.organisation.name} {self.get_kind_display()} " + (
            f"{self.target.organisation.name}"
        )

    # Replaces Django's generated get_FOO_display() on purpose (see choice_label).
    def get_kind_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(RelationKind, self.kind)

    @property
    def is_directed(self) -> bool:
        return self.kind in DIRECTED_KINDS

    def is_running(self, on=None) -> bool:
        """The rule of `running()` for one relation with its partnerships loaded."""
        return (
            periods.is_running(self.since, self.until, on)
            and self.source.is_running(on)
            and self.target.is_running(on)
        )

    def ends(self):
        """Both partnerships, in the order source, target."""
        return (self.source, self.target)

    def clean(self):
        errors: dict[str, list] = {}

        def add(field, message):
            errors.setdefault(field, []).append(message)

        if self.source_id and self.target_id and self.source_id == self.target_id:
            add("target", _("Een relatie verbindt twee verschillende partners."))
        for field in ("source", "target"):
            if not getattr(self, f"{field}_id", None) or not self.coalition_id:
                continue
            partnership = getattr(self, field)
            if partnership.coalition_id != self.coalition_id:
                add(field, _("Beide partners moeten partner van deze coalitie zijn."))
                continue
            name = partnership.organisation.name
            if self.since and self.since < partnership.since:
                add(
                    "since",
                    _("De relatie begint vóór het partnerschap van %(name)s (%(date)s).")
                    % {"name": name, "date": display_date(partnership.since)},
                )
            if self.since and partnership.until and self.since >= partnership.until:
                add(
                    "since",
                    _("Het partnerschap van %(name)s is dan al beëindigd (%(date)s).")
                    % {"name": name, "date": display_date(partnership.until)},
                )
        if self.since and self.until and self.until < self.since:
            add("until", _("De einddatum ligt vóór de begindatum."))
        if self.basis_type_id:
            self._clean_basis(add)
        if errors:
            raise ValidationError(errors)

    def _clean_basis(self, add):
        from partners.extensions import relation_bases

        allowed = {base.model_label for base in relation_bases}
        model = self.basis_type.model_class()
        if model is None or model._meta.label_lower not in allowed:
            add("basis_type", _("Een relatie rust op een afspraak of werkagenda-onderdeel."))
            return
        basis = model._default_manager.filter(pk=self.basis_id).first()
        if basis is None:
            add("basis_id", _("Deze afspraak of dit werkagenda-onderdeel bestaat niet."))
        elif getattr(basis, "coalition_id", None) != self.coalition_id:
            add(
                "basis_id",
                _("De afspraak of het werkagenda-onderdeel hoort bij een andere coalitie."),
            )

    def validate_constraints(self, exclude=None):
        # The workspace forms take the coalition from the page and leave `until` out; the
        # constraints on them must still be checked (as CoalitionPartner does).
        if exclude:
            exclude = set(exclude) - {"coalition", "until", "source", "target", "kind"}
        super().validate_constraints(exclude=exclude)
