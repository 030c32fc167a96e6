"""The palette of professional care: interventions and which partner offers them."""

from __future__ import annotations

from dataclasses import dataclass, field

import pghistory
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from common.fields import ChoiceArrayField
from partners.models import CoalitionPartner

# --- Intervention palette -----------------------------------------------------------------------


class LifePhase(models.TextChoices):
    PRECONCEPTIE = "preconceptie", _("Preconceptie")
    ZWANGERSCHAP = "zwangerschap", _("Zwangerschap")
    GEBOORTE_KRAAM = "geboorte_kraam", _("Geboorte en kraamperiode")
    NUL_TWEE = "nul_twee", _("0–2 jaar")


class Vulnerability(models.TextChoices):
    """The four levels of the definition of a vulnerable pregnancy used by the programme."""

    ZELFREDZAAM = "zelfredzaam", _("Zelfredzaam")
    POTENTIEEL_KWETSBAAR = "potentieel_kwetsbaar", _("Potentieel kwetsbaar")
    KWETSBAAR = "kwetsbaar", _("Kwetsbaar")
    ZEER_KWETSBAAR = "zeer_kwetsbaar", _("Zeer kwetsbaar")


class InterventionKind(models.TextChoices):
    """What kind of offer an intervention is; two partners offering the same kind to the same
    cell of the palette is an overlap worth talking about."""

    HUISBEZOEK = "huisbezoek", _("Huisbezoeken door professionals")
    GROEPSZORG = "groepszorg", _("Groepsgerichte zorg")
    VOORLICHTING = "voorlichting", _("Voorlichting")
    ONTMOETING = "ontmoeting", _("Ontmoeting")
    VRIJWILLIGE_STEUN = "vrijwillige_steun", _("Steun door vrijwilligers of maatjes")
    PRAKTISCHE_STEUN = "praktische_steun", _("Praktische en materiële steun")
    KINDERWENS = "kinderwens", _("Kinderwens en anticonceptie")
    OPVOEDONDERSTEUNING = "opvoedondersteuning", _("Opvoedondersteuning")
    OVERIG = "overig", _("Overig")


class InterventionQuerySet(models.QuerySet):
    def offered_in(self, gemeente):
        """Interventions offered by a running partnership of any coalition of `gemeente`
        (for the RIVM monitor's questions on Nu Niet Zwanger, Centering, VoorZorg, …)."""
        offerings = Offering.objects.filter(
            CoalitionPartner.running_q(prefix="partner__"),
            intervention=OuterRef("pk"),
            partner__coalition__gemeenten=gemeente,
        )
        return self.filter(Exists(offerings)).order_by("name")


