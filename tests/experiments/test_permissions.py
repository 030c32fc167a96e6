"""Who may write: only the coalition's editors. Members and Pharos read, others see nothing."""

import pytest
from django.urls import reverse

from common.quarters import quarter_index
from experiments.models import Theme, WorkItem
from tests.factories import (
    AgreementFactory,
    BottleneckFactory,
    CoalitionPartnerFactory,
    ThemeFactory,
    WorkItemFactory,
)
from tests.fuzz import page_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(coalition):
    item = WorkItemFactory(coalition=coalition)
    return {
        "item": item,
        "theme": ThemeFactory(coalition=coalition),
        "bottleneck": BottleneckFactory(work_item=item),
        "agreement": AgreementFactory(coalition=coalition),
    }


def write_urls(coalition, o):
    s = coalition.slug
    return [
        reverse("experiments:item_create", args=[s]),
        reverse("experiments:item_edit", args=[s, o["item"].pk]),
        reverse("experiments:theme_create", args=[s]),
        reverse("experiments:theme_edit", args=[s, o["theme"].pk]),
        reverse("experiments:bottleneck_create", args=[s, o["item"].pk]),
        reverse("experiments:bottleneck_escalate", args=[s, o["bottleneck"].pk]),
        reverse("experiments:bottleneck_resolve", args=[s, o["bottleneck"].pk]),
        reverse("experiments:agreement_create", args=[s]),
        reverse("experiments:agreement_edit", args=[s, o["agreement"].pk]),
    ]


def read_urls(coalition, o):
    s = coalition.slug
    return [
        reverse("experiments:timeline", args=[s]),
        reverse("experiments:item_detail", args=[s, o["item"].pk]),
        reverse("experiments:theme_list", args=[s]),
        reverse("experiments:bottleneck_overview", args=[s]),
        reverse("experiments:agreement_list", args=[s]),
        reverse("experiments:agreement_detail", args=[s, o["agreement"].pk]),
    ]


@pytest.mark.parametrize("who", ["member", "pharos"])
def test_members_and_pharos_cannot_write(client, request, coalition, objects, who):
    client.force_login(request.getfixturevalue(who))
    for url in write_urls(coalition, objects):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"title": "x", "name": "x"}).status_code == 403, url
    assert WorkItem.objects.count() == 1 and Theme.objects.count() == 1


@pytest.mark.parametrize("who", ["other_editor", "outsider"])
def test_editor_of_another_coalition_and_outsiders_get_404_for_reads_and_writes(
    client, request, coalition, objects, who
):
    client.force_login(request.getfixturevalue(who))
    for url in [*write_urls(coalition, objects), *read_urls(coalition, objects)]:
        assert client.get(url).status_code == 404, url
    assert client.post(write_urls(coalition, objects)[0], {"title": "x"}).status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, coalition, objects):
    for url in [*write_urls(coalition, objects), *read_urls(coalition, objects)]:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


@pytest.mark.parametrize("who", ["member", "editor", "pharos"])
def test_members_editors_and_pharos_read_the_workspace_pages(
    client, request, coalition, objects, who
):
    client.force_login(request.getfixturevalue(who))
    for url in read_urls(coalition, objects):
        assert client.get(url).status_code == 200, url


def test_members_see_no_edit_buttons(client, member, coalition, objects):
    client.force_login(member)
    html = client.get(reverse("experiments:timeline", args=[coalition.slug])).content.decode()
    assert "Onderdeel toevoegen" not in html


def item_post(**overrides):
    return {
        "kind": "experiment",
        "title": "Flexibele kraamzorg",
        "goal": "Uren inzetten waar ze nodig zijn.",
        "status": "gepland",
        "start_quarter": str(quarter_index(2020, 2)),
        "end_quarter": str(quarter_index(2021, 3)),
        "levels": ["professionals", "ouders"],
        **overrides,
    }


