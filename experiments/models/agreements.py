"""Agreements (intentieverklaring, samenwerkingsovereenkomst, convenant) with their
signatories and their private PDF."""

import uuid
from collections import defaultdict
from pathlib import PurePosixPath

import pghistory
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition
from experiments.models.triggers import same_coalition_trigger
from experiments.storage import private_storage
from partners.models import CoalitionPartner


class AgreementKind(models.TextChoices):
    INTENTIEVERKLARING = "intentieverklaring", _("Intentieverklaring")
    SAMENWERKINGSOVEREENKOMST = "samenwerkingsovereenkomst", _("Samenwerkingsovereenkomst")
    CONVENANT = "convenant", _("Convenant")


# --- Agreements -----------------------------------------------------------------------------


def agreement_upload_to(instance, filename):
    # A random folder, so paths cannot be guessed or collide; in it the uploader's own file
    # name (made safe by the storage), which the history shows ("convenant-delft.pdf").
    name = PurePosixPath(filename or "").name or "document.pdf"
    if not name.lower().endswith(".pdf"):
        name = f"{name}.pdf"
    return f"agreements/{instance.coalition_id}/{uuid.uuid4().hex}/{name}"


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
        # Pages name months in words ("oktober 2019"), as they do dates (common.forms).
        return f"{self.title} ({formats.date_format(self.signed_on, 'YEAR_MONTH_FORMAT')})"

    def get_absolute_url(self):
        return reverse("experiments:agreement_detail", args=[self.coalition.slug, self.pk])

    def get_pdf_url(self):
        return reverse("experiments:agreement_pdf", args=[self.coalition.slug, self.pk])


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Signatory(models.Model):
    """An organisation that signed an agreement, and who signed for it (personal data)."""

    history_subject = ("agreement", "partner")  # its name in the history

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
            same_coalition_trigger(
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