# The stored search vector is derived text, not history: the events leave it out.
@pghistory.track(
    pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), exclude=["search"]
)
class Intervention(models.Model):
    """An intervention from the catalogue, e.g. VoorZorg."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=150, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    kind = models.CharField(
        _("soort aanbod"), max_length=30, choices=InterventionKind.choices, default="overig"
    )
    recognised = models.BooleanField(
        _("erkend"),
        default=False,
        help_text=_("Erkend in een databank voor effectieve interventies."),
    )
    life_phases = ChoiceArrayField(
        models.CharField(max_length=20, choices=LifePhase.choices),
        verbose_name=_("levensfasen"),
        default=list,
    )
    vulnerability_levels = ChoiceArrayField(
        models.CharField(max_length=30, choices=Vulnerability.choices),
        verbose_name=_("kwetsbaarheid"),
        default=list,
    )

    # Leren van elkaar (experiments/search.py) finds offered interventions by this stored
    # vector, Dutch stemming like every search vector of the site (GIN index).
    search = models.GeneratedField(
        expression=SearchVector("name", "description", config="dutch"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = InterventionQuerySet.as_manager()

    class Meta:
        verbose_name = _("interventie")
        verbose_name_plural = _("interventies")
        ordering = ["name"]
        indexes = [GinIndex(fields=["search"], name="intervention_search_gin")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=InterventionKind.values), name="intervention_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(life_phases__contained_by=LifePhase.values),
                name="intervention_phases_valid",
            ),
            models.CheckConstraint(
                condition=Q(vulnerability_levels__contained_by=Vulnerability.values),
                name="intervention_levels_valid",
            ),
        ]

    def __str__(self):
        return self.name


@dataclass
class PaletteCell:
    phase: str
    level: str
    offerings: list = field(default_factory=list)
    overlapping_kinds: list = field(default_factory=list)  # kind labels offered by 2+ partners

    @property
    def is_gap(self) -> bool:
        return not self.offerings

    @property
    def is_overlap(self) -> bool:
        return bool(self.overlapping_kinds)


class OfferingQuerySet(models.QuerySet):
    def for_coalition(self, coalition):
        """Offerings of the coalition's running partnerships, with partner and intervention."""
        return (
            self.filter(
                CoalitionPartner.running_q(prefix="partner__"), partner__coalition=coalition
            )
            .select_related("partner__organisation", "intervention")
            .order_by("intervention__name", "partner__organisation__name")
        )

    def in_cell(self, phase: str, level: str):
        """Offerings that cover one cell of the palette (a life phase and a level)."""
        return self.filter(life_phases__contains=[phase], vulnerability_levels__contains=[level])

    def overlaps(self):
        """Offerings that share a cell with an offering of the same kind by another partner
        organisation of the same coalition.

        Two offerings share a cell exactly when their phases overlap and their levels overlap,
        so this is one SQL query with array overlap (&&) tests.
        """
        rival = Offering.objects.filter(
            CoalitionPartner.running_q(prefix="partner__"),
            partner__coalition=OuterRef("partner__coalition"),
            intervention__kind=OuterRef("intervention__kind"),
            life_phases__overlap=OuterRef("life_phases"),
            vulnerability_levels__overlap=OuterRef("vulnerability_levels"),
        ).exclude(partner__organisation=OuterRef("partner__organisation"))
        return self.filter(Exists(rival))

    def covered_cells(self) -> set[tuple[str, str]]:
        """The (phase, level) cells at least one of these offerings covers (one query)."""
        counts = self.aggregate(
            **{
                f"{p}__{lv}": models.Count(
                    "pk", filter=Q(life_phases__contains=[p], vulnerability_levels__contains=[lv])
                )
                for p in LifePhase.values
                for lv in Vulnerability.values
            }
        )
        return {(key.split("__")[0], key.split("__")[1]) for key, n in counts.items() if n}

    def gaps(self) -> list[tuple[str, str]]:
        """The (phase, level) cells none of these offerings covers, in palette order."""
        covered = self.covered_cells()
        return [
            (p, lv)
            for p in LifePhase.values
            for lv in Vulnerability.values
            if (p, lv) not in covered
        ]

    def palette(self) -> list[tuple[str, list[PaletteCell]]]:
        """The matrix life phase × vulnerability level with the offerings in each cell and the
        kinds offered there by more than one partner (one query)."""
        offerings = list(self.select_related("partner__organisation", "intervention"))
        rows = []
        for phase, _label in LifePhase.choices:
            cells = []
            for level, _l in Vulnerability.choices:
                cell = PaletteCell(phase=phase, level=level)
                partners_per_kind: dict[str, set[int]] = {}
                for o in offerings:
                    if phase in o.life_phases and level in o.vulnerability_levels:
                        cell.offerings.append(o)
                        kind = o.intervention.kind
                        partners_per_kind.setdefault(kind, set()).add(o.partner.organisation_id)
                cell.overlapping_kinds = [
                    InterventionKind(k).label
                    for k, orgs in partners_per_kind.items()
                    if len(orgs) > 1
                ]
                cells.append(cell)
            rows.append((phase, cells))
        return rows


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Offering(models.Model):
    """A coalition partner offers an intervention, for some life phases and levels."""

    history_subject = ("intervention", "partner")  # its name in the history

    partner = models.ForeignKey(
        CoalitionPartner,
        verbose_name=_("coalitiepartner"),
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    intervention = models.ForeignKey(
        Intervention,
        verbose_name=_("interventie"),
        on_delete=models.PROTECT,
        related_name="offerings",
    )
    life_phases = ChoiceArrayField(
        models.CharField(max_length=20, choices=LifePhase.choices),
        verbose_name=_("levensfasen"),
    )
    vulnerability_levels = ChoiceArrayField(
        models.CharField(max_length=30, choices=Vulnerability.choices),
        verbose_name=_("kwetsbaarheid"),
    )
    notes = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = OfferingQuerySet.as_manager()

    class Meta:
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        ordering = ["intervention__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "intervention"],
                name="one_offering_per_partner_intervention",
                violation_error_message=_("Deze partner biedt deze interventie al aan."),
            ),
            models.CheckConstraint(
                condition=Q(life_phases__contained_by=LifePhase.values)
                & Q(life_phases__len__gte=1),
                name="offering_phases_valid",
            ),
            models.CheckConstraint(
                condition=Q(vulnerability_levels__contained_by=Vulnerability.values)
                & Q(vulnerability_levels__len__gte=1),
                name="offering_levels_valid",
            ),
        ]

    def __str__(self):
        return f"{self.intervention} – {self.partner.organisation.name}"

    def get_life_phases_display(self) -> str:
        return ", ".join(str(LifePhase(p).label) for p in self.life_phases)

    def get_vulnerability_levels_display(self) -> str:
        return ", ".join(str(Vulnerability(v).label) for v in self.vulnerability_levels)
