"""One look and one language across the public pages, the workspace and the Pharos admin."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders


def test_public_pages_carry_the_wordmark_the_icon_and_the_theme(client, db):
    html = client.get("/").content.decode()
    assert 'class="wordmark"' in html and ">Kansrijke Start</span>" in html
    assert re.search(r'<img class="wordmark__icon" src="[^"]*favicon[^"]*\.svg" alt=""', html)
    assert html.index("bootstrap.min") < html.index("css/tokens.css") < html.index("css/site.css")
    assert 'aria-label="Hoofdmenu"' in html and 'class="site-footer"' in html


def test_the_theme_tokens_are_one_file_that_site_and_admin_styles_build_on():
    tokens = Path(finders.find("css/tokens.css")).read_text(encoding="utf-8")
    assert "--ks-color-primary:" in tokens and "--ks-focus-outline-color:" in tokens
    for name in ("css/site.css", "css/admin.css"):
        css = Path(finders.find(name)).read_text(encoding="utf-8")
        assert "var(--ks-color-primary)" in css, name


def test_admin_header_is_the_wordmark_with_a_capitalised_dutch_title(client, pharos):
    client.force_login(pharos)
    html = client.get("/admin/").content.decode()
    assert "Kansrijke Start – Beheer" in html
    assert "<title>Overzicht | Kansrijke Start – Beheer</title>" in html
    assert "css/admin.css" in html and "css/tokens.css" in html
    assert "dark_mode.css" not in html  # one light look, as on the public pages


def test_admin_screen_reader_headers_are_dutch(client, pharos):
    client.force_login(pharos)
    html = client.get("/admin/").content.decode()
    for english in ("Skip to main content", "Model name", "Add link", "Change or view list link"):
        assert english not in html
    assert "Naar hoofdinhoud" in html
    assert '<th scope="col">Gegevenssoort</th>' in html
    assert '<th scope="col">Lijst bekijken of wijzigen</th>' in html


def test_admin_search_field_is_labelled_in_dutch(client, superuser):
    client.force_login(superuser)
    html = client.get("/admin/partners/organisation/").content.decode()
    assert 'alt="Zoeken"' in html and 'alt="Search"' not in html


def test_admin_add_page_title_starts_with_a_capital(client, superuser):
    """Django's Dutch puts the lower-case model name first ("organisatie toevoegen")."""
    client.force_login(superuser)
    html = client.get("/admin/partners/organisation/add/").content.decode()
    assert "<h1>Organisatie toevoegen</h1>" in html
    assert "<title>Organisatie toevoegen | Kansrijke Start – Beheer</title>" in html
