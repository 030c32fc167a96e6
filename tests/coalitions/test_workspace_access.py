"""Who may open and change the workspace pages: every URL, GET and POST."""

import pytest
from django.contrib.auth import get_user_model

from tests.workspace import coalition_objects, read_urls, write_urls, written_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages_a(coalition):
    objs = coalition_objects(coalition)
    return read_urls(coalition), write_urls(coalition, objs)


@pytest.fixture
def pages_b(other_coalition):
    objs = coalition_objects(other_coalition)
    return read_urls(other_coalition), write_urls(other_coalition, objs)


def test_editor_can_open_every_workspace_page_of_own_coalition(client, editor, pages_a):
    reads, writes = pages_a
    client.force_login(editor)
    for url in reads + [url for url, _data in writes]:
        assert client.get(url).status_code == 200, url


def test_editor_gets_404_for_every_workspace_url_of_another_coalition(client, editor, pages_b):
    reads, writes = pages_b
    client.force_login(editor)
    before = written_count()
    for url in reads:
        assert client.get(url).status_code == 404, url
    for url, data in writes:
        assert client.get(url).status_code == 404, url
        assert client.post(url, data).status_code == 404, url
    assert written_count() == before


def test_member_reads_workspace_pages_but_gets_403_on_every_write(client, member, pages_a):
    reads, writes = pages_a
    client.force_login(member)
    before = written_count()
    for url in reads:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "U kunt deze coalitie inzien, niet wijzigen." in response.content.decode()
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert written_count() == before


def test_member_gets_403_on_edit_forms(client, member, pages_a):
    _reads, writes = pages_a
    client.force_login(member)
    status_url = writes[0][0]  # the status page is also the timeline everyone may read
    for url, _data in writes[1:]:
        assert client.get(url).status_code == 403, url
    assert client.get(status_url).status_code == 200


def test_member_does_not_see_the_status_form(client, member, coalition):
    client.force_login(member)
    response = client.get(f"/werkruimte/{coalition.slug}/status/")
    assert "Statusupdate opslaan" not in response.content.decode()


def test_pharos_reads_every_coalition_but_changes_nothing(client, pharos, pages_b):
    reads, writes = pages_b
    client.force_login(pharos)
    before = written_count()
    for url in reads:
        assert client.get(url).status_code == 200, url
    for url, data in writes:
        assert client.post(url, data).status_code == 403, url
    assert written_count() == before


def test_outsider_gets_404_everywhere(client, outsider, pages_a):
    reads, writes = pages_a
    client.force_login(outsider)
    for url in reads:
        assert client.get(url).status_code == 404, url
    for url, data in writes:
        assert client.post(url, data).status_code == 404, url


def test_anonymous_is_sent_to_login_for_every_workspace_url(client, pages_a):
    reads, writes = pages_a
    before = written_count()
    for url in ["/werkruimte/", *reads]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    for url, data in writes:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url
    assert written_count() == before


def test_deactivated_editor_is_sent_to_login_and_writes_nothing(client, editor, pages_a):
    _reads, writes = pages_a
    client.force_login(editor)
    get_user_model().objects.filter(pk=editor.pk).update(is_active=False)
    before = written_count()
    url, data = writes[1]
    assert client.post(url, data).status_code == 302
    assert written_count() == before


def test_editor_cannot_reach_another_coalitions_objects_through_own_slug(
    client, editor, coalition, other_coalition
):
    """Object ids from coalition B under coalition A's slug are 404, not a back door."""
    objs_b = coalition_objects(other_coalition)
    writes = write_urls(coalition, objs_b)
    object_urls = [url for url, _data in writes if "/doelen/" in url or "partners/" in url]
    object_urls = [
        u for u in object_urls if not u.endswith(("toevoegen/", "organisatie/", "doelen/nieuw/"))
    ]
    assert len(object_urls) == 7
    client.force_login(editor)
    before = written_count()
    for url, data in writes:
        if url in object_urls:
            assert client.post(url, data).status_code == 404, url
    assert written_count() == before
