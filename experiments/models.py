"""Werkagenda themes and items, bottlenecks and their escalation, agreements and signatories.

Pillar links (denkraam) are an extension point: once the `pijlers` app has its Pillar model,
WorkItem gets `pillars = models.ManyToManyField("pijlers.Pillar", blank=True,
related_name="work_items")` in a new migration of this app, and `WorkItemForm.Meta.fields` gains
"pillars". Until then nothing here refers to `pijlers`.
"""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations

import pghistory
import pgtrigger
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Q
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition
from common.fields import ChoiceArrayField
from common.quarters import (
    QUARTER_CHOICES,
    QUARTER_MAX,
    QUARTER_MIN,
    quarter_label,
)
from experiments.storage import private_storage
from partners.models import CoalitionPartner


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


class InvolvedLevel(models.TextChoices):
    """Levels an item involves (the seed's bestuurlijk … ouders)."""

    BESTUURLIJK = "bestuurlijk", _("Bestuurlijk")
    AMBTELIJK = "ambtelijk", _("Ambtelijk")
    MANAGEMENT = "management", _("Management")
    PROFESSIONALS = "professionals", _("Professionals")
    OUDERS = "ouders", _("(Aanstaande) ouders")


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


class AgreementKind(models.TextChoices):
    INTENTIEVERKLARING = "intentieverklaring", _("Intentieverklaring")
    SAMENWERKINGSOVEREENKOMST = "samenwerkingsovereenkomst", _("Samenwerkingsovereenkomst")
    CONVENANT = "convenant", _("Convenant")


def _same_coalition_trigger(name: str, partner_column: str, coalition_sql: str):
    """A trigger refusing a partner (CoalitionPartner) from another coalition than the row's."""
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update,
        func=f"""
            IF NEW.{partner_column} IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM partners_coalitionpartner p
                WHERE p.id = NEW.{partner_column} AND p.coalition_id = ({coalition_sql})
            ) THEN
                RAISE EXCEPTION 'partner % belongs to another coalition', NEW.{partner_column}
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        """,
    )


# --- Themes ---------------------------------------------------------------------------------


