"""Relations in the workspace (partner page, matrix, forms) and on the network page: who may
read, who may write, and what the public never sees."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from partners.models import Category, Meeting, PartnerRelation, RelationKind
from tests.factories import (
    AgreementFactory,
    CoalitionPartnerFactory,
    OrganisationFactory,
    PartnerRelationFactory,
    ReferralPathFactory,
    ReferralStepFactory,
)

pytestmark = pytest.mark.django_db


def partner(coalition, name, category=Category.VERLOSKUNDIGEN):
    return CoalitionPartnerFactory(
        coalition=coalition, organisation=OrganisationFactory(name=name, category=category)
    )


@pytest.fixture
def delft(coalition):
    midwife = partner(coalition, "Verloskundigen Delft")
    team = partner(coalition, "Wijkteam Delft", Category.WIJKTEAM)
    jgz = partner(coalition, "JGZ Delft", Category.JGZ)
    alone = partner(coalition, "Bibliotheek Delft", Category.BIBLIOTHEEK)
    refers = PartnerRelationFactory(
        source=midwife, target=team, kind=RelationKind.VERWIJST, note="Via het vaste formulier"
    )
    secret = PartnerRelationFactory(
        source=team,
        target=jgz,
        kind=RelationKind.CASUSOVERLEG,
        note="Bespreekt gezin Jansen vertrouwelijk",
        internal=True,
    )
    return {
        "midwife": midwife, "team": team, "jgz": jgz, "alone": alone,
        "refers": refers, "secret": secret,
    }  # fmt: skip


def add_url(coalition):
    return reverse("partners:workspace_relation_add", args=[coalition.slug])


def post_relation(client, coalition, **data):
    client.get(add_url(coalition))  # a fresh page, like a user
    return client.post(add_url(coalition), data)


# --- Writing: editors only ---


def test_editor_adds_a_relation_from_the_partner_page(client, editor, coalition, delft):
    client.force_login(editor)
    page = client.get(reverse("partners:workspace_partners", args=[coalition.slug]))
    body = page.content.decode()
    assert "Verloskundigen Delft verwijst naar Wijkteam Delft" in body
    assert f"{add_url(coalition)}?van={delft['jgz'].pk}&amp;terug=partners" in body

    response = client.post(
        f"{add_url(coalition)}?van={delft['jgz'].pk}&terug=partners",
        {
            "source": delft["jgz"].pk,
            "kind": RelationKind.WARME_OVERDRACHT,
            "target": delft["team"].pk,
            "since": "2024-02-01",
            "note": "Na de kraamperiode",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("partners:workspace_partners", args=[coalition.slug])
    made = PartnerRelation.objects.get(kind=RelationKind.WARME_OVERDRACHT)
    assert (made.source, made.target, made.since) == (
        delft["jgz"],
        delft["team"],
        datetime.date(2024, 2, 1),
    )


def test_editor_can_let_a_relation_rest_on_an_agreement(client, editor, coalition, delft):
    from django.contrib.contenttypes.models import ContentType

    agreement = AgreementFactory(coalition=coalition, title="Convenant geboortezorg")
    client.force_login(editor)
    form = client.get(add_url(coalition)).content.decode()
    assert "Convenant geboortezorg" in form
    type_id = ContentType.objects.get_for_model(agreement).pk
    response = client.post(
        add_url(coalition),
        {
            "source": delft["midwife"].pk,
            "kind": RelationKind.GEGEVENSUITWISSELING,
            "target": delft["jgz"].pk,
            "basis": f"{type_id}:{agreement.pk}",
        },
    )
    assert response.status_code == 302
    assert PartnerRelation.objects.get(kind=RelationKind.GEGEVENSUITWISSELING).basis == agreement


def test_the_same_running_relation_twice_gets_a_dutch_message(client, editor, coalition, delft):
    client.force_login(editor)
    response = post_relation(
        client,
        coalition,
        source=delft["jgz"].pk,
        kind=RelationKind.CASUSOVERLEG,
        target=delft["team"].pk,  # mutual: the other way round exists already
    )
    assert response.status_code == 200
    assert "Deze relatie tussen deze twee partners loopt al." in response.content.decode()
    assert PartnerRelation.objects.count() == 2


def test_editor_cannot_pick_a_partner_of_another_coalition(
    client, editor, coalition, other_coalition, delft
):
    stranger = partner(other_coalition, "Ziekenhuis Utrecht", Category.ZIEKENHUIS)
    client.force_login(editor)
    response = post_relation(
        client,
        coalition,
        source=delft["midwife"].pk,
        kind=RelationKind.VERWIJST,
        target=stranger.pk,
    )
    assert response.status_code == 200
    assert PartnerRelation.objects.count() == 2


def test_editor_ends_a_relation_and_it_stays_in_the_history(client, editor, coalition, delft):
    url = reverse("partners:workspace_relation_end", args=[coalition.slug, delft["refers"].pk])
    client.force_login(editor)
    form = client.get(url)
    version = form.context["form"].initial["loaded_version"]
    response = client.post(url, {"until": "2025-01-01", "loaded_version": version})
    assert response.status_code == 302
    delft["refers"].refresh_from_db()
    assert delft["refers"].until == datetime.date(2025, 1, 1)
    page = client.get(reverse("partners:workspace_relations", args=[coalition.slug]))
    assert delft["refers"] in page.context["ended"]


def test_member_reads_relations_but_cannot_write(client, member, coalition, delft):
    client.force_login(member)
    page = client.get(reverse("partners:workspace_relations", args=[coalition.slug]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Bespreekt gezin Jansen vertrouwelijk" in body  # members see internal notes
    assert add_url(coalition) not in body
    assert client.get(add_url(coalition)).status_code == 403
    response = client.post(
        add_url(coalition),
        {"source": delft["jgz"].pk, "kind": RelationKind.VERWIJST, "target": delft["alone"].pk},
    )
    assert response.status_code == 403
    end = reverse("partners:workspace_relation_end", args=[coalition.slug, delft["refers"].pk])
    assert client.post(end, {"until": "2025-01-01"}).status_code == 403
    assert PartnerRelation.objects.count() == 2
    assert PartnerRelation.objects.filter(until__isnull=False).count() == 0


def test_editor_of_another_coalition_gets_a_404(client, other_editor, coalition, delft):
    client.force_login(other_editor)
    for url in [
        reverse("partners:workspace_relations", args=[coalition.slug]),
        add_url(coalition),
        reverse("partners:workspace_relation_end", args=[coalition.slug, delft["refers"].pk]),
        reverse("partners:workspace_network", args=[coalition.slug]),
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"until": "2025-01-01"}).status_code == 404, url
    assert not PartnerRelation.objects.filter(until__isnull=False).exists()


def test_another_coalitions_relation_is_a_404_through_ones_own_coalition(
    client, other_editor, other_coalition, coalition, delft
):
    client.force_login(other_editor)
    url = reverse(
        "partners:workspace_relation_end", args=[other_coalition.slug, delft["refers"].pk]
    )
    assert client.get(url).status_code == 404


# --- The matrix ---


def test_the_matrix_shows_directed_relations_one_way_and_mutual_ones_both_ways(
    client, member, coalition, delft
):
    client.force_login(member)
    page = client.get(reverse("partners:workspace_relations", args=[coalition.slug]))
    kinds = {
        (row["partnership"].organisation.name, cell["column"].organisation.name): [
            letter for letter, _label in cell["kinds"]
        ]
        for row in page.context["matrix"]
        for cell in row["cells"]
    }
    assert kinds[("Verloskundigen Delft", "Wijkteam Delft")] == ["V"]
    assert kinds[("Wijkteam Delft", "Verloskundigen Delft")] == []
    assert kinds[("Wijkteam Delft", "JGZ Delft")] == ["C"]
    assert kinds[("JGZ Delft", "Wijkteam Delft")] == ["C"]


def test_an_editor_adds_from_the_matrix_with_both_partners_filled_in(
    client, editor, coalition, delft
):
    client.force_login(editor)
    page = client.get(reverse("partners:workspace_relations", args=[coalition.slug]))
    [cell] = [
        cell
        for row in page.context["matrix"]
        if row["partnership"] == delft["alone"]
        for cell in row["cells"]
        if cell["column"] == delft["jgz"]
    ]
    form = client.get(cell["add_url"]).context["form"]
    assert form.initial["source"] == str(delft["alone"].pk)
    assert form.initial["target"] == str(delft["jgz"].pk)


# --- The network page: public and inside ---


def network_url(coalition, **query):
    url = reverse("partners:network", args=[coalition.slug])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_public_sees_relations_between_organisations_but_never_internal_notes(
    client, coalition, delft
):
    body = client.get(network_url(coalition)).content.decode()
    assert "Verloskundigen Delft" in body and "Via het vaste formulier" in body
    assert "casusoverleg" in body  # the relation itself is public
    assert "Bespreekt gezin Jansen" not in body
    assert "intern" not in body.split("<main", 1)[-1].lower().replace("internet", "")


def test_the_public_network_page_never_loads_an_internal_note(client, coalition, delft):
    with CaptureQueriesContext(connection) as queries:
        client.get(network_url(coalition))
    assert not any("Bespreekt gezin Jansen" in str(q["sql"]) for q in queries.captured_queries)
    cache.clear()  # a cached page has no context to look into
    response = client.get(network_url(coalition))
    assert all(r.shown_note == "" for r in response.context["relations"] if r.internal)


def test_members_see_internal_notes_on_the_network_page_and_it_is_not_cached(
    client, member, coalition, delft
):
    client.force_login(member)
    response = client.get(network_url(coalition))
    assert "Bespreekt gezin Jansen vertrouwelijk" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_the_network_filters_on_kind_and_the_table_shows_the_same_relations(
    client, coalition, delft
):
    response = client.get(network_url(coalition, soort=RelationKind.VERWIJST))
    assert [r.pk for r in response.context["relations"]] == [delft["refers"].pk]
    assert [e.relation.pk for e in response.context["network"].edges] == [delft["refers"].pk]
    body = response.content.decode()
    assert "1 relatie van de soort ‘verwijst naar’." in body
    assert 'data-kind="casusoverleg"' not in body


def test_the_network_highlights_bridges_and_calls_out_who_stands_alone(client, coalition, delft):
    response = client.get(network_url(coalition))
    edges = {e.relation.pk: e.bridge for e in response.context["network"].edges}
    assert edges == {delft["refers"].pk: True, delft["secret"].pk: False}
    assert [p.organisation.name for p in response.context["alone"]] == ["Bibliotheek Delft"]
    body = response.content.decode()
    assert "Wie staat er nog alleen?" in body
    assert "network-edge--bridge" in body


def test_the_network_is_linked_from_the_coalition_page_and_the_partner_map(client, coalition):
    url = reverse("partners:network", args=[coalition.slug])
    for page in ["coalitions:public_detail", "partners:map"]:
        assert url in client.get(reverse(page, args=[coalition.slug])).content.decode(), page


def test_the_network_page_runs_as_many_queries_with_many_partners_as_with_few(
    client, member, coalition, delft
):
    client.force_login(member)

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    pages = [
        network_url(coalition),
        reverse("partners:workspace_network", args=[coalition.slug]),
        reverse("partners:workspace_relations", args=[coalition.slug]),
        reverse("partners:workspace_partners", args=[coalition.slug]),
        reverse("partners:workspace_paths", args=[coalition.slug]),
        reverse("partners:workspace_meetings", args=[coalition.slug]),
    ]
    first = Meeting.objects.create(coalition=coalition, level="werkgroep", title="Start")
    first.participants.set([delft["midwife"], delft["team"]])
    path = ReferralPathFactory(coalition=coalition)
    ReferralStepFactory(path=path, from_partner=delft["midwife"], to_partner=delft["team"])
    pages.append(network_url(coalition, pad=path.pk))
    # A basis costs one query per kind of basis (agreement, work item), not per relation.
    agreement = AgreementFactory(coalition=coalition)
    delft["refers"].basis = agreement
    delft["refers"].save()
    few = [count(url) for url in pages]
    previous = delft["alone"]
    for i in range(12):
        p = partner(coalition, f"Partner {i}", [Category.WELZIJN, Category.HUISARTSEN][i % 2])
        PartnerRelationFactory(
            source=previous, target=p, kind=RelationKind.GEZAMENLIJK_AANBOD, basis=agreement
        )
        ReferralStepFactory(path=path, from_partner=previous, to_partner=p)
        Meeting.objects.create(
            coalition=coalition, level="ambtelijk", title=f"O{i}"
        ).participants.set([previous, p])
        ReferralStepFactory(path=ReferralPathFactory(coalition=coalition), from_partner=p,
                            to_partner=previous)  # fmt: skip
        previous = p
    client.logout()
    client.force_login(member)
    assert [count(url) for url in pages] == few
    client.logout()
    assert count(network_url(coalition)) <= few[0]


# --- Bad input and changing a relation ---


def test_bad_input_in_the_relation_form_gets_a_dutch_message_never_an_error(
    client, editor, coalition, delft
):
    from tests.fuzz import fuzz_form

    client.force_login(editor)
    valid = {
        "source": delft["jgz"].pk,
        "kind": RelationKind.VERWIJST,
        "target": delft["alone"].pk,
        "since": "2024-01-01",
        "note": "Doorverwijzing",
    }
    fuzz_form(
        client, add_url(coalition), valid, ["source", "kind", "target", "since", "note", "basis"]
    )


def test_editor_marks_a_note_internal_and_the_public_no_longer_sees_it(
    client, editor, coalition, delft
):
    url = reverse("partners:workspace_relation_edit", args=[coalition.slug, delft["refers"].pk])
    client.force_login(editor)
    form = client.get(url).context["form"]
    response = client.post(
        url,
        {
            "since": "2021-01-01",
            "note": "Via het vaste formulier",
            "internal": "on",
            "loaded_version": form.initial["loaded_version"],
        },
    )
    assert response.status_code == 302
    client.logout()
    assert "Via het vaste formulier" not in client.get(network_url(coalition)).content.decode()


def test_a_new_relation_shows_in_the_coalitions_history(client, editor, coalition, delft):
    client.force_login(editor)
    post_relation(
        client,
        coalition,
        source=delft["jgz"].pk,
        kind=RelationKind.WARME_OVERDRACHT,
        target=delft["alone"].pk,
        since="2024-01-01",
    )
    page = client.get(reverse("coalitions:workspace_history", args=[coalition.slug]))
    body = page.content.decode()
    assert "relatie tussen partners" in body.lower()
    assert "warme overdracht" in body
