import datetime

import pytest
from django.urls import reverse

from pijlers.models import NeededExpertise
from tests.factories import CoalitionPartnerFactory, NeededExpertiseFactory

pytestmark = pytest.mark.django_db


def test_profile_shows_who_covers_each_expertise_and_what_is_uncovered(client, member, coalition):
    ggz = CoalitionPartnerFactory(coalition=coalition, organisation__name="Mondriaan GGZ")
    gone = CoalitionPartnerFactory(
        coalition=coalition, organisation__name="Vertrokken", until=datetime.date(2023, 1, 1)
    )
    NeededExpertiseFactory(coalition=coalition, name="GGZ").covered_by.add(ggz)
    NeededExpertiseFactory(coalition=coalition, name="Licht verstandelijke beperking")
    NeededExpertiseFactory(coalition=coalition, name="Multiproblematiek").covered_by.add(gone)

    uncovered = NeededExpertise.objects.filter(coalition=coalition).uncovered()
    assert set(uncovered.values_list("name", flat=True)) == {
        "Licht verstandelijke beperking",
        "Multiproblematiek",
    }
    client.force_login(member)
    response = client.get(reverse("pijlers:expertise", args=[coalition.slug]))
    assert [e.name for e in response.context["uncovered"]] == [
        "Licht verstandelijke beperking",
        "Multiproblematiek",
    ]
    assert "Mondriaan GGZ" in response.content.decode()


def test_editor_adds_an_expertise_with_the_partners_that_cover_it(client, editor, coalition):
    partner = CoalitionPartnerFactory(coalition=coalition)
    client.force_login(editor)
    response = client.post(
        reverse("pijlers:expertise_add", args=[coalition.slug]),
        {"name": "Het jonge kind", "description": "", "order": 1, "covered_by": [partner.pk]},
    )
    assert response.status_code == 302
    item = NeededExpertise.objects.get(coalition=coalition)
    assert list(item.covered_by.all()) == [partner]


def test_the_same_expertise_twice_is_refused_next_to_the_field(client, editor, coalition):
    NeededExpertiseFactory(coalition=coalition, name="GGZ")
    client.force_login(editor)
    response = client.post(
        reverse("pijlers:expertise_add", args=[coalition.slug]), {"name": "ggz", "order": 0}
    )
    assert response.context["form"].errors["name"] == ["Deze expertise staat al in het profiel."]
    assert NeededExpertise.objects.count() == 1


def test_other_coalitions_editor_cannot_add_expertise(client, other_editor, coalition):
    client.force_login(other_editor)
    response = client.post(
        reverse("pijlers:expertise_add", args=[coalition.slug]), {"name": "GGZ", "order": 0}
    )
    assert response.status_code == 404
    assert not NeededExpertise.objects.exists()
