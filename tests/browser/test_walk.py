"""A walk past every main page, at a desk (1366 px) and on a phone (390 px).

Per role one test and one browser context (the demo data loads once per test): public pages
anonymously, the workspace as Delft's editor and member, and the Pharos admin. Every page at
every width is a subtest named `<page> @ <width>px`, so a failure says which page, which width
and what broke: sideways scroll (with the elements that stick out), axe-core's serious and
critical violations (rule and element), JavaScript errors, and, on workspace pages, section
links missing from the navigation. Screenshots land in test-output/walk/<page>-<width>.png.

The workspace's pages come from its one navigation (`workspace_sections`), never from a list
of our own, so a new section is walked (and required in every page's navigation) as it comes.
"""

from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.text import slugify

from coalitions.extensions import workspace_sections
from coalitions.models import Coalition
from experiments.models import Agreement
from tests.browser import journeys_support
from tests.browser.conftest import OUTPUT_DIR, axe_violations, login_as, page_errors, screenshot
from tests.factories import BottleneckFactory, ResultFactory, ThemeFactory, WorkItemFactory

demo = journeys_support.demo

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)
HEIGHT = {1366: 900, 390: 844}
WORKSPACE_NAV = 'nav[aria-label="Onderdelen van de werkruimte"]'
SLUG = "delft"

# The elements that reach past the viewport's right edge, outermost first (why a page scrolls).
STICKING_OUT = """() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.body.querySelectorAll('*')) {
        const box = el.getBoundingClientRect();
        if (box.right <= width + 1 || box.width === 0) continue;
        if (out.some(o => o.el.contains(el))) continue;
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
            + (el.classList.length ? '.' + [...el.classList].join('.') : '');
        out.push({el, text: `${name} (right edge ${Math.round(box.right)} px)`});
        if (out.length >= 5) break;
    }
    return out.map(o => o.text);
}"""


@dataclass(frozen=True)
class Stop:
    """A page on the walk: `name` names its subtest and screenshot; `tolerated`: axe rules
    that markup we do not write breaks there (say why where the stop is listed)."""

    name: str
    path: str
    tolerated: tuple[str, ...] = ()


def workspace_stops(coalition, *, editor: bool) -> list[Stop]:
    """Every (sub-)section of the workspace's one navigation that the role may open."""
    stops = []
    for section in workspace_sections:
        if section.edit_only and not editor:
            continue
        stops.append(Stop(f"werkruimte-{slugify(section.label)}", _url(section, coalition)))
        for child in section.children:
            if editor or not child.edit_only:
                name = f"werkruimte-{slugify(section.label)}-{slugify(child.label)}"
                stops.append(Stop(name, _url(child, coalition)))
    return stops


def section_urls(coalition, *, editor: bool) -> set[str]:
    """The sections every workspace page must link to (their sub-sections show per section)."""
    return {
        _url(section, coalition)
        for section in workspace_sections
        if editor or not section.edit_only
    }


def _url(link, coalition) -> str:
    return reverse(link.url_name, args=[coalition.slug])


def walk(page, subtests, stops, *, sections=frozenset()):
    """Open every stop at every width and check it; `sections`: the section URLs every
    workspace page (a path under /werkruimte/<slug>/) must link to."""
    (OUTPUT_DIR / "walk").mkdir(parents=True, exist_ok=True)
    for stop in stops:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": HEIGHT[width]})
            page.uncaught_errors.clear()
            page.console_errors.clear()
            with subtests.test(msg=f"{stop.name} @ {width}px ({stop.path})"):
                check(page, stop, width, sections)


def check(page, stop, width, sections):
    response = page.goto(stop.path)
    assert response is not None and response.ok, f"HTTP {response and response.status}"
    here = page.url.removeprefix(page.live_server_url)
    assert here == stop.path, f"sent on to {here}"
    screenshot(page, f"walk/{stop.name}-{width}")
    problems = []
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll > client:
        problems.append(
            f"scrolls sideways: {scroll} px wide in a {client} px viewport; sticking out: "
            + "; ".join(page.evaluate(STICKING_OUT))
        )
    for v in axe_violations(page):
        if v["id"] in stop.tolerated:
            continue
        targets = ", ".join(" ".join(t) for t in v["targets"][:5])
        problems.append(f"axe {v['impact']} {v['id']} ({v['help']}) at {targets}")
    problems += [f"JavaScript: {error}" for error in page_errors(page)]
    if stop.path.startswith(f"/werkruimte/{SLUG}/"):
        links = set(
            page.eval_on_selector_all(
                f"{WORKSPACE_NAV} a[href]", "links => links.map(a => a.getAttribute('href'))"
            )
        )
        missing = sorted(sections - links)
        if missing:
            problems.append(f"navigation lacks the sections {', '.join(missing)}")
    assert not problems, "\n".join(problems)


