"""Gemeenten, coalitions, their status history and who works on them."""

import calendar
import datetime
from collections.abc import Callable

import pghistory
import pgtrigger
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from pghistory.models import Events

from common import periods
from common.periods import running_q

CBS_CODE_REGEX = r"^GM[0-9]{4}$"


class Province(models.TextChoices):
    DRENTHE = "DR", "Drenthe"
    FLEVOLAND = "FL", "Flevoland"
    FRIESLAND = "FR", "Fryslân"
    GELDERLAND = "GE", "Gelderland"
    GRONINGEN = "GR", "Groningen"
    LIMBURG = "LI", "Limburg"
    NOORD_BRABANT = "NB", "Noord-Brabant"
    NOORD_HOLLAND = "NH", "Noord-Holland"
    OVERIJSSEL = "OV", "Overijssel"
    UTRECHT = "UT", "Utrecht"
    ZEELAND = "ZE", "Zeeland"
    ZUID_HOLLAND = "ZH", "Zuid-Holland"


class Phase(models.TextChoices):
    """The phases of a coalition, in the order a coalition normally goes through them."""

    VERKENNING = "verkenning", _("Verkenning")
    VORMING = "vorming", _("Vorming")
    AMBITIE_PLAN = "ambitie_plan", _("Ambitie en plan")
    UITVOERING = "uitvoering", _("Uitvoering")
    BORGING = "borging", _("Borging")

    @classmethod
    def order(cls, value: str) -> int:
        """Position of a phase (0 = verkenning); lets code compare phases."""
        return cls.values.index(value)

    @classmethod
    def next_after(cls, value: str) -> str | None:
        """The phase after `value`, or None after borging."""
        i = cls.order(value)
        return cls.values[i + 1] if i + 1 < len(cls.values) else None


class CoalitionKind(models.TextChoices):
    LOKAAL = "lokaal", _("Lokaal")
    REGIONAAL = "regionaal", _("Regionaal")


class GemeenteQuerySet(models.QuerySet):
    def active(self):
        """Gemeenten that still exist (not merged away in a herindeling)."""
        return self.filter(active=True)


class Gemeente(models.Model):
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(CBS_CODE_REGEX, _("Een CBS-code is GM gevolgd door 4 cijfers."))
        ],
        help_text=_("Bijvoorbeeld GM0503 voor Delft."),
    )
    name = models.CharField(_("naam"), max_length=100)
    province = models.CharField(_("provincie"), max_length=2, choices=Province.choices)
    ggd_region = models.CharField(_("GGD-regio"), max_length=100, blank=True)
    active = models.BooleanField(
        _("actief"), default=True, help_text=_("Uit bij gemeenten die zijn opgegaan in een fusie.")
    )

    objects = GemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cbs_code__regex=CBS_CODE_REGEX), name="gemeente_cbs_code_format"
            ),
            models.CheckConstraint(
                condition=Q(province__in=Province.values), name="gemeente_province_valid"
            ),
        ]

    def __str__(self):
        return self.name


def partner_domains():
    """The partner domains as (value, label) pairs, in their natural order.

    Read from the partners app through the app registry: `coalitions` must not import
    `partners` (imports run coalitions <- partners).
    """
    return apps.get_model("partners", "Organisation")._meta.get_field("domain").choices


# --- Stale data -------------------------------------------------------------------------------
# A coalition is stale when its latest status update is dated more than this long ago; see
# `CoalitionQuerySet.stale()`, the one definition.
STALE_AFTER_MONTHS = 6

# Extra information on Pharos' stale-data page, not part of the rule above: when other parts
# of a coalition's data were last changed. key -> (Dutch label, a callable returning an
# expression that gives, per coalition (OuterRef("pk")), the datetime it was last changed).
# partners registers partnerships in its AppConfig.ready(); pijlers registers the
# self-assessment the same way (pijlers/apps.py).
STALENESS_SOURCES: dict[str, tuple[str, Callable[[], models.expressions.BaseExpression]]] = {}


