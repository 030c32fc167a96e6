"""What is kept about a coalition besides its status: yearly goals, Pharos' feedback, and
the audit events behind every history page."""

import datetime

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pghistory.models import Events

from coalitions.models.coalition import Coalition
from coalitions.roles import is_pharos
from common.forms import display_date


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
    # The denkraam's pillars, elements and indicators the goal belongs to; named, not imported
    # (pijlers builds on coalitions).
    pillars = models.ManyToManyField(
        "pijlers.Pillar", verbose_name=_("pijlers"), related_name="goals", blank=True
    )
    elements = models.ManyToManyField(
        "pijlers.CrossCuttingElement",
        verbose_name=_("doorlopende elementen"),
        related_name="goals",
        blank=True,
    )
    indicators = models.ManyToManyField(
        "pijlers.Indicator",
        verbose_name=_("indicatoren"),
        related_name="goals",
        blank=True,
        help_text=_("Aan welke cijfers is te zien of het doel gehaald wordt?"),
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
        return self.visible_to(user).for_display().select_related("read_by")

    def unread(self):
        """Feedback no editor has marked as read yet."""
        return self.filter(read_at__isnull=True)


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
    # Marked read by one of the coalition's editors (the workspace overview): who and when,
    # so colleagues see it was dealt with. The change itself is in the history (pghistory).
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gelezen door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="feedback_read",
    )
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
            models.CheckConstraint(
                condition=Q(read_at__isnull=True, read_by__isnull=True)
                | Q(read_at__isnull=False, read_by__isnull=False),
                name="feedback_read_by_and_when",
                violation_error_message=_("Gelezen: vul zowel wie als wanneer in."),
            ),
        ]

    def __str__(self):
        return f"{self.coalition} – {display_date(self.date)}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    def mark_read(self, user, *, now=None) -> bool:
        """Record that `user` (an editor: the view checks it) read this feedback. The first
        reader stays: marking it again changes nothing. Returns whether anything changed."""
        if self.is_read:
            return False
        self.read_at = now or timezone.now()
        self.read_by = user
        self.save(update_fields=["read_at", "read_by", "updated_at"])
        return True