def test_editor_creates_an_item_with_own_themes_and_partners(client, editor, coalition):
    theme = ThemeFactory(coalition=coalition)
    lead, other = CoalitionPartnerFactory.create_batch(2, coalition=coalition)
    client.force_login(editor)
    response = client.post(
        reverse("experiments:item_create", args=[coalition.slug]),
        item_post(themes=[theme.pk], lead_partner=lead.pk, partners=[other.pk]),
        follow=True,
    )
    assert "is opgeslagen" in response.content.decode()
    item = WorkItem.objects.get()
    assert item.coalition == coalition and item.lead_partner == lead
    assert list(item.partners.all()) == [other] and list(item.themes.all()) == [theme]
    assert item.levels == ["professionals", "ouders"]


def test_partners_and_themes_of_another_coalition_are_refused(
    client, editor, coalition, other_coalition
):
    foreign_partner = CoalitionPartnerFactory(coalition=other_coalition)
    foreign_theme = ThemeFactory(coalition=other_coalition)
    client.force_login(editor)
    response = client.post(
        reverse("experiments:item_create", args=[coalition.slug]),
        item_post(
            themes=[foreign_theme.pk],
            lead_partner=foreign_partner.pk,
            partners=[foreign_partner.pk],
        ),
    )
    errors = response.context["form"].errors
    assert {"themes", "lead_partner", "partners"} <= set(errors)
    assert not WorkItem.objects.exists()


def test_end_quarter_before_start_is_refused_with_a_dutch_message(client, editor, coalition):
    client.force_login(editor)
    response = client.post(
        reverse("experiments:item_create", args=[coalition.slug]),
        item_post(
            start_quarter=str(quarter_index(2021, 1)), end_quarter=str(quarter_index(2020, 4))
        ),
    )
    assert "vóór het startkwartaal" in str(response.context["form"].errors)
    assert not WorkItem.objects.exists()


def test_database_refuses_a_lead_partner_of_another_coalition(coalition, other_coalition):
    from django.db import DatabaseError, transaction

    foreign = CoalitionPartnerFactory(coalition=other_coalition)
    with pytest.raises(DatabaseError), transaction.atomic():
        WorkItemFactory(coalition=coalition, lead_partner=foreign)


def test_editor_cannot_edit_another_coalitions_item_through_own_slug(
    client, editor, coalition, other_coalition
):
    foreign = WorkItemFactory(coalition=other_coalition, title="Van een ander")
    client.force_login(editor)
    url = reverse("experiments:item_edit", args=[coalition.slug, foreign.pk])
    assert client.post(url, item_post()).status_code == 404
    foreign.refresh_from_db()
    assert foreign.title == "Van een ander"


def test_database_refuses_themes_and_partners_of_another_coalition(coalition, other_coalition):
    from django.db import DatabaseError, transaction

    item = WorkItemFactory(coalition=coalition)
    own_theme = ThemeFactory(coalition=coalition)
    item.themes.add(own_theme)
    with pytest.raises(DatabaseError), transaction.atomic():
        item.themes.add(ThemeFactory(coalition=other_coalition))
    with pytest.raises(DatabaseError), transaction.atomic():
        item.partners.add(CoalitionPartnerFactory(coalition=other_coalition))
    assert list(item.themes.all()) == [own_theme]
    assert not item.partners.exists()


def test_a_second_theme_with_the_same_name_is_refused_in_dutch_not_a_server_error(
    client, editor, coalition
):
    """Found by the fuzz tests: the unique name per coalition reached the database (500)."""
    theme = ThemeFactory(coalition=coalition, name="Zorgpad")
    other = ThemeFactory(coalition=coalition, name="Preconceptie")
    client.force_login(editor)
    add = reverse("experiments:theme_create", args=[coalition.slug])
    response = client.post(add, {"name": "Zorgpad", "order": "3"})
    assert response.status_code == 200
    assert "Deze coalitie heeft al een thema met deze naam." in response.content.decode()
    edit = reverse("experiments:theme_edit", args=[coalition.slug, other.pk])
    response = client.post(edit, page_form_data(client, edit) | {"name": "Zorgpad", "order": "3"})
    assert "Deze coalitie heeft al een thema met deze naam." in response.content.decode()
    assert Theme.objects.filter(coalition=coalition, name="Zorgpad").get() == theme
    resave = reverse("experiments:theme_edit", args=[coalition.slug, theme.pk])
    form = page_form_data(client, resave) | {"name": "Zorgpad", "order": "1"}
    assert client.post(resave, form).status_code == 302
