"""Referral paths (zorgpaden): ordered steps between partners, a step without a relation
behind it flagged, shown in the workspace and on the network."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from partners.models import Category, ReferralPath, ReferralStep, RelationKind
from tests.factories import (
    CoalitionPartnerFactory,
    OrganisationFactory,
    PartnerRelationFactory,
    ReferralPathFactory,
    ReferralStepFactory,
)

pytestmark = pytest.mark.django_db


def partner(coalition, name, category):
    return CoalitionPartnerFactory(
        coalition=coalition, organisation=OrganisationFactory(name=name, category=category)
    )


@pytest.fixture
def debts(coalition):
    """Zwangere met schulden: midwife -> wijkteam (a relation) -> schuldhulp (none yet)."""
    midwife = partner(coalition, "Verloskundigen Delft", Category.VERLOSKUNDIGEN)
    team = partner(coalition, "Wijkteam Delft", Category.WIJKTEAM)
    debt = partner(coalition, "Schuldhulp Delft", Category.SCHULDHULP)
    PartnerRelationFactory(source=midwife, target=team, kind=RelationKind.WARME_OVERDRACHT)
    path = ReferralPathFactory(coalition=coalition, title="Zwangere met schulden")
    ReferralStepFactory(
        path=path,
        position=1,
        from_partner=midwife,
        to_partner=team,
        actor="De verloskundige vraagt toestemming en belt het wijkteam",
    )
    ReferralStepFactory(path=path, position=2, from_partner=team, to_partner=debt,
                        actor="Het wijkteam meldt aan bij schuldhulp")  # fmt: skip
    return {"path": path, "midwife": midwife, "team": team, "debt": debt}


def test_a_step_without_a_relation_behind_it_is_flagged(debts):
    [path] = ReferralPath.objects.with_steps()
    assert [s.has_relation for s in path.step_list] == [True, False]
    assert path.gaps == 1


def test_a_relation_the_other_way_round_counts_behind_a_step(debts):
    PartnerRelationFactory(
        source=debts["debt"], target=debts["team"], kind=RelationKind.CASUSOVERLEG
    )
    [path] = ReferralPath.objects.with_steps()
    assert path.gaps == 0


def test_a_step_joins_partners_of_the_paths_own_coalition_only(debts, other_coalition):
    stranger = CoalitionPartnerFactory(coalition=other_coalition)
    step = ReferralStep(
        path=debts["path"], position=3, from_partner=debts["debt"], to_partner=stranger,
        actor="Schuldhulp verwijst door",
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        step.full_clean()
    assert error.value.message_dict["to_partner"] == [
        "Beide partners moeten partner van deze coalitie zijn."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        step.save()


def test_editor_adds_a_path_and_its_steps_in_order(client, editor, coalition, debts):
    client.force_login(editor)
    response = client.post(
        reverse("partners:workspace_path_add", args=[coalition.slug]),
        {"title": "Kraamperiode naar JGZ"},
    )
    path = ReferralPath.objects.get(title="Kraamperiode naar JGZ")
    url = reverse("partners:workspace_path", args=[coalition.slug, path.pk])
    assert response["Location"] == url
    for a, b in [("midwife", "team"), ("team", "debt")]:
        response = client.post(
            url,
            {"from_partner": debts[a].pk, "to_partner": debts[b].pk, "actor": "Overdracht",
             "handover": "warm, samen op huisbezoek"},
        )  # fmt: skip
        assert response.status_code == 302
    assert list(path.steps.values_list("position", flat=True)) == [1, 2]
    page = client.get(url).content.decode()
    assert "Geen relatie vastgelegd" in page


def test_member_reads_paths_but_cannot_add_steps(client, member, coalition, debts):
    client.force_login(member)
    url = reverse("partners:workspace_path", args=[coalition.slug, debts["path"].pk])
    page = client.get(url)
    assert page.status_code == 200 and "Volgende stap toevoegen" not in page.content.decode()
    response = client.post(
        url, {"from_partner": debts["debt"].pk, "to_partner": debts["midwife"].pk, "actor": "x"}
    )
    assert response.status_code == 403
    assert debts["path"].steps.count() == 2
    delete = reverse(
        "partners:workspace_step_delete", args=[coalition.slug, debts["path"].steps.first().pk]
    )
    assert client.post(delete).status_code == 403
    assert debts["path"].steps.count() == 2


def test_editor_of_another_coalition_gets_a_404_for_a_path(client, other_editor, coalition, debts):
    client.force_login(other_editor)
    url = reverse("partners:workspace_path", args=[coalition.slug, debts["path"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"actor": "x"}).status_code == 404


def test_the_network_lists_paths_and_draws_the_chosen_one_with_its_gap(client, coalition, debts):
    url = reverse("partners:network", args=[coalition.slug])
    response = client.get(url, {"pad": debts["path"].pk})
    lines = response.context["network"].path_lines
    assert [(line.step.position, line.gap) for line in lines] == [(1, False), (2, True)]
    body = response.content.decode()
    assert "Zwangere met schulden" in body
    assert "Geen relatie vastgelegd" in body
    assert "network-path-step is-gap" in body


def test_editor_renames_a_path_and_removes_it_with_its_steps_but_not_the_relations(
    client, editor, coalition, debts
):
    path = debts["path"]
    client.force_login(editor)
    edit = reverse("partners:workspace_path_edit", args=[coalition.slug, path.pk])
    response = client.post(edit, {"title": "Zwanger en schulden", "description": "Vroeg erbij"})
    assert response.status_code == 302
    page = client.get(reverse("partners:workspace_path", args=[coalition.slug, path.pk]))
    assert "Zorgpad ‘Zwanger en schulden’" in page.content.decode()

    delete = reverse("partners:workspace_path_delete", args=[coalition.slug, path.pk])
    assert "2 stappen worden verwijderd" in client.get(delete).content.decode()
    response = client.post(delete, {"form_token": uuid.uuid4().hex}, follow=True)
    assert "Zorgpad ‘Zwanger en schulden’ is verwijderd." in response.content.decode()
    assert not ReferralPath.objects.exists()
    assert not ReferralStep.objects.exists()
    assert debts["midwife"].relations_from.count() == 1


def test_member_and_other_editor_cannot_change_or_remove_a_path(
    client, member, other_editor, coalition, debts
):
    path = debts["path"]
    for user, status in ((member, 403), (other_editor, 404)):
        client.force_login(user)
        for name in ("partners:workspace_path_edit", "partners:workspace_path_delete"):
            url = reverse(name, args=[coalition.slug, path.pk])
            assert client.post(url, {"title": "Weg"}).status_code == status
    path.refresh_from_db()
    assert path.title == "Zwangere met schulden"
    assert path.steps.count() == 2
