"""The werkagenda: a coalition's themes and its work items (experiment, verkenning,
vraagstuk) with their trekker, participants and quarters."""

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import pghistory
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition
from common.fields import ChoiceArrayField
from common.quarters import (
    QUARTER_CHOICES,
    QUARTER_MAX,
    QUARTER_MIN,
    quarter_index,
    quarter_label,
)
from experiments.models.agreements import Signatory
from experiments.models.triggers import same_coalition_trigger
from partners.models import CoalitionPartner

# The one text-search configuration of the site: Dutch stemming ("verloskundigen" finds
# "verloskundige"). Every stored vector and every query uses it.
SEARCH_CONFIG = "dutch"


class ItemKind(models.TextChoices):
    EXPERIMENT = "experiment", _("Experiment")
    VERKENNING = "verkenning", _("Verkenning")
    VRAAGSTUK = "vraagstuk", _("Vraagstuk")


class ItemStatus(models.TextChoices):
    IDEE = "idee", _("Idee")
    GEPLAND = "gepland", _("Gepland")
    LOPEND = "lopend", _("Lopend")
    AFGEROND = "afgerond", _("Afgerond")
    GESTOPT = "gestopt", _("Gestopt")


# The statuses that count as running work (WorkItemQuerySet.running, the pijlerdekking page).
RUNNING_STATUSES = (ItemStatus.LOPEND,)


class InvolvedLevel(models.TextChoices):
    """Levels an item involves (the seed's bestuurlijk … ouders)."""

    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk")
    AMBTELIJK = "ambtelijk", _("Ambtelijk")
    MANAGEMENT = "management", _("Management")
    PROFESSIONALS = "professionals", _("Professionals")
    OUDERS = "ouders", _("(Aanstaande) ouders")


# --- Themes ---------------------------------------------------------------------------------