def test_public_pages(page, demo, subtests, monkeypatch):
    # Four rows a page, so the nine demo coalitions show the pager (and page 2 exists).
    monkeypatch.setattr("coalitions.views.PUBLIC_LIST_PAGE_SIZE", 4)
    stops = [
        Stop("home", "/"),
        Stop("home-pagina-2", "/?pagina=2"),
        Stop("home-filter", "/?province=NH&sort=fase"),
        Stop("coalitie", "/coalities/delft/"),
        Stop("partnerkaart", "/coalities/delft/partners/"),
        Stop("netwerk", "/coalities/delft/netwerk/"),
        Stop("werkagenda", "/coalities/utrecht/werkagenda/"),
        Stop("leren", "/leren/"),
        Stop("leren-zoeken", "/leren/?q=ouders"),
        # Swagger UI puts a button inside its operation's summary button; not ours to change
        # (swagger-api/swagger-ui#9576). Its contrast and the page's language we do fix.
        Stop("api-docs", "/api/docs", tolerated=("nested-interactive",)),
        Stop("inloggen", "/accounts/login/"),
    ]
    walk(page, subtests, stops)


def test_workspace_pages_for_an_editor(page, demo, subtests):
    """Every section and sub-section, and the forms an editor fills in most (the agreement's
    with Delft's eight signatories)."""
    delft = Coalition.objects.get(slug=SLUG)
    # Delft's demo werkagenda is empty: one item with a theme, a knelpunt and a result.
    theme = ThemeFactory(coalition=delft, name="Kwetsbare zwangeren")
    item = WorkItemFactory(coalition=delft, title="Samen naar de verloskundige", themes=[theme])
    BottleneckFactory(work_item=item)
    ResultFactory(work_item=item)
    agreement = Agreement.objects.filter(coalition=delft).first()
    login_as(page, get_user_model().objects.get(username="adviseur-delft"))
    w = f"/werkruimte/{SLUG}"
    stops = [
        Stop("werkruimte-index", "/werkruimte/"),
        *workspace_stops(delft, editor=True),
        Stop("werkruimte-onderdeel", f"{w}/werkagenda/{item.pk}/"),
        Stop("werkruimte-onderdeel-nieuw", f"{w}/werkagenda/nieuw/"),
        Stop("werkruimte-afspraak", f"{w}/afspraken/{agreement.pk}/"),
        Stop("werkruimte-afspraak-bewerken", f"{w}/afspraken/{agreement.pk}/bewerken/"),
        Stop("werkruimte-partner-toevoegen", f"{w}/partners/toevoegen/"),
        Stop("werkruimte-pijler-beoordelen", f"{w}/denkraam/pijler/1/beoordelen/"),
    ]
    walk(page, subtests, stops, sections=section_urls(delft, editor=True))


def test_workspace_pages_for_a_member(page, demo, subtests):
    """A member sees the same navigation without the editors' sections, and the partner map
    with its contacts inside the workspace."""
    delft = Coalition.objects.get(slug=SLUG)
    login_as(page, get_user_model().objects.get(username="lid-delft"))
    stops = [
        Stop("lid-overzicht", f"/werkruimte/{SLUG}/"),
        Stop("lid-partnerkaart", f"/werkruimte/{SLUG}/partnerkaart/"),
    ]
    walk(page, subtests, stops, sections=section_urls(delft, editor=False))


def test_pharos_pages(page, demo, subtests):
    delft = Coalition.objects.get(slug=SLUG)
    login_as(page, get_user_model().objects.get(username="pharos"))
    stops = [
        Stop("pharos-beheer", "/admin/"),
        Stop("pharos-coalities", "/admin/coalitions/coalition/"),
        Stop("pharos-coalitie", f"/admin/coalitions/coalition/{delft.pk}/change/"),
        Stop("pharos-organisaties", "/admin/partners/organisation/"),
        Stop("pharos-overzicht", "/admin/pharos/"),
        Stop("pharos-voortgangsrapportage", "/admin/pharos/voortgangsrapportage/"),
        Stop("pharos-rollen", "/admin/pharos/rollen/"),
        Stop("pharos-rollen-delft", f"/admin/pharos/rollen/{SLUG}/"),
    ]
    walk(page, subtests, stops)
