"""Partner organisations (a register shared by all coalitions), their membership of a
coalition (the partnership, with its period and role) and the contact people a coalition
keeps per partnership."""

import datetime
from decimal import Decimal

import pghistory
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Upper
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coalitions.models import Coalition
from common import periods
from common.fields import ChoiceArrayField, DecimalField
from common.numbers import format_decimal
from partners.models.choices import (
    CATEGORY_DOMAIN,
    NETHERLANDS_LATITUDE,
    NETHERLANDS_LONGITUDE,
    Category,
    Domain,
    Level,
    PartnerRole,
    choice_label,
    kvk_validator,
    normalise_postcode,
    postcode_validator,
)


class OrganisationQuerySet(models.QuerySet):
    def with_coordinates(self):
        """Organisations that can be placed on the map."""
        return self.filter(latitude__isnull=False, longitude__isnull=False)

    def editable_by_coalition(self, coalition):
        """Organisations whose master data (name, category, domain, address, coordinates, KvK)
        `coalition`'s editors may change in their workspace: those that no OTHER coalition has,
        or ever had, as a partner.

        The register is shared: the name, category and map position show on every partner
        coalition's public map and in the RIVM answers, so one coalition must not change them
        for another. A shared organisation changes through Pharos (admin). An ended partnership
        of another coalition counts too: its history and reports still show the organisation.
        Whether the coalition may reach the organisation at all is `partners.permissions`'.
        """
        others = CoalitionPartner.objects.filter(organisation=OuterRef("pk")).exclude(
            coalition=coalition
        )
        return self.exclude(Exists(others))

    def matching(self, *, kvk_number="", name="", postcode=""):
        """The organisations an imported row means, by its stable key (docs/pharos.md, import),
        as a list: `OrganisationMatcher.find` for one row (one query)."""
        key = {"kvk_number": kvk_number, "name": name, "postcode": postcode}
        return self.matcher([key]).find(**key)

    def matcher(self, keys) -> "OrganisationMatcher":
        """Look-ups for the rows of a whole file at once: `keys` are dicts (or rows) with
        kvk_number, name and postcode; one query for all of them (an import of 5,000
        organisations must not look each one up)."""
        kvk_numbers, names = set(), set()
        for key in keys:
            if kvk := str(key.get("kvk_number") or "").strip():
                kvk_numbers.add(kvk)
            if name := str(key.get("name") or "").strip():
                names.add(name.upper())
        if not (kvk_numbers or names):
            return OrganisationMatcher([])
        found = self.annotate(upper_name=Upper("name")).filter(
            Q(kvk_number__in=kvk_numbers) | Q(upper_name__in=names)
        )
        return OrganisationMatcher(found.order_by("name", "pk"))

    def as_on(self, on):
        """Each organisation with `category_on` and `domain_on`: its category and domain as
        they were on date `on` (see `organisation_field_on`); one query."""
        return self.annotate(
            category_on=organisation_field_on("category", on),
            domain_on=organisation_field_on("domain", on),
        )


class OrganisationMatcher:
    """Which organisation an imported row means (its stable key, docs/pharos.md, import); the
    one home of that rule, for `OrganisationQuerySet.matching` and `.matcher`.

    KvK number when given; otherwise (or when no organisation has that number yet, so a first
    import with KvK numbers fills them in) name, case-insensitive, plus postcode among
    organisations without a KvK number. `organisations` are the candidates, in name order.
    """

    def __init__(self, organisations):
        self.by_kvk: dict[str, list] = {}
        self.by_name: dict[str, list] = {}
        for organisation in organisations:
            self.add(organisation)

    def add(self, organisation) -> None:
        """Let later rows find `organisation` too (an import adds each row it accepts)."""
        if organisation.kvk_number:
            self.by_kvk.setdefault(organisation.kvk_number, []).append(organisation)
        self.by_name.setdefault(organisation.name.upper(), []).append(organisation)

    def find(self, *, kvk_number="", name="", postcode="") -> list:
        kvk_number = str(kvk_number or "").strip()
        if kvk_number and kvk_number in self.by_kvk:
            return list(self.by_kvk[kvk_number])
        postcode = normalise_postcode(postcode)
        postcodes = {postcode, postcode.replace(" ", "")}
        return [
            organisation
            for organisation in self.by_name.get(str(name or "").strip().upper(), [])
            if organisation.postcode in postcodes and not (kvk_number and organisation.kvk_number)
        ]


