"""factory_boy factories for every model; tests build their own data, never the demo fixtures."""

import datetime

import factory
from django.contrib.auth import get_user_model

from coalitions.models import (
    Coalition,
    CoalitionGemeente,
    CoalitionRole,
    Gemeente,
    Phase,
    Province,
    StatusUpdate,
)
from partners.models import (
    Category,
    CoalitionPartner,
    ContactPerson,
    Level,
    Organisation,
    PartnerRelation,
    ReferralPath,
    ReferralStep,
    RelationKind,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("correct-horse-battery")


class GemeenteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gemeente
        django_get_or_create = ("cbs_code",)

    cbs_code = factory.Sequence(lambda n: f"GM{9000 + n % 1000:04d}")
    name = factory.Sequence(lambda n: f"Testgemeente {n}")
    province = Province.ZUID_HOLLAND
    ggd_region = "GGD Testregio"


class CoalitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coalition
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Coalitie {n}")
    slug = factory.Sequence(lambda n: f"coalitie-{n}")
    phase = Phase.VORMING
    start_date = datetime.date(2020, 1, 1)
    ambition = "Samen een kansrijke start voor ieder kind."

    @factory.post_generation
    def gemeenten(self, create, extracted, **kwargs):
        """Running links (as Pharos makes them) to these gemeenten, or to one new gemeente."""
        if not create:
            return
        since = min(self.start_date or datetime.date.today(), datetime.date.today())
        CoalitionGemeente.objects.bulk_create(
            CoalitionGemeente(coalition=self, gemeente=gemeente, since=since)
            for gemeente in (extracted if extracted is not None else [GemeenteFactory()])
        )


class CoalitionGemeenteFactory(factory.django.DjangoModelFactory):
    """A gemeente belonging to a coalition, running since 2020 unless told otherwise."""

    class Meta:
        model = CoalitionGemeente

    coalition = factory.SubFactory(CoalitionFactory, gemeenten=[])
    gemeente = factory.SubFactory(GemeenteFactory)
    since = datetime.date(2020, 1, 1)
    until = None


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    coalition = factory.SubFactory(CoalitionFactory)
    date = datetime.date(2024, 6, 1)
    phase = Phase.VORMING
    summary = "Partners sluiten aan."


class CoalitionRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoalitionRole

    user = factory.SubFactory(UserFactory)
    coalition = factory.SubFactory(CoalitionFactory)
    role = CoalitionRole.Role.MEMBER


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    category = Category.VERLOSKUNDIGEN
    place = "Delft"
    postcode = "2611 HX"
    latitude = 52.0116
    longitude = 4.3571


class CoalitionPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoalitionPartner

    coalition = factory.SubFactory(CoalitionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    since = datetime.date(2020, 1, 1)
    levels = factory.LazyFunction(lambda: [Level.UITVOERING])


class ContactPersonFactory(factory.django.DjangoModelFactory):
    """A contact person of one coalition's partnership (`partnership=`; a new one by default)."""

    class Meta:
        model = ContactPerson

    partnership = factory.SubFactory(CoalitionPartnerFactory)
    name = factory.Sequence(lambda n: f"Contact Persoon{n}")
    function = "Verloskundige"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = factory.Sequence(lambda n: f"015 {n % 1000:03d} 0000")


class PartnerRelationFactory(factory.django.DjangoModelFactory):
    """A relation between two partnerships of one coalition (`source=`, `target=`)."""

    class Meta:
        model = PartnerRelation

    source = factory.SubFactory(CoalitionPartnerFactory)
    target = factory.SubFactory(
        CoalitionPartnerFactory, coalition=factory.SelfAttribute("..source.coalition")
    )
    coalition = factory.SelfAttribute("source.coalition")
    kind = RelationKind.VERWIJST
    since = datetime.date(2021, 1, 1)


class ReferralPathFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferralPath

    coalition = factory.SubFactory(CoalitionFactory)
    title = factory.Sequence(lambda n: f"Zorgpad {n}")


class ReferralStepFactory(factory.django.DjangoModelFactory):
    """A step of `path=` between two partnerships of its coalition."""

    class Meta:
        model = ReferralStep

    path = factory.SubFactory(ReferralPathFactory)
    position = factory.Sequence(lambda n: n + 1)
    from_partner = factory.SubFactory(
        CoalitionPartnerFactory, coalition=factory.SelfAttribute("..path.coalition")
    )
    to_partner = factory.SubFactory(
        CoalitionPartnerFactory, coalition=factory.SelfAttribute("..path.coalition")
    )
    actor = "De verloskundige signaleert"


# --- experiments: werkagenda, bottlenecks, agreements ---------------------------------------

from common.quarters import quarter_index  # noqa: E402
from experiments.models import (  # noqa: E402
    Agreement,
    AgreementKind,
    Bottleneck,
    ItemKind,
    ItemStatus,
    Result,
    Signatory,
    Theme,
    WorkItem,
)


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    coalition = factory.SubFactory(CoalitionFactory)
    name = factory.Sequence(lambda n: f"Thema {n}")
    order = factory.Sequence(lambda n: n)


class WorkItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkItem
        skip_postgeneration_save = True

    coalition = factory.SubFactory(CoalitionFactory)
    kind = ItemKind.EXPERIMENT
    title = factory.Sequence(lambda n: f"Onderdeel {n}")
    goal = "Samen leren wat werkt."
    status = ItemStatus.LOPEND
    start_quarter = quarter_index(2020, 1)
    end_quarter = quarter_index(2020, 4)
    published = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class BottleneckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bottleneck

    work_item = factory.SubFactory(WorkItemFactory)
    description = factory.Sequence(lambda n: f"Knelpunt {n}: regels knellen.")
    raised_on = datetime.date(2020, 3, 1)


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    work_item = factory.SubFactory(WorkItemFactory)
    date = datetime.date(2020, 6, 1)
    outcome = factory.Sequence(lambda n: f"Opbrengst {n}: meer gezinnen bereikt.")
    lessons = "Begin klein."


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    coalition = factory.SubFactory(CoalitionFactory)
    kind = AgreementKind.SAMENWERKINGSOVEREENKOMST
    title = factory.Sequence(lambda n: f"Samenwerkingsovereenkomst {n}")
    signed_on = datetime.date(2019, 10, 2)
    place = "Delft"


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    agreement = factory.SubFactory(AgreementFactory)
    partner = factory.LazyAttribute(
        lambda s: CoalitionPartnerFactory(coalition=s.agreement.coalition)
    )
    signer_name = factory.Sequence(lambda n: f"Ondertekenaar Verzonnen{n}")
    signer_function = "Bestuurder"


# --- Reference data (branch public) --------------------------------------------------------


def drop_dead_connection():
    """Close this process's database connection if it died, so the next query reconnects.

    Tests that restart the embedded PostgreSQL (tests/security/test_nothing_lost.py,
    tests/kansrijke/test_scale_out.py) leave it dead; the session-end flushes come later.
    """
    from django.db import connection

    if connection.connection is not None and not connection.is_usable():
        connection.close()


def load_reference_data():
    """Put back the reference data that data migrations load (gemeenten, the denkraam).

    Live-server tests run in transactions that end with a flush, which also empties tables
    that migrations filled; with --reuse-db the next run would start without them.
    """
    import importlib

    from django.apps import apps

    from coalitions.apps import sync_pharos_group

    importlib.import_module("coalitions.migrations.0003_load_gemeenten").load(apps, None)
    ensure_pijlers_reference_data()
    sync_pharos_group()


def personal_data_of_demo(coalition_slug):
    """Everything about people the demo data holds for a coalition: none of it may be public."""
    coalition = Coalition.objects.get(slug=coalition_slug)
    values = [coalition.boegbeeld]
    # Every contact at the coalition's organisations, other coalitions' included.
    contacts = ContactPerson.objects.filter(
        partnership__organisation__partnerships__coalition=coalition
    )
    for contact in contacts:
        values += [contact.name, contact.email, contact.phone]
    for signatory in Signatory.objects.filter(agreement__coalition=coalition):
        values += [signatory.signer_name]
    for user in get_user_model().objects.all():
        values += [user.username, user.get_full_name(), user.last_name, user.email]
    return sorted({v for v in values if v})


# --- Workspace (issue 3): goals ---


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coalitions.Goal"

    coalition = factory.SubFactory(CoalitionFactory)
    year = 2025
    description = factory.Sequence(lambda n: f"Doel {n}: meer zwangeren vóór week 10 in zorg.")


# --- pijlers (denkraam) ------------------------------------------------------------------------
# Pillars, questions, the shipped indicators and interventions come from the data migration;
# these factories add what a test needs on top.

from pijlers.models import (  # noqa: E402
    Assessment,
    Indicator,
    Intervention,
    InterventionKind,
    MaturityLevel,
    Measurement,
    NeededExpertise,
    Offering,
    Pillar,
)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assessment

    coalition = factory.SubFactory(CoalitionFactory)
    pillar = factory.LazyFunction(lambda: Pillar.objects.get(number=1))
    date = datetime.date(2024, 1, 15)
    level = MaturityLevel.VERKENNEND
    notes = "Eerste verkenning."


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    code = factory.Sequence(lambda n: f"test-indicator-{n}")
    name = factory.Sequence(lambda n: f"Testindicator {n}")
    unit = "%"
    direction = "lower"
    order = 100


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    gemeente = factory.SubFactory(GemeenteFactory)
    indicator = factory.SubFactory(IndicatorFactory)
    period = "2021"
    value = "5.0"
    source = "testbron"


class InterventionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intervention

    slug = factory.Sequence(lambda n: f"test-interventie-{n}")
    name = factory.Sequence(lambda n: f"Testinterventie {n}")
    kind = InterventionKind.VOORLICHTING
    life_phases = factory.LazyFunction(lambda: ["zwangerschap"])
    vulnerability_levels = factory.LazyFunction(lambda: ["kwetsbaar"])


class OfferingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offering

    partner = factory.SubFactory(CoalitionPartnerFactory)
    intervention = factory.SubFactory(InterventionFactory)
    life_phases = factory.LazyAttribute(lambda o: list(o.intervention.life_phases))
    vulnerability_levels = factory.LazyAttribute(
        lambda o: list(o.intervention.vulnerability_levels)
    )


class NeededExpertiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeededExpertise

    coalition = factory.SubFactory(CoalitionFactory)
    name = factory.Sequence(lambda n: f"Expertise {n}")


def ensure_pijlers_reference_data():
    """Reload the denkraam's reference data (pillars, questions, indicators, interventions)
    when a transactional test has flushed it; a no-op when it is there."""
    import importlib

    from django.apps import apps

    if not Pillar.objects.exists():
        importlib.import_module("pijlers.migrations.0002_reference_data").load(apps, None)
    # The indicators' plausible ranges come from a later data migration (found by name, as
    # migrations get renumbered); an update, so a no-op when they are there.
    from pathlib import Path

    folder = Path(importlib.import_module("pijlers.migrations").__file__).parent
    (ranges,) = folder.glob("*_indicator_plausible_range.py")
    importlib.import_module(f"pijlers.migrations.{ranges.stem}").set_ranges(apps, None)
    # The cross-cutting elements' questions and short names (a later data migration too).
    from pijlers.models import PillarQuestion

    if not PillarQuestion.objects.filter(element__isnull=False).exists():
        (questions,) = folder.glob("*_element_questions.py")
        importlib.import_module(f"pijlers.migrations.{questions.stem}").load(apps, None)


# --- Pharos review (issue 7): feedback -------------------------------------------------------
class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coalitions.Feedback"

    coalition = factory.SubFactory(CoalitionFactory)
    author = factory.SubFactory(UserFactory)
    date = datetime.date(2024, 7, 1)
    text = "Mooie stappen gezet; betrek ook het sociaal domein bij de werkagenda."
