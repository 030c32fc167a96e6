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


# --- Pharos review (issue 7): feedback -------------------------------------------------------
class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "coalitions.Feedback"

    coalition = factory.SubFactory(CoalitionFactory)
    author = factory.SubFactory(UserFactory)
    date = datetime.date(2024, 7, 1)
    text = "Mooie stappen gezet; betrek ook het sociaal domein bij de werkagenda."
