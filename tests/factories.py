"""factory_boy factories for every model; tests build their own data, never the demo fixtures."""

import datetime

import factory
from django.contrib.auth import get_user_model

from coalitions.models import Coalition, CoalitionRole, Gemeente, Phase, Province, StatusUpdate
from partners.models import Category, CoalitionPartner, ContactPerson, Level, Organisation


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
        if not create:
            return
        self.gemeenten.set(extracted if extracted is not None else [GemeenteFactory()])


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
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact Persoon{n}")
    function = "Verloskundige"
    email = factory.Sequence(lambda n: f"contact{n}@example.org")
    phone = factory.Sequence(lambda n: f"015 {n % 1000:03d} 0000")


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
