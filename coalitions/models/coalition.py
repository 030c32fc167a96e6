"""The coalition: its phases, its status history (append-only), who works on it, and the
rules that read them (stale, running partners, the trekker)."""

import calendar
import datetime

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _

from coalitions import attention, extensions
from coalitions.models.gemeenten import Gemeente
from coalitions.roles import is_pharos
from common.forms import display_date
from common.periods import running_q


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

    @classmethod
    def steps(cls, current: str) -> list[tuple[str, str | Promise, str]]:
        """Every phase as (value, label, state) for a progress line: state "done" before
        `current`, "current", then "todo" (no query)."""
        at = cls.order(current)
        return [
            (value, label, "done" if i < at else "current" if i == at else "todo")
            for i, (value, label) in enumerate(cls.choices)
        ]


class CoalitionKind(models.TextChoices):
    LOKAAL = "lokaal", _("Lokaal")
    REGIONAAL = "regionaal", _("Regionaal")


def partner_domains():
    """The partner domains as (value, label) pairs, in their natural order.

    Read through the coalition's own relation to its partnerships (the partners app builds
    on this one and adds the reverse relation `partners`), so `coalitions` neither imports
    `partners` nor looks its models up by name.
    """
    partnership = Coalition._meta.get_field("partners").related_model
    return (
        partnership._meta.get_field("organisation").related_model._meta.get_field("domain").choices
    )


# --- Stale data -------------------------------------------------------------------------------
# A coalition is stale when its latest status update is dated more than this long ago; see
# `CoalitionQuerySet.stale()`, the one definition.
STALE_AFTER_MONTHS = 6


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
        return self.prefetch_related("gemeenten").with_partner_counts(on).order_by("name")

    def with_partner_counts(self, on=None):
        """Annotate, per partner domain, `active_partners_<domain>`: the number of partnerships
        running on date `on` (today by default), in the same query;
        `Coalition.public_partner_counts` reads them in domain order."""
        running = running_q(on, prefix="partners__")  # CoalitionPartner.objects.running()
        counts = {
            f"active_partners_{domain}": Count(
                "partners",
                filter=running & Q(partners__organisation__domain=domain),
                distinct=True,
            )
            for domain, _label in partner_domains()
        }
        return self.annotate(**counts)

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

    def sorted_by(self, sort=""):
        """The public list's orders: "fase" (verkenning first, as `Phase` orders them),
        "bijgewerkt" (newest status update first, never-updated last) or else by name."""
        if sort == "fase":
            rank = Case(
                *(When(phase=value, then=Value(i)) for i, value in enumerate(Phase.values)),
                default=Value(len(Phase.values)),
            )
            return self.order_by(rank, "name", "pk")
        if sort == "bijgewerkt":
            return self.with_status_date().order_by(
                F("last_status_date").desc(nulls_last=True), "name", "pk"
            )
        return self.order_by("name", "pk")

    def phase_counts(self):
        """[(phase value, label, number of coalitions)] for every phase, in `Phase` order,
        in one query."""
        counts = dict(self.order_by().values_list("phase").annotate(n=Count("pk")))
        return [(value, label, counts.get(value, 0)) for value, label in Phase.choices]

    def map_points(self, on=None):
        """Where these coalitions lie, for the home map, in one query: per coalition the
        located gemeente organisations among its partners running on `on` (today by
        default). Gemeenten themselves hold no coordinates; the gemeente as partner does.

        Dicts with the coalition's slug, name and phase and the organisation's name,
        latitude and longitude; a coalition without such a partner is not among them.
        """
        partnership_model = self.model._meta.get_field("partners").related_model
        return (
            partnership_model.objects.running(on)
            .filter(
                coalition__in=self.order_by().values("pk"),
                # The partners app's Category.GEMEENTE: coalitions may not import partners.
                organisation__category="gemeente",
                organisation__latitude__isnull=False,
                organisation__longitude__isnull=False,
            )
            .order_by("coalition__name", "organisation__name")
            .values(
                "coalition_id",
                "coalition__slug",
                "coalition__name",
                "coalition__phase",
                "organisation__name",
                "organisation__latitude",
                "organisation__longitude",
            )
        )

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
        """Coalitions for the workspace list: last update date and the annotations every
        registered attention check needs (see coalitions/attention.py).

        Read `coalition.attention_items` on the result; it costs no further queries.
        """
        qs = self.order_by("name").with_status_date()
        return attention.annotate(qs, today=today)

    def with_gemeente_names(self):
        """Annotate `gemeente_names`: the names of the gemeenten the coalition runs for today
        (`gemeenten`), in name order, read by the same query instead of a prefetch."""
        names = Gemeente.objects.filter(coalitions=OuterRef("pk")).order_by("name")
        return self.annotate(gemeente_names=ArraySubquery(names.values("name")))

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
        sources = list(extensions.staleness_sources)
        if not sources or self._touched_key(sources[0].key) in self.query.annotations:
            return self
        return self.annotate(
            **{
                self._touched_key(source.key): Coalesce(source.expression(), F("created_at"))
                for source in sources
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
    gemeenten: models.ManyToManyField = models.ManyToManyField(
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

        Needs the annotations of `CoalitionQuerySet.with_partner_counts()` (part of
        `for_public_display()`).
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
        return attention.items_for(self)

    @property
    def phase_steps(self):
        """The phases as (value, label, state) around the current one (`Phase.steps`)."""
        return Phase.steps(self.phase)

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
        sources = list(extensions.staleness_sources)
        keys = [CoalitionQuerySet._touched_key(source.key) for source in sources]
        if keys and not hasattr(self, keys[0]):
            values = type(self).objects.with_last_touched().filter(pk=self.pk).values().get()
            for key in keys:
                setattr(self, key, values[key])
        cutoff = stale_cutoff(now)
        parts = []
        for source in sources:
            key, label = source.key, source.label
            touched = getattr(self, CoalitionQuerySet._touched_key(key))
            parts.append(
                {
                    "key": key,
                    "label": label,
                    "last_touched": touched,
                    "stale": touched is not None and touched < cutoff,
                }
            )
        return parts


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
        return f"{self.coalition} – {display_date(self.date)} ({self.get_phase_display()})"

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
