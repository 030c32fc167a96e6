"""Gemeenten, coalitions, their status history and who works on them."""

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import MD5
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

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

    def for_public_display(self):
        """Everything public pages show of coalitions, in one query plus prefetches."""
        return self.prefetch_related("gemeenten").order_by("name")

    # Every column the public list shows; a column added to the list must be added here.
    PUBLIC_LIST_FIELDS = [
        "id",
        "name",
        "slug",
        "kind",
        "phase",
        "start_date",
        "gemeenten__id",
        "gemeenten__name",
    ]

    def public_list_fingerprint(self) -> str:
        """A hash of everything the public list shows: it changes whenever any of it changes.

        One aggregate query (about a millisecond at 300 coalitions) instead of rendering 300
        rows (about 100 ms); the list's HTML is cached under it. Being computed from the data
        itself, it needs no signals and also sees QuerySet.update(), imports and raw SQL.
        """
        row = models.Func(
            models.Value("|"),
            *self.PUBLIC_LIST_FIELDS,
            function="CONCAT_WS",
            output_field=models.TextField(),
        )
        ordering = ("id", "gemeenten__id")
        result = self.order_by().aggregate(
            fingerprint=MD5(StringAgg(row, models.Value(","), order_by=ordering))
        )
        return result["fingerprint"] or "empty"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Coalition(models.Model):
    name = models.CharField(_("naam"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    kind = models.CharField(
        _("soort"), max_length=10, choices=CoalitionKind.choices, default=CoalitionKind.LOKAAL
    )
    gemeenten = models.ManyToManyField(
        Gemeente, verbose_name=_("gemeenten"), related_name="coalitions"
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
    trekker = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("trekker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coalitions_led",
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


class StatusUpdateQuerySet(models.QuerySet):
    def latest_per_coalition(self, on_or_before=None):
        """The newest update of each coalition (optionally on or before a date)."""
        qs = self
        if on_or_before is not None:
            qs = qs.filter(date__lte=on_or_before)
        return qs.order_by("coalition_id", "-date", "-created_at").distinct("coalition_id")


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
