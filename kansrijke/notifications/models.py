from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core import signing
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from experiments.models import EscalationLevel

UNSUBSCRIBE_SALT = "kansrijke.notifications.unsubscribe"


class Kind(models.TextChoices):
    FEEDBACK = "feedback", _("Feedback van Pharos op uw coalitie")
    ESCALATION = "escalation", _("Een knelpunt is opgeschaald naar een niveau waaraan u deelneemt")
    DIGEST = "digest", _("Maandelijks overzicht van wat aandacht vraagt")


class NotificationSettings(models.Model):
    """A user's choices: kinds not to receive by e-mail, and the escalation levels they take
    part in (werkgroep, ambtelijk, ...), for the escalation notices."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.CASCADE,
        related_name="notification_settings",
    )
    muted = ArrayField(
        models.CharField(max_length=20, choices=Kind.choices),
        verbose_name=_("geen e-mail voor"),
        default=list,
        blank=True,
    )
    levels = ArrayField(
        models.CharField(max_length=20, choices=EscalationLevel.choices),
        verbose_name=_("neemt deel aan niveaus"),
        default=list,
        blank=True,
    )

    class Meta:
        verbose_name = _("meldingsinstelling")
        verbose_name_plural = _("meldingsinstellingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(muted__contained_by=Kind.values), name="notification_muted_valid"
            ),
            models.CheckConstraint(
                condition=Q(levels__contained_by=EscalationLevel.values),
                name="notification_levels_valid",
            ),
        ]

    def __str__(self):
        return str(self.user)


def unsubscribe_token(user, kind: str) -> str:
    """A signed token that mutes `kind` for `user` without logging in (no expiry: an old mail's
    link must keep working)."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(user id, kind) from a valid token, else None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("k") not in Kind.values:
        return None
    if not isinstance(data.get("u"), int):
        return None
    return data["u"], data["k"]


class NotificationQuerySet(models.QuerySet):
    def to_mail(self):
        """Not sent yet and meant for e-mail (the recipient had not muted the kind)."""
        return self.filter(sent_at__isnull=True, by_mail=True)


class Notification(models.Model):
    """One message to one person. The unique key (recipient, kind, object, period) is what
    makes `send_notifications` idempotent: a second run, even at the same moment, finds the row
    and never makes or sends the message again."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvanger"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    # "feedback:12", "escalation:7", "digest": the object the message is about.
    object_key = models.CharField(_("over"), max_length=100)
    # "" for one-off messages, "2026-11" for the monthly digest.
    period = models.CharField(_("periode"), max_length=20, blank=True)
    coalition = models.ForeignKey(
        "coalitions.Coalition",
        verbose_name=_("coalitie"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("onderwerp"), max_length=300)
    body = models.TextField(_("tekst"))
    # A path on this site; mails put SITE_URL before it.
    url = models.CharField(_("adres"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)
    by_mail = models.BooleanField(_("per e-mail"), default=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "object_key", "period"], name="notification_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="notification_kind_valid"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "-created_at"])]

    def __str__(self):
        return f"{self.recipient} – {self.subject}"