class ThemeQuerySet(models.QuerySet):
    def for_coalition(self, coalition):
        """The coalition's themes in their own order."""
        return self.filter(coalition=coalition).order_by("order", "name")


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
    def published(self):
        """Items the coalition has chosen to show on its public page."""
        return self.filter(published=True)

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


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
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
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = WorkItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("werkagenda-onderdeel")
        verbose_name_plural = _("werkagenda-onderdelen")
        ordering = ["coalition", "start_quarter", "title"]
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
            _same_coalition_trigger(
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


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
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
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = BottleneckQuerySet.as_manager()

    class Meta:
        verbose_name = _("knelpunt")
        verbose_name_plural = _("knelpunten")
        ordering = ["raised_on", "pk"]
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
        return f"{self.get_from_level_display()} → {self.get_to_level_display()} ({self.date})"


# --- Agreements -----------------------------------------------------------------------------


def agreement_upload_to(instance, filename):
    # Never the uploader's file name: a random one, so names cannot be guessed or collide.
    return f"agreements/{instance.coalition_id}/{uuid.uuid4().hex}.pdf"


class PrivateFieldFile(FieldFile):
    """A stored file whose only URL is its model's permission-checked download view."""

    @property
    def url(self):
        self._require_file()
        return self.instance.get_pdf_url()


class PrivateFileField(models.FileField):
    """FileField on private storage; `.url` points at the owner's download view, never at disk.

    Widgets (admin, crispy) link to `.url`, so they lead through the permission check too.
    """

    attr_class = PrivateFieldFile


class AgreementQuerySet(models.QuerySet):
    def with_signatories(self):
        """Agreements with their signatories and organisations, newest first (two queries)."""
        return (
            self.select_related("coalition")
            .prefetch_related(
                models.Prefetch(
                    "signatories",
                    queryset=Signatory.objects.select_related("partner__organisation").order_by(
                        "partner__organisation__name"
                    ),
                )
            )
            .order_by("-signed_on", "title")
        )

    def public_facts(self):
        """Agreements as the public may see them: kind, title, date and place signed and the
        signatory organisations (`signatories.all`, by organisation name), newest first.

        Neither the PDF nor who signed (names and functions are personal data) is loaded, so
        no template can show them by mistake. Two queries.
        """
        return (
            self.only("coalition_id", "kind", "title", "signed_on", "place")
            .prefetch_related(
                models.Prefetch(
                    "signatories",
                    queryset=Signatory.objects.select_related("partner__organisation")
                    .only("agreement_id", "partner_id", "partner__organisation__name")
                    .order_by("partner__organisation__name"),
                )
            )
            .order_by("-signed_on", "title")
        )

    def per_coalition(self, coalitions=None) -> dict[int, list["Agreement"]]:
        """{coalition id: its agreements (with signatories), newest first}.

        The half-year report uses this; pass `coalitions` (a queryset or ids) to restrict.
        """
        qs = self if coalitions is None else self.filter(coalition__in=coalitions)
        result: dict[int, list[Agreement]] = defaultdict(list)
        for agreement in qs.with_signatories():
            result[agreement.coalition_id].append(agreement)
        return dict(result)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Agreement(models.Model):
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalitie"), on_delete=models.PROTECT, related_name="agreements"
    )
    kind = models.CharField(_("soort"), max_length=30, choices=AgreementKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    signed_on = models.DateField(_("ondertekend op"))
    place = models.CharField(_("plaats van ondertekening"), max_length=100, blank=True)
    pdf = PrivateFileField(
        _("document (pdf)"),
        storage=private_storage,
        upload_to=agreement_upload_to,
        max_length=200,
        blank=True,
        help_text=_("Alleen zichtbaar voor de coalitie en Pharos, nooit openbaar."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["coalition", "-signed_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=AgreementKind.values), name="agreement_kind"
            )
        ]

    def __str__(self):
        return f"{self.title} ({self.signed_on:%m-%Y})"

    def get_absolute_url(self):
        return reverse("experiments:agreement_detail", args=[self.coalition.slug, self.pk])

    def get_pdf_url(self):
        return reverse("experiments:agreement_pdf", args=[self.coalition.slug, self.pk])


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Signatory(models.Model):
    """An organisation that signed an agreement, and who signed for it (personal data)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="signatories"
    )
    partner = models.ForeignKey(
        CoalitionPartner,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="signatures",
    )
    signer_name = models.CharField(_("naam ondertekenaar"), max_length=150, blank=True)
    signer_function = models.CharField(_("functie ondertekenaar"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("ondertekenaar")
        verbose_name_plural = _("ondertekenaars")
        ordering = ["agreement", "partner__organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "partner"],
                name="signatory_once_per_agreement",
                violation_error_message=_("Deze organisatie staat al bij de ondertekenaars."),
            )
        ]
        triggers = [
            _same_coalition_trigger(
                "signatory_partner_same_coalition",
                "partner_id",
                "SELECT a.coalition_id FROM experiments_agreement a WHERE a.id = NEW.agreement_id",
            )
        ]

    def __str__(self):
        return str(self.partner.organisation)

    def clean(self):
        if (
            self.partner_id
            and self.agreement_id
            and self.partner.coalition_id != self.agreement.coalition_id
        ):
            raise ValidationError(
                {"partner": _("De ondertekenaar moet partner van deze coalitie zijn.")}
            )


@receiver(post_delete, sender=Agreement)
def delete_agreement_pdf(sender, instance, **kwargs):
    """A deleted agreement takes its PDF along, once the deletion is committed."""
    if instance.pdf:
        storage, name = instance.pdf.storage, instance.pdf.name
        transaction.on_commit(lambda: storage.delete(name))