class ThemeQuerySet(models.QuerySet):
    def for_coalition(self, coalition):
        """The coalition's themes in their own order."""
        return self.filter(coalition=coalition).order_by("order", "name")

    def named(self, coalition, name: str) -> "Theme":
        """The coalition's theme called `name` (case-insensitive, surrounding spaces ignored),
        made when it has none yet: typing an existing theme's name links that theme instead
        of making a near-duplicate."""
        name = " ".join(name.split())
        existing = self.filter(coalition=coalition, name__iexact=name).order_by("pk").first()
        if existing is not None:
            return existing
        theme = self.model(coalition=coalition, name=name)
        theme.full_clean()
        theme.save()
        return theme


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Theme(models.Model):
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalitie"), on_delete=models.PROTECT, related_name="themes"
    )
    name = models.CharField(_("naam"), max_length=150)
    description = models.TextField(_("toelichting"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, help_text=_("Lager staat eerder in de werkagenda.")
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = ThemeQuerySet.as_manager()

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["coalition", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["coalition", "name"],
                name="theme_name_unique_per_coalition",
                violation_error_message=_("Deze coalitie heeft al een thema met deze naam."),
            )
        ]

    def __str__(self):
        return self.name


# --- Work items -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Connection:
    """Two partner organisations of one coalition that work together (ids ordered a < b)."""

    coalition_id: int
    organisation_a_id: int
    organisation_b_id: int
    work_items: int = 0
    agreements: int = 0


class WorkItemQuerySet(models.QuerySet):
    def running(self):
        """Items under way now: status `lopend` (an idea or a plan has not started, a finished
        or stopped item no longer runs). The one home of "running work"."""
        return self.filter(status__in=RUNNING_STATUSES)

    def published(self):
        """Items the coalition has chosen to show on its public page."""
        return self.filter(published=True)

    def in_quarter(self, quarter: int):
        """Items whose timeline covers `quarter` (a `common.quarters` index): started in or
        before it, and ending in or after it or open-ended. The workspace overview's "this
        quarter"."""
        return self.filter(
            Q(end_quarter__isnull=True) | Q(end_quarter__gte=quarter), start_quarter__lte=quarter
        )

    def for_timeline(self):
        """Items with everything the timeline and lists show, in a fixed number of queries.

        Adds `open_bottleneck_count`; orders by start quarter, then title.
        """
        return (
            self.select_related("lead_partner__organisation")
            .prefetch_related(
                models.Prefetch("themes", queryset=Theme.objects.order_by("order", "name")),
                models.Prefetch(
                    "partners",
                    queryset=CoalitionPartner.objects.select_related("organisation").order_by(
                        "organisation__name"
                    ),
                ),
            )
            .annotate(
                open_bottleneck_count=Count(
                    "bottlenecks", filter=Q(bottlenecks__resolved_on__isnull=True)
                )
            )
            .order_by("start_quarter", "title")
        )

    def in_year(self, year: int):
        """Items that show in `year`: begun by its last quarter and not ended before its first;
        an open-ended item runs on, so it shows in every year from its start. The one home of
        "an item in a year" (experiments.timeline.touches_year is the same rule for rows
        already loaded)."""
        return self.filter(start_quarter__lte=quarter_index(year, 4)).filter(
            Q(end_quarter__isnull=True) | Q(end_quarter__gte=quarter_index(year, 1))
        )

    def for_public_page(self):
        """Published items with only what a coalition's public page lists: title, kind,
        status and quarters, by start quarter then title. Nothing else is loaded."""
        return (
            self.published()
            .only("coalition_id", "title", "kind", "status", "start_quarter", "end_quarter")
            .order_by("start_quarter", "title")
        )

    def filtered(self, *, theme=None, kind="", status="", partner=None):
        """Narrow down by theme, kind, status and partner (lead or participating); blanks pass."""
        qs = self
        if theme is not None:
            qs = qs.filter(themes=theme)
        if kind:
            qs = qs.filter(kind=kind)
        if status:
            qs = qs.filter(status=status)
        if partner is not None:
            # A subquery, not a join: a join would multiply rows and the bottleneck counts.
            qs = qs.filter(
                Q(lead_partner=partner)
                | Q(pk__in=WorkItem.objects.filter(partners=partner).values("pk"))
            )
        return qs

    def partner_connections(self, coalition=None) -> dict[int, list[Connection]]:
        """Per coalition id: pairs of partner organisations that share work items or agreements.

        Two organisations are connected when both take part in one work item (as lead or
        participating partner) or both signed one agreement. Each Connection counts the shared
        items and agreements. Two queries, whatever the number of items (the partner map uses
        this for its "connections"). Pass `coalition` to restrict to one coalition. Filters on
        `self` narrow the work items only; agreements count for every coalition (or `coalition`).
        """
        items = self if coalition is None else self.filter(coalition=coalition)
        groups: dict[tuple, set[int]] = defaultdict(set)  # (kind, coalition, id) -> orgs
        rows = items.values_list(
            "coalition_id", "pk", "lead_partner__organisation_id", "partners__organisation_id"
        )
        for coalition_id, pk, lead_org, org in rows:
            members = groups[("item", coalition_id, pk)]
            members.update(o for o in (lead_org, org) if o is not None)
        signatories = Signatory.objects.all()
        if coalition is not None:
            signatories = signatories.filter(agreement__coalition=coalition)
        for coalition_id, pk, org in signatories.values_list(
            "agreement__coalition_id", "agreement_id", "partner__organisation_id"
        ):
            groups[("agreement", coalition_id, pk)].add(org)
        counts: dict[tuple, dict[str, int]] = defaultdict(lambda: {"item": 0, "agreement": 0})
        for (kind, coalition_id, _pk), orgs in groups.items():
            for a, b in combinations(sorted(orgs), 2):
                counts[(coalition_id, a, b)][kind] += 1
        result: dict[int, list[Connection]] = defaultdict(list)
        for (coalition_id, a, b), n in sorted(counts.items()):
            result[coalition_id].append(
                Connection(coalition_id, a, b, work_items=n["item"], agreements=n["agreement"])
            )
        return dict(result)


# The stored search vector is derived text, not history: the events leave it out.
@pghistory.track(
    pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent(), exclude=["search"]
)
class WorkItem(models.Model):
    """An experiment, verkenning or vraagstuk on the coalition's werkagenda."""

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalitie"), on_delete=models.PROTECT, related_name="work_items"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ItemKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    goal = models.TextField(_("doel"), blank=True)
    themes = models.ManyToManyField(
        Theme, verbose_name=_("thema's"), related_name="work_items", blank=True
    )
    lead_partner = models.ForeignKey(
        CoalitionPartner,
        verbose_name=_("trekker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_work_items",
    )
    partners = models.ManyToManyField(
        CoalitionPartner,
        verbose_name=_("deelnemende partners"),
        related_name="work_items",
        blank=True,
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ItemStatus.choices, default=ItemStatus.IDEE
    )
    # The denkraam's pillars and elements this item works on (the pijlerdekking page).
    pillars = models.ManyToManyField(
        "pijlers.Pillar", verbose_name=_("pijlers"), related_name="work_items", blank=True
    )
    elements = models.ManyToManyField(
        "pijlers.CrossCuttingElement",
        verbose_name=_("doorlopende elementen"),
        related_name="work_items",
        blank=True,
    )
    start_quarter = models.PositiveIntegerField(_("startkwartaal"), choices=QUARTER_CHOICES)
    end_quarter = models.PositiveIntegerField(
        _("eindkwartaal"),
        choices=QUARTER_CHOICES,
        null=True,
        blank=True,
        help_text=_("Leeg laten als het einde nog open is."),
    )
    levels = ChoiceArrayField(
        models.CharField(max_length=20, choices=InvolvedLevel.choices),
        verbose_name=_("betrokken niveaus"),
        default=list,
        blank=True,
    )
    published = models.BooleanField(
        _("gepubliceerd"),
        default=False,
        help_text=_("Alleen gepubliceerde onderdelen staan op de openbare pagina van de coalitie."),
    )
    # Leren van elkaar (experiments/search.py) searches this stored vector (GIN index).
    search = models.GeneratedField(
        expression=SearchVector("title", "description", "goal", config=SEARCH_CONFIG),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = WorkItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("werkagenda-onderdeel")
        verbose_name_plural = _("werkagenda-onderdelen")
        ordering = ["coalition", "start_quarter", "title"]
        indexes = [GinIndex(fields=["search"], name="workitem_search_gin")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="workitem_kind"),
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="workitem_status"
            ),
            models.CheckConstraint(
                condition=Q(start_quarter__gte=QUARTER_MIN, start_quarter__lte=QUARTER_MAX),
                name="workitem_start_quarter_in_range",
            ),
            models.CheckConstraint(
                condition=Q(end_quarter__isnull=True)
                | Q(end_quarter__gte=models.F("start_quarter"), end_quarter__lte=QUARTER_MAX),
                name="workitem_end_not_before_start",
                violation_error_message=_("Het eindkwartaal ligt vóór het startkwartaal."),
            ),
            models.CheckConstraint(
                condition=Q(levels__contained_by=InvolvedLevel.values), name="workitem_levels"
            ),
        ]
        triggers = [
            same_coalition_trigger(
                "workitem_lead_partner_same_coalition", "lead_partner_id", "NEW.coalition_id"
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("experiments:item_detail", args=[self.coalition.slug, self.pk])

    def clean(self):
        errors = {}
        if (
            self.end_quarter is not None
            and self.start_quarter is not None
            and self.end_quarter < self.start_quarter
        ):
            errors["end_quarter"] = _("Het eindkwartaal ligt vóór het startkwartaal.")
        if (
            self.lead_partner_id
            and self.coalition_id
            and self.lead_partner.coalition_id != self.coalition_id
        ):
            errors["lead_partner"] = _("De trekker moet partner van deze coalitie zijn.")
        if errors:
            raise ValidationError(errors)

    @property
    def start_label(self) -> str:
        return quarter_label(self.start_quarter)

    @property
    def end_label(self) -> str:
        return quarter_label(self.end_quarter) if self.end_quarter is not None else ""

    @property
    def levels_display(self) -> list[str | Promise]:
        """The involved levels' Dutch labels, in the order of InvolvedLevel."""
        labels = dict(InvolvedLevel.choices)
        return [labels[v] for v in InvolvedLevel.values if v in self.levels]

    def is_active_in(self, quarter: int) -> bool:
        """Does the item run in `quarter`? Open-ended items run on from their start."""
        return self.start_quarter <= quarter and (
            self.end_quarter is None or quarter <= self.end_quarter
        )


# --- Who takes part in an item, and under which themes: history of the links --------------
# Django's automatic many-to-many tables keep no history of their own; these proxies put
# pghistory's insert and delete triggers on them, so the coalition's history lists a
# partner or theme added to or taken off an item (experiments/history.py).


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent(), obj_field=None)
class WorkItemPartner(WorkItem.partners.through):  # type: ignore[name-defined]
    history_subject = ("workitem", "coalitionpartner")

    class Meta:
        proxy = True
        verbose_name = _("deelnemende partner van een onderdeel")
        verbose_name_plural = _("deelnemende partners van onderdelen")


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent(), obj_field=None)
class WorkItemTheme(WorkItem.themes.through):  # type: ignore[name-defined]
    history_subject = ("workitem", "theme")

    class Meta:
        proxy = True
        verbose_name = _("thema van een onderdeel")
        verbose_name_plural = _("thema's van onderdelen")
