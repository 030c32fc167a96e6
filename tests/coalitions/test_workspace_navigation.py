"""One navigation on every workspace page: every section linked, the open one marked, the
same breadcrumb, edit-only pages hidden from members; and the site's icon."""

import re

import pytest
from django.urls import reverse

from coalitions.extensions import workspace_sections
from coalitions.navigation import section_urls
from tests.factories import AgreementFactory, CoalitionPartnerFactory, WorkItemFactory

pytestmark = pytest.mark.django_db


def workspace_nav(html):
    """The workspace navigation's HTML (tabs and sub-tabs) on a page."""
    match = re.search(r'<nav aria-label="Onderdelen van de werkruimte".*?</nav>', html, re.S)
    assert match, "no workspace navigation on the page"
    return match.group(0)


def breadcrumb(html):
    match = re.search(r'<nav aria-label="Kruimelpad".*?</nav>', html, re.S)
    assert match, "no breadcrumb on the page"
    return re.sub(r"<[^>]+>|\s+", " ", match.group(0)).split()


def top_section_urls(coalition, *, editor):
    return [
        reverse(s.url_name, args=[coalition.slug])
        for s in workspace_sections
        if editor or not s.edit_only
    ]


@pytest.mark.parametrize("role", ["editor", "member"])
def test_every_workspace_section_page_links_to_every_section_and_marks_its_own(
    client, coalition, role, request
):
    client.force_login(request.getfixturevalue(role))
    is_editor = role == "editor"
    sections = top_section_urls(coalition, editor=is_editor)
    pages = section_urls(coalition, editor=is_editor)
    assert len(pages) > len(sections) >= 10
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        nav = workspace_nav(response.content.decode())
        for section in sections:
            assert f'href="{section}"' in nav, (url, section)
        assert f'aria-current="page" href="{url}"' in nav, url
        assert nav.count('aria-current="page"') == 1, url


def test_a_sub_section_marks_its_section_open_and_shows_its_siblings(client, coalition, member):
    client.force_login(member)
    s = coalition.slug
    html = client.get(reverse("pijlers:palette", args=[s])).content.decode()
    nav = workspace_nav(html)
    assert f'aria-current="true" href="{reverse("pijlers:overview", args=[s])}"' in nav
    for name in ["pijlers:monitoring", "pijlers:expertise", "pijlers:targets", "pijlers:coverage"]:
        assert f'href="{reverse(name, args=[s])}"' in nav
    assert breadcrumb(html)[-2:] == ["Denkraam", "Palet"]


def test_pages_below_a_section_keep_the_navigation_and_the_breadcrumb(client, coalition, editor):
    client.force_login(editor)
    s = coalition.slug
    item = WorkItemFactory(coalition=coalition)
    agreement = AgreementFactory(coalition=coalition)
    partnership = CoalitionPartnerFactory(coalition=coalition)
    for url, trail in [
        (reverse("experiments:item_detail", args=[s, item.pk]), "Werkagenda"),
        (reverse("experiments:agreement_detail", args=[s, agreement.pk]), "Afspraken"),
        (reverse("pijlers:pillar", args=[s, 1]), "Denkraam"),
        (reverse("partners:workspace_partner_edit", args=[s, partnership.pk]), "Partners"),
        (reverse("experiments:bottleneck_overview", args=[s]), "Knelpunten"),
    ]:
        html = client.get(url).content.decode()
        nav = workspace_nav(html)
        for section in top_section_urls(coalition, editor=True):
            assert f'href="{section}"' in nav, (url, section)
        crumbs = " ".join(breadcrumb(html))
        assert crumbs.startswith(f"Werkruimte {coalition.name}"), crumbs
        assert trail in crumbs, (url, crumbs)


def test_members_are_not_shown_the_edit_only_details_page(client, coalition, member, editor):
    basics = reverse("coalitions:workspace_basics", args=[coalition.slug])
    overview = reverse("coalitions:workspace_detail", args=[coalition.slug])
    client.force_login(member)
    assert f'href="{basics}"' not in workspace_nav(client.get(overview).content.decode())
    assert client.get(basics).status_code == 403
    client.force_login(editor)
    assert f'href="{basics}"' in workspace_nav(client.get(overview).content.decode())


def test_the_workspace_partner_map_shows_members_the_contact_people(client, coalition, member):
    from tests.factories import ContactPersonFactory

    contact = ContactPersonFactory(partnership=CoalitionPartnerFactory(coalition=coalition))
    url = reverse("partners:workspace_map", args=[coalition.slug])
    client.force_login(member)
    html = client.get(url).content.decode()
    assert contact.name in html
    assert f'aria-current="page" href="{url}"' in workspace_nav(html)


def test_the_workspace_partner_map_is_not_for_outsiders(client, coalition, outsider):
    url = reverse("partners:workspace_map", args=[coalition.slug])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_site_icon_is_linked_and_favicon_ico_is_found(client):
    html = client.get(reverse("coalitions:public_list")).content.decode()
    assert 'rel="icon"' in html and "favicon" in html
    response = client.get("/favicon.ico", follow=True)
    assert response.status_code == 200
