"""Gemeenten (reference data) and the dated links that make a gemeente part of a coalition."""

import datetime

import pghistory
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common import periods
from common.forms import display_date

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
        "coalitions.Coalition",
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
        """Does the link run on `on` (today by default)? The rule of `running()`, from
        common/periods.py."""
        return periods.is_running(self.since, self.until, on)

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
                        "since": display_date(other.since),
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
        "coalitions.Coalition", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
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
