"""A gemeente belongs to at most one running coalition, and only Pharos assigns it.

Reproduces the finding "taking over another coalition's gemeente" (issue 14): an editor added
Utrecht's gemeente to Delft through the basics form, after which Delft was listed for Utrecht
on the home page and the RIVM answer for a gemeente without a coalition turned to "ja".
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from coalitions.models import CoalitionGemeente
from kansrijke.pharos import monitor
from tests.factories import CoalitionGemeenteFactory, GemeenteFactory, StatusUpdateFactory
from tests.fuzz import admin_form_data

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
YESTERDAY = TODAY - datetime.timedelta(days=1)
TOMORROW = TODAY + datetime.timedelta(days=1)


def basics_url(coalition):
    return reverse("coalitions:workspace_basics", args=[coalition.slug])


def post_basics(client, coalition, gemeenten):
    """The basics form as the old page posted it, gemeenten included."""
    return client.post(
        basics_url(coalition),
        {
            "ambition": "Onze ambitie",
            "boegbeeld": "",
            "trekker": "",
            "start_date": "2020-01-01",
            "gemeenten": [g.pk for g in gemeenten],
            "loaded_version": coalition.updated_at.isoformat(),
        },
    )


def rivm_row(gemeente, on=None):
    return next(r for r in monitor.rivm_monitor(on or TODAY) if r.gemeente == gemeente)


def add_link_in_admin(client, coalition, gemeente, since="2024-01-01"):
    return client.post(
        reverse("admin:coalitions_coalitiongemeente_add"),
        {"coalition": coalition.pk, "gemeente": gemeente.pk, "since": since, "until": ""},
    )


# --- the attack: the basics form -----------------------------------------------------------------


def test_editor_posting_another_coalitions_gemeente_in_the_basics_form_changes_nothing(
    client, editor, coalition, other_coalition
):
    own = coalition.gemeenten.get()
    theirs = other_coalition.gemeenten.get()
    links_before = list(CoalitionGemeente.objects.values_list("coalition", "gemeente", "until"))
    client.force_login(editor)

    response = post_basics(client, coalition, [own, theirs])

    assert response.status_code == 302  # the rest of the form is saved
    assert list(coalition.gemeenten.all()) == [own]
    assert list(other_coalition.gemeenten.all()) == [theirs]
    assert (
        list(CoalitionGemeente.objects.values_list("coalition", "gemeente", "until"))
        == links_before
    )


def test_editor_cannot_remove_the_coalitions_own_gemeente_through_the_basics_form(
    client, editor, coalition
):
    own = coalition.gemeenten.get()
    client.force_login(editor)

    post_basics(client, coalition, [])

    assert list(coalition.gemeenten.all()) == [own]


def test_basics_page_shows_the_gemeenten_read_only_and_that_pharos_assigns_them(
    client, editor, coalition
):
    own = coalition.gemeenten.get()
    client.force_login(editor)

    html = client.get(basics_url(coalition)).content.decode()

    assert own.name in html
    assert "Pharos wijst de gemeenten van een coalitie toe." in html
    assert 'name="gemeenten"' not in html


def test_home_page_does_not_list_the_editors_coalition_for_a_gemeente_it_tried_to_take(
    client, editor, coalition, other_coalition
):
    theirs = other_coalition.gemeenten.get()
    client.force_login(editor)
    post_basics(client, coalition, [coalition.gemeenten.get(), theirs])
    client.logout()

    response = client.get(reverse("coalitions:public_list"), {"q": theirs.name})

    assert [c.pk for c in response.context["coalitions"]] == [other_coalition.pk]


def test_rivm_answer_for_a_gemeente_without_coalition_stays_nee_after_an_editor_posts_it(
    client, editor, coalition
):
    loose = GemeenteFactory(name="Losdorp")
    client.force_login(editor)

    post_basics(client, coalition, [coalition.gemeenten.get(), loose])

    row = rivm_row(loose)
    assert not row.has_coalition
    assert row.coalitions == []


# --- the rule: one running coalition per gemeente ------------------------------------------------


def test_the_database_refuses_a_second_running_coalition_for_a_gemeente(coalition, other_coalition):
    theirs = other_coalition.gemeenten.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        CoalitionGemeente.objects.create(coalition=coalition, gemeente=theirs)

    assert list(theirs.coalitions.all()) == [other_coalition]


def test_a_link_overlapping_a_running_one_is_refused_with_a_dutch_message(
    coalition, other_coalition
):
    theirs = other_coalition.gemeenten.get()
    # Open-ended links meet the database; one with an end date only the model check.
    link = CoalitionGemeente(coalition=coalition, gemeente=theirs, since=TODAY, until=TOMORROW)

    with pytest.raises(ValidationError) as refused:
        link.full_clean()

    [message] = refused.value.message_dict["gemeente"]
    assert f"hoort in deze periode al bij coalitie ‘{other_coalition.name}’" in message


def test_a_link_may_start_on_the_day_the_previous_one_ends(coalition, other_coalition):
    theirs = other_coalition.gemeenten.get()
    CoalitionGemeente.objects.filter(gemeente=theirs).update(until=TOMORROW)

    link = CoalitionGemeente(coalition=coalition, gemeente=theirs, since=TOMORROW)
    link.full_clean()
    link.save()

    assert list(other_coalition.gemeenten.all()) == [theirs]  # until tomorrow
    assert theirs not in coalition.gemeenten.all()
    on_the_day = CoalitionGemeente.objects.running(TOMORROW).get(gemeente=theirs)
    assert on_the_day.coalition == coalition


def test_an_end_date_before_the_start_is_refused(coalition):
    link = coalition.gemeente_links.get()
    link.until = link.since - datetime.timedelta(days=1)

    with pytest.raises(ValidationError) as refused:
        link.full_clean()

    assert refused.value.message_dict["until"] == ["De einddatum ligt vóór de begindatum."]


def test_coalition_gemeenten_are_exactly_the_links_running_today(coalition):
    """The database view behind `coalition.gemeenten` and `running()` keep one rule."""
    coalition.gemeente_links.all().delete()
    periods = {
        "ended yesterday": (datetime.date(2020, 1, 1), YESTERDAY),
        "ends today": (datetime.date(2020, 1, 1), TODAY),
        "ends tomorrow": (datetime.date(2020, 1, 1), TOMORROW),
        "starts today": (TODAY, None),
        "starts tomorrow": (TOMORROW, None),
        "never ran": (YESTERDAY, YESTERDAY),
    }
    gemeenten = {}
    for label, (since, until) in periods.items():
        gemeenten[label] = GemeenteFactory(name=label)
        CoalitionGemeenteFactory(
            coalition=coalition, gemeente=gemeenten[label], since=since, until=until
        )

    running = {link.gemeente.name for link in coalition.gemeente_links.running()}

    assert running == {"ends tomorrow", "starts today"}
    assert {g.name for g in coalition.gemeenten.all()} == running
    assert {
        link.gemeente.name for link in coalition.gemeente_links.all() if link.is_running()
    } == running


# --- Pharos assigns and ends links in the admin ---------------------------------------------------


def test_pharos_assigns_a_gemeente_and_the_public_pages_and_rivm_answer_follow(
    client, pharos, coalition
):
    loose = GemeenteFactory(name="Losdorp")
    assert not rivm_row(loose).has_coalition
    client.force_login(pharos)

    response = add_link_in_admin(client, coalition, loose)

    assert response.status_code == 302
    assert loose in coalition.gemeenten.all()
    client.logout()
    public = client.get(coalition.get_absolute_url()).content.decode()
    assert "Losdorp" in public
    listed = client.get(reverse("coalitions:public_list"), {"q": "Losdorp"})
    assert [c.pk for c in listed.context["coalitions"]] == [coalition.pk]
    assert rivm_row(loose).coalitions == [coalition.name]


def test_pharos_cannot_assign_a_gemeente_that_belongs_to_another_coalition(
    client, pharos, coalition, other_coalition
):
    theirs = other_coalition.gemeenten.get()
    client.force_login(pharos)

    response = add_link_in_admin(client, coalition, theirs)

    assert response.status_code == 200
    assert "hoort in deze periode al bij coalitie" in response.content.decode()
    assert list(theirs.coalitions.all()) == [other_coalition]
    assert not coalition.gemeente_links.filter(gemeente=theirs).exists()


def test_an_ended_link_frees_the_gemeente_for_another_coalition(
    client, pharos, coalition, other_coalition
):
    gemeente = coalition.gemeenten.get()
    link = coalition.gemeente_links.get()
    StatusUpdateFactory(coalition=coalition)  # known to the RIVM monitor since 2024
    client.force_login(pharos)

    ended = client.post(
        reverse("admin:coalitions_coalitiongemeente_change", args=[link.pk]),
        {"since": link.since.isoformat(), "until": TODAY.isoformat()},
    )

    assert ended.status_code == 302
    assert gemeente not in coalition.gemeenten.all()
    assert not rivm_row(gemeente).has_coalition
    assert rivm_row(gemeente, on=YESTERDAY).coalitions == [coalition.name]  # history stays

    assert (
        add_link_in_admin(client, other_coalition, gemeente, TODAY.isoformat()).status_code == 302
    )
    assert list(gemeente.coalitions.all()) == [other_coalition]
    assert rivm_row(gemeente).coalitions == [other_coalition.name]
    listed = client.get(reverse("coalitions:public_list"), {"q": gemeente.name})
    assert [c.pk for c in listed.context["coalitions"]] == [other_coalition.pk]


def test_pharos_may_assign_and_end_links_but_not_change_a_coalition(client, pharos, coalition):
    assert pharos.has_perm("coalitions.add_coalitiongemeente")
    assert pharos.has_perm("coalitions.change_coalitiongemeente")
    assert not pharos.has_perm("coalitions.delete_coalitiongemeente")
    assert not pharos.has_perm("coalitions.change_coalition")
    client.force_login(pharos)

    response = client.post(
        reverse("admin:coalitions_coalition_change", args=[coalition.pk]),
        {"name": "Overgenomen", "slug": coalition.slug, "kind": coalition.kind},
    )

    assert response.status_code == 403


def test_editors_cannot_reach_the_link_admin(client, editor, coalition):
    client.force_login(editor)

    response = add_link_in_admin(client, coalition, GemeenteFactory())

    assert response.status_code == 302  # to the admin login
    assert "/admin/login/" in response.url
    assert coalition.gemeente_links.count() == 1


def test_the_coalition_admin_refuses_one_gemeente_twice_in_one_submit(client, superuser, coalition):
    loose = GemeenteFactory(name="Losdorp")
    url = reverse("admin:coalitions_coalition_change", args=[coalition.pk])
    client.force_login(superuser)
    data = admin_form_data(client, url)
    rows = {"gemeente": loose.pk, "since": "2024-01-01", "until": ""}
    data.update({f"gemeente_links-{i}-{key}": value for i in (0, 1) for key, value in rows.items()})
    data["gemeente_links-TOTAL_FORMS"] = "2"

    response = client.post(url, data)

    assert response.status_code == 200
    assert "Losdorp staat twee keer in dezelfde periode bij deze coalitie." in (
        response.content.decode()
    )
    assert not loose.coalition_links.exists()

    data["gemeente_links-TOTAL_FORMS"] = "1"
    assert client.post(url, data).status_code == 302
    assert loose in coalition.gemeenten.all()