def register_staleness_source(
    key: str, label, expression: Callable[[], models.expressions.BaseExpression]
):
    """Add a part of a coalition's data whose last change the stale-data page shows."""
    STALENESS_SOURCES[key] = (label, expression)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` calendar months earlier (31 August - 6 months = 28/29 February)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def as_date(on=None) -> datetime.date:
    """`on` as a local date: today for None, the local day of a datetime."""
    if on is None:
        return timezone.localdate()
    if isinstance(on, datetime.datetime):
        return timezone.localdate(on) if timezone.is_aware(on) else on.date()
    return on


def stale_before(on=None) -> datetime.date:
    """A coalition whose status is dated before this day is stale on `on` (today by default):
    six calendar months earlier, so an update exactly six months old is still fine."""
    return months_before(as_date(on), STALE_AFTER_MONTHS)


def stale_cutoff(now=None) -> datetime.datetime:
    """The moment before which an untouched part counts as old (six months before `now`)."""
    now = now or timezone.now()
    if not isinstance(now, datetime.datetime):
        now = timezone.make_aware(datetime.datetime.combine(now, datetime.time.min))
    return now.replace(
        **{
            k: getattr(months_before(now.date(), STALE_AFTER_MONTHS), k)
            for k in ("year", "month", "day")
        }
    )


def trekker_partnerships(on=None):
    """The partnerships with role trekker running on `on` (today by default), with their
    organisation, the one that started last first (during a handover two can run at once).

    The partners app keeps the trekker; this app reaches its model through the relation, as
    it does not import it.
    """
    partnership_model = Coalition._meta.get_field("partners").related_model
    return (
        partnership_model.objects.trekkers(on)
        .select_related("organisation")
        .order_by(F("since").desc(nulls_last=True), "-pk")
    )


class CoalitionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Coalitions whose workspace `user` may open: own roles, or all for Pharos/superusers."""
        from coalitions.permissions import is_pharos

        if not user.is_authenticated:
            return self.none()
        if is_pharos(user):
            return self
        return self.filter(roles__user=user).distinct()

    def editable_by(self, user):
        """Coalitions `user` may change: those where the user is editor."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(roles__user=user, roles__role=CoalitionRole.Role.EDITOR).distinct()

    def for_public_display(self, on=None):
        """Everything public pages show of coalitions, in one query plus prefetches.

        Each coalition gets `gemeenten` prefetched and, per partner domain, the number of
        partnerships running on date `on` (today by default) as `active_partners_<domain>`;
        `Coalition.public_partner_counts` reads them in domain order.
        """
        running = running_q(on, prefix="partners__")  # CoalitionPartner.objects.running()
        counts = {
            f"active_partners_{domain}": Count(
                "partners",
                filter=running & Q(partners__organisation__domain=domain),
                distinct=True,
            )
            for domain, _label in partner_domains()
        }
        return self.prefetch_related("gemeenten").annotate(**counts).order_by("name")

    def search_gemeente(self, term):
        """Coalitions with a gemeente whose name contains `term` or whose CBS code is `term`
        (with or without "GM").

        The coalition's own name counts too, so "regio Alkmaar" finds the regional coalition.
        A subquery instead of a join keeps the partner counts of `for_public_display` right.
        """
        term = (term or "").strip()
        if not term:
            return self
        code = f"GM{term}" if term.isdigit() else term  # "0503" finds GM0503 too
        matching = self.model.objects.filter(
            Q(name__icontains=term)
            | Q(gemeenten__name__icontains=term)
            | Q(gemeenten__cbs_code__iexact=code)
        )
        return self.filter(pk__in=matching.values("pk"))

    def in_province(self, province):
        """Coalitions with at least one gemeente in `province` (a Province value)."""
        if not province:
            return self
        return self.filter(
            pk__in=self.model.objects.filter(gemeenten__province=province).values("pk")
        )

    def in_phase(self, phase):
        """Coalitions currently in `phase` (a Phase value)."""
        if not phase:
            return self
        return self.filter(phase=phase)

    def for_public_page(self, on=None):
        """One coalition's public page: its public fields, phase history and partners.

        The phase history holds dates and phases only: summaries, next steps and bottlenecks
        are internal notes and are not even loaded. Partners are the partnerships running on
        `on` (today by default) with their organisation, as `public_partnerships`. The
        boegbeeld (a person) and the Pharos adviser (a user) are not loaded. What the apps
        built on coalitions show (werkagenda, agreements, denkraam) comes from their sections
        in `coalitions.extensions.public_sections`. The trekker's name as
        `trekker_name` (`with_trekker()`).
        """
        partnership_model = self.model._meta.get_field("partners").related_model
        return (
            self.with_trekker(on)
            .defer("boegbeeld", "pharos_adviser")
            .prefetch_related(
                "gemeenten",
                Prefetch(
                    "status_updates",
                    queryset=StatusUpdate.objects.only("coalition_id", "date", "phase").order_by(
                        "date", "created_at"
                    ),
                    to_attr="public_phase_history",
                ),
                Prefetch(
                    "partners",
                    queryset=partnership_model.objects.running(on)
                    .select_related("organisation")
                    .only(
                        "coalition_id",
                        "role",
                        "organisation",
                        "organisation__name",
                        "organisation__category",
                        "organisation__domain",
                        "organisation__place",
                        "organisation__website",
                    )
                    .order_by("organisation__name"),
                    to_attr="public_partnerships",
                ),
            )
        )

    def with_trekker(self, on=None):
        """Annotate `trekker_name`: the organisation whose partnership with role trekker runs
        on `on` (today by default), or None. Part of the same query, so lists and pages show
        the trekker without a query per coalition.

        The partners app keeps the trekker (a partnership role); see `trekker_partnerships`.
        """
        trekkers = trekker_partnerships(on).filter(coalition=OuterRef("pk"))
        return self.annotate(trekker_name=Subquery(trekkers.values("organisation__name")[:1]))

    def for_workspace(self, today=None):
        """Coalitions for the workspace list: gemeenten, last update date and the annotations
        every registered attention check needs (see coalitions/attention.py).

        Read `coalition.attention_items` on the result; it costs no further queries.
        """
        from coalitions import attention

        qs = self.prefetch_related("gemeenten").order_by("name").with_status_date()
        return attention.annotate(qs, today=today)

    def with_status_date(self):
        """Annotate `last_status_date`, the date of the newest status update (None without
        one), and `status_date`, the date the stale rule counts from: that date; for a
        coalition without any update its start date (it has been running since then without
        telling how), or without a start date the day it was entered in the app.
        """
        if "status_date" in self.query.annotations:
            return self
        latest = StatusUpdate.objects.filter(coalition=OuterRef("pk")).order_by("-date")
        return self.annotate(last_status_date=Subquery(latest.values("date")[:1])).annotate(
            status_date=Coalesce(F("last_status_date"), F("start_date"), TruncDate("created_at"))
        )

    def stale(self, on=None):
        """Coalitions that are stale on `on` (today by default): their latest status update
        is dated more than six months before it (see `with_status_date` for coalitions
        without one). The one definition of "stale coalition": the Pharos overview, the
        stale-data page, the workspace's attention list and the editors' reminders use it.
        """
        return self.with_status_date().filter(status_date__lt=stale_before(on))

    def reminders_for(self, user, on=None):
        """The stale coalitions `user` edits: what the workspace reminds the editor of."""
        return self.editable_by(user).stale(on).order_by("name")

    def with_last_touched(self):
        """Annotate `last_touched_<source>` for every registered staleness source (partners,
        self-assessment): extra information on the stale-data page, not the stale rule.

        Each is the moment that part of the coalition's data was last changed; a coalition
        without any (no partners yet) counts from its own creation.
        """
        if not STALENESS_SOURCES or self._touched_key(next(iter(STALENESS_SOURCES))) in (
            self.query.annotations
        ):
            return self
        return self.annotate(
            **{
                self._touched_key(key): Coalesce(expression(), F("created_at"))
                for key, (_label, expression) in STALENESS_SOURCES.items()
            }
        )

    @staticmethod
    def _touched_key(key: str) -> str:
        return f"last_touched_{key}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Coalition(models.Model):
    name = models.CharField(_("naam"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    kind = models.CharField(
        _("soort"), max_length=10, choices=CoalitionKind.choices, default=CoalitionKind.LOKAAL
    )
    # The gemeenten the coalition runs for today: read-only, through a database view of the
    # running CoalitionGemeente links, so every reader (lists, search, charts, filters such as
    # `gemeenten__province` or `gemeente__coalitions`) sees running links only. Pharos assigns
    # and ends links as CoalitionGemeente rows; `gemeente_links` holds them all, with history.
    gemeenten = models.ManyToManyField(
        Gemeente,
        verbose_name=_("gemeenten"),
        related_name="coalitions",
        through="RunningCoalitionGemeente",
    )
    phase = models.CharField(
        _("fase"),
        max_length=20,
        choices=Phase.choices,
        default=Phase.VERKENNING,
        help_text=_("De fase van de laatste statusupdate."),
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    ambition = models.TextField(_("ambitie"), blank=True)
    boegbeeld = models.CharField(
        _("bestuurlijk boegbeeld"),
        max_length=150,
        blank=True,
        help_text=_("De wethouder die de coalitie bestuurlijk draagt."),
    )
    pharos_adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Pharos-adviseur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advised_coalitions",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = CoalitionQuerySet.as_manager()
    # Set by CoalitionQuerySet.for_public_page() (Prefetch to_attr), not a field.
    public_partnerships: list

    class Meta:
        verbose_name = _("coalitie")
        verbose_name_plural = _("coalities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=Phase.values), name="coalition_phase_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CoalitionKind.values), name="coalition_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("coalitions:public_detail", args=[self.slug])

    @property
    def public_partner_counts(self) -> list[tuple[str, str, int]]:
        """(domain, label, number of running partnerships) per domain, in domain order.

        Needs the annotations of `CoalitionQuerySet.for_public_display()`.
        """
        return [
            (domain, label, getattr(self, f"active_partners_{domain}"))
            for domain, label in partner_domains()
        ]

    @property
    def public_partners_by_domain(self) -> list[tuple[str, str, list]]:
        """(domain, label, partnerships) for each domain with running partners, in domain order.

        Needs the prefetch of `CoalitionQuerySet.for_public_page()`.
        """
        groups: list[tuple[str, str, list]] = [
            (domain, label, []) for domain, label in partner_domains()
        ]
        by_domain = {domain: partnerships for domain, _label, partnerships in groups}
        for partnership in self.public_partnerships:
            # An organisation without a domain (saved around `Organisation.save`) goes last.
            by_domain.get(partnership.organisation.domain, groups[-1][2]).append(partnership)
        return [group for group in groups if group[2]]

    def get_workspace_url(self):
        return reverse("coalitions:workspace_detail", args=[self.slug])

    @property
    def attention_items(self):
        """What needs the editor's attention: a list of `attention.AttentionItem`.

        Needs a coalition from `Coalition.objects.for_workspace()` (annotations, no queries).
        """
        from coalitions import attention

        return attention.items_for(self)

    @cached_property
    def trekker_partnership(self):
        """The coalition's trekker today: its running partnership with role trekker, with the
        organisation, or None (one query). Lists and pages that only show the name use
        `Coalition.objects.with_trekker()` instead.
        """
        return trekker_partnerships().filter(coalition=self).first()

    def is_stale(self, on=None) -> bool:
        """Is this coalition stale on `on`? The rule of `Coalition.objects.stale()`, read from
        the annotation of `with_status_date()` (no query then; else one)."""
        if not hasattr(self, "status_date"):
            annotated = type(self).objects.filter(pk=self.pk).with_status_date()
            self.status_date, self.last_status_date = annotated.values_list(
                "status_date", "last_status_date"
            ).get()
        return self.status_date < stale_before(on)

    def touched_parts(self, now=None) -> list[dict]:
        """Per staleness source (partners, self-assessment): {key, label, last_touched, stale}.

        Extra information for the stale-data page, not the stale rule (`is_stale`). Uses the
        annotations of `Coalition.objects.with_last_touched()` (no queries then); on a plain
        instance it asks the database once.
        """
        keys = [CoalitionQuerySet._touched_key(key) for key in STALENESS_SOURCES]
        if keys and not hasattr(self, keys[0]):
            values = type(self).objects.with_last_touched().filter(pk=self.pk).values().get()
            for key in keys:
                setattr(self, key, values[key])
        cutoff = stale_cutoff(now)
        parts = []
        for key, (label, _expression) in STALENESS_SOURCES.items():
            touched = getattr(self, f"last_touched_{key}")
            parts.append(
                {
                    "key": key,
                    "label": label,
                    "last_touched": touched,
                    "stale": touched is not None and touched < cutoff,
                }
            )
        return parts


class CoalitionGemeenteQuerySet(models.QuerySet):
    def running(self, on=None):
        """Links running on date `on` (today by default): started on or before it and not
        ended by then (`until` is the first day the gemeente no longer belongs): the same rule
        as a running partnership, defined once in common/periods.py.

        The database view behind `Coalition.gemeenten` applies the same rule for today
        (migration 0007); tests hold the two together.
        """
        return self.filter(periods.running_q(on))

    def overlapping(self, link):
        """Other links of `link`'s gemeente whose period shares a day with `link`'s.

        A link whose `until` equals its `since` never ran (how Pharos undoes a mistake), so
        it overlaps nothing.
        """
        if link.until is not None and link.until <= link.since:
            return self.none()
        others = (
            self.filter(gemeente_id=link.gemeente_id)
            .exclude(pk=link.pk)
            .exclude(until=F("since"))
            .filter(Q(until__isnull=True) | Q(until__gt=link.since))
        )
        if link.until is not None:
            others = others.filter(since__lt=link.until)
        return others


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class CoalitionGemeente(models.Model):
    """A gemeente belonging to a coalition from `since` until `until`.

    Pharos assigns and ends these in the admin; a coalition's editors cannot, because figures
    and the RIVM answers of a gemeente follow the coalition it belongs to. A gemeente belongs
    to at most one running coalition at a time: the database refuses a second open link, and
    `clean()` any overlap of periods. Ended links stay as history.
    """

    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalitie"),
        on_delete=models.CASCADE,
        related_name="gemeente_links",
    )
    gemeente = models.ForeignKey(
        Gemeente,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="coalition_links",
    )
    since = models.DateField(_("hoort erbij sinds"), default=datetime.date.today)
    until = models.DateField(
        _("hoort erbij tot"),
        null=True,
        blank=True,
        help_text=_(
            "De eerste dag dat de gemeente niet meer bij de coalitie hoort. Een beëindigde "
            "koppeling blijft bewaard in de geschiedenis; dezelfde datum als ‘sinds’ maakt een "
            "vergissing ongedaan."
        ),
    )
    # No timestamps of its own: the history (pghistory events) records who changed a link when,
    # and rows written through the view behind `Coalition.gemeenten` need no more than these.

    objects = CoalitionGemeenteQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente van een coalitie")
        verbose_name_plural = _("gemeenten van coalities")
        ordering = ["gemeente__name", "-since"]
        constraints = [
            models.UniqueConstraint(
                fields=["gemeente"],
                condition=Q(until__isnull=True),
                name="one_running_coalition_per_gemeente",
                violation_error_message=_(
                    "Deze gemeente hoort al bij een lopende coalitie. Een gemeente hoort bij "
                    "ten hoogste één coalitie tegelijk: beëindig eerst die koppeling."
                ),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="gemeente_link_until_after_since",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            ),
        ]

    def __str__(self):
        return f"{self.gemeente} in {self.coalition}"

    def is_running(self, on=None) -> bool:
        """Does the link run on `on` (today by default)? Same rule as `running()`."""
        on = on or datetime.date.today()
        return self.since <= on and (self.until is None or self.until > on)

    def overlaps(self, other) -> bool:
        """Do the two links share a gemeente and a day? Same rule as `overlapping()`, for
        links not saved yet (several rows of one admin form)."""
        if self.gemeente_id != other.gemeente_id or not (self.since and other.since):
            return False
        if any(link.until is not None and link.until <= link.since for link in (self, other)):
            return False
        return (other.until is None or other.until > self.since) and (
            self.until is None or other.since < self.until
        )

    def clean(self):
        super().clean()
        if self.gemeente_id is None or self.since is None:
            return
        if self.until is not None and self.until < self.since:
            raise ValidationError({"until": _("De einddatum ligt vóór de begindatum.")})
        other = (
            CoalitionGemeente.objects.overlapping(self)
            .select_related("coalition", "gemeente")
            .order_by("since")
            .first()
        )
        if other is not None:
            raise ValidationError(
                {
                    "gemeente": _(
                        "%(gemeente)s hoort in deze periode al bij coalitie ‘%(coalition)s’ "
                        "(sinds %(since)s). Een gemeente hoort bij ten hoogste één coalitie "
                        "tegelijk: beëindig eerst die koppeling."
                    )
                    % {
                        "gemeente": other.gemeente.name,
                        "coalition": other.coalition.name,
                        "since": f"{other.since:%d-%m-%Y}",
                    }
                }
            )


class RunningCoalitionGemeente(models.Model):
    """The CoalitionGemeente links running today, as the database view
    `coalitions_running_gemeente` (migration 0007): the through table of `Coalition.gemeenten`.

    Not a place to write: Pharos records links as CoalitionGemeente (admin). Rows added
    through `coalition.gemeenten.add()` land in that table all the same (PostgreSQL writes
    through simple views), bound by its constraints but not by `clean()`.
    """

    coalition = models.ForeignKey(
        Coalition, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    gemeente = models.ForeignKey(
        Gemeente, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    since = models.DateField(default=datetime.date.today)
    until = models.DateField(null=True)

    class Meta:
        managed = False
        db_table = "coalitions_running_gemeente"
        verbose_name = _("lopende gemeente van een coalitie")
        verbose_name_plural = _("lopende gemeenten van coalities")

    def __str__(self):
        return f"{self.gemeente_id} in {self.coalition_id}"


class StatusUpdateQuerySet(models.QuerySet):
    def latest_per_coalition(self, on_or_before=None):
        """The newest update of each coalition (optionally on or before a date)."""
        qs = self
        if on_or_before is not None:
            qs = qs.filter(date__lte=on_or_before)
        return qs.order_by("coalition_id", "-date", "-created_at").distinct("coalition_id")

    def last_stored_id(self) -> int | None:
        """The id of the update stored last (ids grow with every insert; the service stores a
        coalition's updates one at a time): what a new update's form is based on."""
        return self.aggregate(last=models.Max("pk"))["last"]

    def stored_after(self, update_id: int):
        """Updates stored after the one with id `update_id` (0: all), oldest first."""
        return self.filter(pk__gt=update_id).order_by("pk")


@pgtrigger.register(
    # Append-only at the database level: history is never rewritten, not even by bulk SQL.
    pgtrigger.Protect(
        name="statusupdate_append_only", operation=pgtrigger.Update | pgtrigger.Delete
    )
)
class StatusUpdate(models.Model):
    coalition = models.ForeignKey(
        Coalition,
        verbose_name=_("coalitie"),
        on_delete=models.PROTECT,
        related_name="status_updates",
    )
    date = models.DateField(_("datum"))
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices)
    summary = models.TextField(_("samenvatting"), blank=True)
    next_steps = models.TextField(_("volgende stappen"), blank=True)
    bottlenecks = models.TextField(_("knelpunten"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_updates",
    )
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    objects = StatusUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("statusupdate")
        verbose_name_plural = _("statusupdates")
        ordering = ["-date", "-created_at"]
        indexes = [models.Index(fields=["coalition", "-date", "-created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(phase__in=Phase.values), name="statusupdate_phase_valid"
            )
        ]

    def __str__(self):
        return f"{self.coalition} – {self.date:%d-%m-%Y} ({self.get_phase_display()})"

    def clean(self):
        """The rules every new update obeys, whoever enters it (workspace form, admin,
        `services.post_status_update`): not dated in the future, and a change of phase is
        explained in the summary."""
        super().clean()
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("Een statusupdate kan niet in de toekomst liggen.")
        if (
            self.coalition_id
            and self.phase in Phase.values
            and self.phase != self.coalition.phase
            and not (self.summary or "").strip()
        ):
            errors["summary"] = _(
                "De fase verandert van %(old)s naar %(new)s: licht dat toe in de samenvatting."
            ) % {"old": self.coalition.get_phase_display(), "new": Phase(self.phase).label}
        if errors:
            raise ValidationError(errors)


class CoalitionRole(models.Model):
    """A user's role in one coalition: editor (beleidsadviseur) or member (coalitielid)."""

    class Role(models.TextChoices):
        EDITOR = "editor", _("Beleidsadviseur (bewerken)")
        MEMBER = "member", _("Coalitielid (inzien)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="coalition_roles",
    )
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalitie"), on_delete=models.CASCADE, related_name="roles"
    )
    role = models.CharField(_("rol"), max_length=10, choices=Role.choices)

    class Meta:
        verbose_name = _("coalitierol")
        verbose_name_plural = _("coalitierollen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "coalition"], name="one_role_per_user_coalition"
            ),
            models.CheckConstraint(condition=Q(role__in=["editor", "member"]), name="role_valid"),
        ]

    def __str__(self):
        return f"{self.user} – {self.coalition} ({self.get_role_display()})"


class GoalQuerySet(models.QuerySet):
    def for_workspace(self):
        """Goals with their owner partner's organisation, newest year first (no extra queries)."""
        return self.select_related("owner__organisation").order_by("-year", "pk")


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Goal(models.Model):
    """A yearly goal, formulated with all partners and evaluated together at year end."""

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalitie"), on_delete=models.PROTECT, related_name="goals"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    description = models.TextField(_("doel"))
    owner = models.ForeignKey(
        "partners.CoalitionPartner",
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        help_text=_("De partner die het doel trekt."),
    )
    evaluation = models.TextField(
        _("evaluatie"), blank=True, help_text=_("Wat is er aan het eind van het jaar bereikt?")
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["-year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2015, year__lte=2100),
                name="goal_year_plausible",
                violation_error_message=_("Kies een jaar tussen 2015 en 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(description=""),
                name="goal_description_not_empty",
                violation_error_message=_("Beschrijf het doel."),
            ),
            models.UniqueConstraint(
                fields=["coalition", "year", "description"],
                name="goal_unique_per_coalition_year",
                violation_error_message=_("Dit doel staat al voor dit jaar."),
            ),
        ]

    def __str__(self):
        return f"{self.coalition} {self.year}: {self.description[:60]}"

    def clean(self):
        # The owner must be a partner of this coalition: a cross-table rule the database
        # cannot check with a CHECK constraint, so model validation (and so every form) does.
        if self.owner_id and self.coalition_id and self.owner.coalition_id != self.coalition_id:
            raise ValidationError(
                {"owner": _("De eigenaar moet een partner van deze coalitie zijn.")}
            )


class AuditEvent(Events):
    """Every tracked change across the apps (pghistory events) with its user, for the admin
    and the workspace history. Like pghistory's MiddlewareEvents, in Dutch;
    `PGHISTORY_ADMIN_MODEL` points here.
    """

    user = pghistory.ProxyField(
        "pgh_context__user",
        models.ForeignKey(
            settings.AUTH_USER_MODEL,
            on_delete=models.DO_NOTHING,
            null=True,
            verbose_name=_("door"),
        ),
    )
    url = pghistory.ProxyField("pgh_context__url", models.TextField(_("pagina"), null=True))

    class Meta:
        proxy = True
        verbose_name = _("wijziging")
        verbose_name_plural = _("wijzigingen (geschiedenis)")


class FeedbackQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Feedback `user` may read: all for Pharos, else that on coalitions the user edits.

        Feedback is Pharos' note to the coalition's editors (trekker), not to all members.
        """
        from coalitions.permissions import is_pharos

        if not user.is_authenticated or not user.is_active:
            return self.none()
        if is_pharos(user):
            return self
        return self.filter(coalition__in=Coalition.objects.editable_by(user))

    def for_display(self):
        """Newest first, with coalition and author loaded (no queries per row)."""
        return self.select_related("coalition", "author").order_by("-date", "-created_at")

    def for_workspace(self, user):
        """What an editor's workspace shows: feedback on their coalitions, newest first."""
        return self.visible_to(user).for_display()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Feedback(models.Model):
    """A dated note from a Pharos adviser to a coalition's editors."""

    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalitie"), on_delete=models.PROTECT, related_name="feedback"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="feedback_given",
    )
    date = models.DateField(_("datum"), default=datetime.date.today)
    text = models.TextField(_("feedback"))
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-date", "-created_at"]
        # The Pharos pages (overview, half-year report, RIVM monitor) hang on this permission;
        # it sits here because those pages have no model of their own.
        permissions = [
            (
                "view_reports",
                _("Mag het Pharos-overzicht en de rapportages bekijken en exporteren"),
            )
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="feedback_text_not_empty"),
        ]

    def __str__(self):
        return f"{self.coalition} – {self.date:%d-%m-%Y}"