def organisation_field_on(field: str, on, organisation: str = "pk"):
    """An expression for an organisation's `field` as it was at the end of day `on` (the
    project's time zone), read from its pghistory events, so re-categorising an organisation
    today does not change a report of an earlier date.

    `organisation` names the organisation's id in the outer query ("pk" on Organisation,
    "organisation_id" on a partnership). The value of the newest event recorded by the end of
    `on`; for an organisation recorded after `on` (a partnership dated back), the value it was
    first recorded with; without any event (rows older than the history), the current value.
    The one home of "an organisation's category or domain on a date".
    """
    event_model = Organisation.pgh_event_model  # type: ignore[attr-defined]  # set by pghistory
    events = event_model.objects.filter(pgh_obj_id=OuterRef(organisation))
    end_of_day = timezone.make_aware(
        datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min)
    )
    then = events.filter(pgh_created_at__lt=end_of_day).order_by("-pgh_created_at", "-pgh_id")
    first = events.order_by("pgh_created_at", "pgh_id")
    current = field if organisation == "pk" else f"{organisation.removesuffix('_id')}__{field}"
    return Coalesce(
        Subquery(then.values(field)[:1]),
        Subquery(first.values(field)[:1]),
        F(current),
        output_field=models.CharField(),
    )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200)
    kvk_number = models.CharField(
        _("KvK-nummer"), max_length=8, blank=True, validators=[kvk_validator]
    )
    category = models.CharField(_("categorie"), max_length=30, choices=Category.choices)
    domain = models.CharField(
        _("domein"),
        max_length=30,
        choices=Domain.choices,
        blank=True,
        help_text=_("Leeg laten: het domein volgt dan uit de categorie."),
    )
    address = models.CharField(_("adres"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[postcode_validator]
    )
    place = models.CharField(_("plaats"), max_length=100, blank=True)
    latitude = DecimalField(
        _("breedtegraad"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = DecimalField(
        _("lengtegraad"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    website = models.URLField(_("website"), blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number"], condition=~Q(kvk_number=""), name="organisation_kvk_unique"
            ),
            models.CheckConstraint(
                condition=Q(category__in=Category.values), name="organisation_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(domain__in=[*Domain.values, ""]), name="organisation_domain_valid"
            ),
            # Coordinates come in pairs and lie on the globe.
            models.CheckConstraint(
                condition=Q(latitude__isnull=True, longitude__isnull=True)
                | Q(
                    latitude__isnull=False,
                    longitude__isnull=False,
                    latitude__gte=-90,
                    latitude__lte=90,
                    longitude__gte=-180,
                    longitude__lte=180,
                ),
                name="organisation_coordinates_valid",
            ),
        ]
        indexes = [models.Index(fields=["name"])]

    def __str__(self):
        return f"{self.name} ({self.place})" if self.place else self.name

    def save(self, *args, **kwargs):
        self.set_default_domain()
        super().save(*args, **kwargs)

    def set_default_domain(self) -> None:
        """An empty domain follows from the category (also for bulk imports, which skip save)."""
        if not self.domain and self.category:
            self.domain = CATEGORY_DOMAIN.get(self.category, Domain.OVERIG)

    def clean_fields(self, exclude=None):
        """Coordinates come in pairs and lie in the Netherlands: "52,0090" typed into a number
        field once became 520090 with a message about digits. The admin, the workspace form
        and the organisation import all refuse with these messages.

        Checked here rather than in clean(): a coordinate outside the Netherlands then gets
        only this message, not also the field's "too many digits"; and when a form could not
        read one of the two (it is excluded), its partner is not reported missing.
        """
        exclude = set(exclude or ())
        errors = {}
        if not exclude & {"latitude", "longitude"}:
            errors = self.coordinate_errors()
            exclude |= set(errors)
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def coordinate_errors(self) -> dict[str, str | Promise]:
        """{field: Dutch message} for half a position or one outside the Netherlands."""
        latitude, longitude = self.latitude, self.longitude
        if (latitude is None) != (longitude is None):
            missing = "latitude" if latitude is None else "longitude"
            return {missing: _("Vul breedte- én lengtegraad in, of laat beide leeg.")}
        errors: dict[str, str | Promise] = {}
        checks = [
            ("latitude", _("breedtegraad"), NETHERLANDS_LATITUDE, "52,0116"),
            ("longitude", _("lengtegraad"), NETHERLANDS_LONGITUDE, "4,3571"),
        ]
        for name, label, (low, high), example in checks:
            value = getattr(self, name)
            # (Text that is no number at all gets the field's own message.)
            if isinstance(value, Decimal | int | float) and not low <= value <= high:
                errors[name] = _(
                    "De %(label)s %(value)s ligt niet in Nederland: vul een getal tussen "
                    "%(low)s en %(high)s in, bijvoorbeeld %(example)s."
                ) % {
                    "label": label,
                    "value": format_decimal(value),
                    "low": format_decimal(low),
                    "high": format_decimal(high),
                    "example": example,
                }
        return errors

    # Replaces Django's generated get_FOO_display() on purpose (see choice_label).
    def get_category_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(Category, self.category)

    def get_domain_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(Domain, self.domain)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def editable_by_coalition(self, coalition) -> bool:
        """May `coalition`'s editors change this organisation's master data in the workspace?
        See `OrganisationQuerySet.editable_by_coalition` (the rule's one home)."""
        return Organisation.objects.filter(pk=self.pk).editable_by_coalition(coalition).exists()


class CoalitionPartnerQuerySet(models.QuerySet):
    def running(self, on=None):
        """Partnerships running on date `on` (today by default): started on or before it
        and not ended on or before it.

        The one definition of "running partnership" (common/periods.py holds its SQL and
        Python form): counts, maps, reports and every form's choices call this.
        """
        return self.filter(CoalitionPartner.running_q(on))

    def with_organisation_as_on(self, on):
        """Each partnership with `category_on` and `domain_on`: its organisation's category
        and domain as they were on `on` (`organisation_field_on`), for reports of a date."""
        return self.annotate(
            category_on=organisation_field_on("category", on, "organisation_id"),
            domain_on=organisation_field_on("domain", on, "organisation_id"),
        )

    def trekkers(self, on=None):
        """The running partnerships with role trekker (at most one per coalition in practice;
        see the constraint `one_running_trekker_per_coalition`)."""
        return self.running(on).filter(role=PartnerRole.TREKKER)

    def domain_counts(self):
        """[(domain label, number of partnerships)] for every domain, in `Domain` order."""
        counts = dict(
            self.values_list("organisation__domain").annotate(n=models.Count("pk")).order_by()
        )
        return [(label, counts.get(value, 0)) for value, label in Domain.choices]

    def for_map(self):
        """Partnerships with their organisation, ready for lists and maps (no extra queries)."""
        return self.select_related("organisation").order_by("organisation__name")

    def with_contacts(self):
        """Prefetch each partnership's own contact people into `partnership.contact_list`.

        Contact people belong to the partnership, so a coalition sees only the people it
        recorded itself, never those another coalition keeps at the same organisation.
        Personal data: call this only for users who may see contact people
        (`coalitions.permissions.can_view`). Without it `contact_list` does not exist, so a
        template that forgets the privacy check shows nothing rather than leaking.
        """
        return self.prefetch_related(
            models.Prefetch(
                "contacts",
                queryset=ContactPerson.objects.order_by("name", "pk"),
                to_attr="contact_list",
            )
        )

    def matching(self, *, domain="", category="", level="", role="", q=""):
        """Partnerships that pass the partner map's filters; empty values do not filter.

        `q` searches organisation name and place (never contact people, so a search cannot
        reveal who works where).
        """
        qs = self
        if domain:
            qs = qs.filter(organisation__domain=domain)
        if category:
            qs = qs.filter(organisation__category=category)
        if level:
            qs = qs.filter(levels__contains=[level])
        if role:
            qs = qs.filter(role=role)
        for word in q.split():
            qs = qs.filter(
                Q(organisation__name__icontains=word) | Q(organisation__place__icontains=word)
            )
        return qs


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    # The events keep `since` nullable: partnerships recorded before it was required have
    # events with an empty start, and history is never rewritten.
    attrs={"since": models.DateField(_("partner sinds"), null=True)},
)
class CoalitionPartner(models.Model):
    coalition = models.ForeignKey(
        Coalition, verbose_name=_("coalitie"), on_delete=models.PROTECT, related_name="partners"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="partnerships",
    )
    # Required, today by default: an empty start used to count as "always running", so a
    # partner added today entered reports of months ago (migration 0005 filled the old ones).
    since = models.DateField(_("partner sinds"), default=timezone.localdate)
    until = models.DateField(
        _("partner tot"),
        null=True,
        blank=True,
        help_text=_("Een beëindigd partnerschap blijft bewaard in de geschiedenis."),
    )
    levels = ChoiceArrayField(
        models.CharField(max_length=20, choices=Level.choices),
        verbose_name=_("niveaus"),
        default=list,
        blank=True,
    )
    role = models.CharField(
        _("rol"), max_length=20, choices=PartnerRole.choices, default=PartnerRole.PARTNER
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = CoalitionPartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("coalitiepartner")
        verbose_name_plural = _("coalitiepartners")
        ordering = ["organisation__name"]
        constraints = [
            # One open-ended partnership per organisation and coalition; ended ones stay as
            # history. Not the "running" rule (that is `running()`, which also looks at
            # `since` and at an end date still ahead): the database cannot compare with
            # today, so it keeps apart what it can, the partnerships without an end date.
            models.UniqueConstraint(
                fields=["coalition", "organisation"],
                condition=Q(until__isnull=True),
                name="one_active_partnership_per_organisation",
                violation_error_message=_("Deze organisatie is al partner van de coalitie."),
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="partnership_until_after_since",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=PartnerRole.values), name="partnership_role_valid"
            ),
            # The trekker is stored here only (not on the coalition): one per coalition. Like
            # the constraint above it covers the open-ended partnerships, which the database
            # can check without knowing today; a handover (old trekker with an end date, new
            # one from that date) passes, and `Coalition.trekker_partnership` takes the one
            # that started last.
            models.UniqueConstraint(
                fields=["coalition"],
                condition=Q(role="trekker", until__isnull=True),
                name="one_running_trekker_per_coalition",
                violation_error_message=_(
                    "Deze coalitie heeft al een trekker. Maak die eerst kernpartner of partner, "
                    "of beëindig dat partnerschap."
                ),
            ),
            models.CheckConstraint(
                condition=Q(levels__contained_by=Level.values), name="partnership_levels_valid"
            ),
        ]

    def __str__(self):
        return f"{self.organisation.name} in {self.coalition.name}"

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding and self.until is None:
            ContactPerson.objects.carry_over_to(self)

    # Replaces Django's generated get_FOO_display() on purpose (see choice_label).
    def get_role_display(self) -> str:  # type: ignore[no-redef]
        return choice_label(PartnerRole, self.role)

    @staticmethod
    def running_q(on=None, prefix: str = "") -> Q:
        """The Q of `running()`, for queries that reach partnerships through a relation
        (`prefix`, e.g. "partner__" from an offering)."""
        return periods.running_q(on, prefix=prefix)

    def is_running(self, on=None) -> bool:
        """Does this partnership run on `on` (today by default)? The rule of `running()`."""
        return periods.is_running(self.since, self.until, on)

    def validate_constraints(self, exclude=None):
        # The partnership forms take the coalition from the page, never from a field, and
        # leave `until` or `role` out; Django would then skip the constraints on them and the
        # database would answer with an error page. They are always set, so check them.
        if exclude:
            exclude = set(exclude) - {"coalition", "role", "until"}
        super().validate_constraints(exclude=exclude)

    def reopen(self) -> None:
        """Undo an ending recorded by mistake: the end date goes, the history keeps both the
        ending and the undoing (pghistory). Refused with a Dutch message when the organisation
        has another running or open-ended partnership in the coalition (the database's
        `one_active_partnership_per_organisation` guards the same for open-ended ones), or when
        the coalition has meanwhile another trekker."""
        others = CoalitionPartner.objects.filter(
            coalition_id=self.coalition_id, organisation_id=self.organisation_id
        ).exclude(pk=self.pk)
        if others.filter(CoalitionPartner.running_q() | Q(until__isnull=True)).exists():
            raise ValidationError(
                _(
                    "%(name)s is al opnieuw partner van de coalitie; het beëindigde "
                    "partnerschap kan daarom niet heropend worden."
                )
                % {"name": self.organisation.name}
            )
        self.until = None
        self.validate_constraints()
        self.save(update_fields=["until", "updated_at"])

    @property
    def level_labels(self) -> list[str | Promise]:
        """The levels as Dutch labels, in the order of `Level`."""
        return [label for value, label in Level.choices if value in (self.levels or [])]


class ContactPersonQuerySet(models.QuerySet):
    def carry_over_to(self, partnership):
        """Move the contact people of the coalition's ended partnerships with the same
        organisation to `partnership`, its new running one; returns how many moved.

        An organisation that re-joins a coalition is the same relationship resuming: the people
        the coalition recorded are its own, and an ended partnership shows no contacts anywhere
        (nor can its editors change them), so left behind they would be personal data nobody
        keeps up. Other coalitions' contacts are never touched.
        """
        return (
            self.filter(
                partnership__coalition_id=partnership.coalition_id,
                partnership__organisation_id=partnership.organisation_id,
                partnership__until__isnull=False,
            )
            .exclude(partnership=partnership)
            .update(partnership=partnership)
        )


@pghistory.track(
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
    attrs={
        # The history keeps what older events knew: before contacts belonged to partnerships
        # an event named only the organisation. The migration contacts_per_partnership gave
        # events a partnership where the history tells which one; the others keep only their
        # organisation.
        "organisation": models.ForeignKey(
            Organisation,
            verbose_name=_("organisatie"),
            null=True,
            db_constraint=False,
            on_delete=models.DO_NOTHING,
            related_name="+",
            related_query_name="+",
        ),
        "partnership": models.ForeignKey(
            CoalitionPartner,
            verbose_name=_("partnerschap"),
            null=True,
            db_constraint=False,
            on_delete=models.DO_NOTHING,
            related_name="+",
            related_query_name="+",
        ),
    },
)
class ContactPerson(models.Model):
    """Personal data (AVG): shown only to logged-in members, editors and Pharos.

    A contact person belongs to one partnership (coalition x organisation), not to the shared
    organisation: each coalition keeps its own people at an organisation, and no coalition
    sees or changes another's, even when both work with the same organisation.
    """

    partnership = models.ForeignKey(
        CoalitionPartner,
        verbose_name=_("partnerschap"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("naam"), max_length=150)
    function = models.CharField(_("functie"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(
        _("telefoon"),
        max_length=20,
        blank=True,
        validators=[
            RegexValidator(
                r"^\+?[0-9 ()-]{6,20}$", _("Vul een telefoonnummer in, bijvoorbeeld 015 212 3456.")
            )
        ],
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["name"]
        # Bulk export of personal data is a right of its own, granted per person (docs/pharos.md).
        permissions = [
            ("export_contactperson", _("Mag contactpersonen exporteren (persoonsgegevens)"))
        ]

    def __str__(self):
        return self.name
