"""What the apps built on `coalitions` add to its pages (see common/extensions.py).

- `public_sections`: sections of the public coalition page (`PublicSection`): templates and
  a context function for one coalition. The function asks a fixed number of queries (the
  page's query count may not grow with the data) and returns nothing about people.
- `attention_checks`: what the workspace lists as needing the editor's attention.
- `staleness_sources`: other parts of a coalition whose last change the stale page shows.
- `history_sources`: events the coalition's history page shows.
- `admin_inlines`: inlines on the coalition's admin page.
- `workspace_panels`: panels on the workspace's start page (the user's notifications).
- `dashboard_cards`: cards on a coalition's workspace overview (this quarter's werkagenda,
  open knelpunten, pillar levels).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from common.extensions import ExtensionPoint


@dataclass(frozen=True)
class PublicSection:
    """`contents`: (anchor id, label) per heading the templates render, for the page's table
    of contents; `summary_links`: (label, URL name reversed with the coalition's slug) shown
    prominently in the page's summary."""

    key: str
    templates: tuple[str, ...]
    context: Callable[[object], dict]
    contents: tuple[tuple[str, str], ...] = ()
    summary_links: tuple[tuple[str, str], ...] = ()


public_sections: ExtensionPoint[PublicSection] = ExtensionPoint(
    "public_sections", key=lambda section: section.key
)


def public_context(coalition) -> dict:
    """The registered sections' context, plus `public_section_templates` to include in order,
    `public_section_contents` [(anchor, label)] and `public_summary_links` [(label, url)]."""
    context: dict = {
        "public_section_templates": [],
        "public_section_contents": [],
        "public_summary_links": [],
    }
    for section in public_sections:
        context.update(section.context(coalition))
        context["public_section_templates"].extend(section.templates)
        context["public_section_contents"].extend(section.contents)
        context["public_summary_links"].extend(
            (label, reverse(url_name, args=[coalition.slug]))
            for label, url_name in section.summary_links
        )
    return context


# --- The workspace's attention list --------------------------------------------------------
# `AttentionCheck`s (coalitions/attention.py), keyed by their `code`: each annotates the
# workspace QuerySet and turns an annotated coalition into attention items without queries.
attention_checks: ExtensionPoint = ExtensionPoint("attention_checks", key=lambda c: c.code)


# --- When other parts of a coalition were last changed (Pharos' stale-data page) ----------


@dataclass(frozen=True)
class StalenessSource:
    """A part of a coalition's data whose last change the stale-data page shows; `expression()`
    gives per coalition (`OuterRef("pk")`) the datetime it was last changed. Information only:
    the stale rule itself is `Coalition.objects.stale()` (the status update's date)."""

    key: str
    label: str
    expression: Callable[[], object]


staleness_sources: ExtensionPoint[StalenessSource] = ExtensionPoint(
    "staleness_sources", key=lambda source: source.key
)


# --- The coalition's history page ----------------------------------------------------------
# Functions `source(coalition) -> (events QuerySet newest first, {model: {pk: obj}})`
# (coalitions/history.py).
history_sources: ExtensionPoint[Callable] = ExtensionPoint("history_sources")


# --- Inlines on the coalition's admin page ------------------------------------------------
# Admin inline classes of the apps built on coalitions (partners: the partnerships).
admin_inlines: ExtensionPoint[type] = ExtensionPoint("admin_inlines")


# --- Running work on the denkraam's pillars and elements (the pijlerdekking page) --------


@dataclass(frozen=True)
class SubjectWork:
    """One piece of running work on a pillar (`subject_field` "pillar") or a cross-cutting
    element ("element") of the denkraam, with the workspace URL that shows it."""

    coalition_id: int
    subject_field: str
    subject_id: int
    title: str
    url: str


# Functions `source(coalition_ids) -> Iterable[SubjectWork]` asking a fixed number of queries
# (experiments: its running werkagenda items); read by pijlers/coverage.py.
denkraam_work_sources: ExtensionPoint[Callable] = ExtensionPoint("denkraam_work_sources")


# --- Panels on the workspace's start page ------------------------------------------------


@dataclass(frozen=True)
class WorkspacePanel:
    """A panel on the workspace's start page (e.g. the user's latest notifications): a template
    and `context(request) -> dict`, a fixed number of queries, read as `panel` there."""

    key: str
    template: str
    context: Callable[[object], dict]


workspace_panels: ExtensionPoint[WorkspacePanel] = ExtensionPoint(
    "workspace_panels", key=lambda panel: panel.key
)


def workspace_panel_context(request) -> list[tuple[str, dict]]:
    """(template, context) of every registered panel, in order."""
    return [(panel.template, panel.context(request)) for panel in workspace_panels]


# --- Cards on a coalition's workspace overview (the dashboard) -----------------------------


@dataclass(frozen=True)
class DashboardCard:
    """A card on a coalition's workspace overview: a template and
    `context(coalition, *, today) -> dict` asking a fixed number of queries, read as `card`
    in the template. `coalition` comes from `Coalition.objects.for_workspace()` (the attention
    checks' annotations are on it)."""

    key: str
    template: str
    context: Callable[..., dict]


dashboard_cards: ExtensionPoint[DashboardCard] = ExtensionPoint(
    "dashboard_cards", key=lambda card: card.key
)


def dashboard_card_context(coalition, *, today) -> list[tuple[str, dict]]:
    """(template, context) of every registered card, in order."""
    return [(card.template, card.context(coalition, today=today)) for card in dashboard_cards]


# --- The workspace's one navigation ---------------------------------------------------------


@dataclass(frozen=True)
class WorkspaceLink:
    """A page of a coalition's workspace, reversed with the coalition's slug. `edit_only`: only
    the coalition's editors may open it, so nobody else is shown the link."""

    label: str
    url_name: str
    edit_only: bool = False


@dataclass(frozen=True)
class WorkspaceSection(WorkspaceLink):
    """A section of the workspace's navigation, with its sub-sections (shown under the tabs
    while the section is open). Every page whose path starts with a (sub-)section's URL
    belongs to it; the longest matching URL wins, so `/werkruimte/<slug>/` (Overzicht) only
    catches what no other section claims."""

    children: tuple[WorkspaceLink, ...] = ()


# Registered by each app from its AppConfig.ready() (coalitions: Overzicht, Status, ...;
# partners: Partners, Partnerkaart; pijlers: Denkraam; experiments: Werkagenda, Afspraken);
# read by the `workspace_nav` template tag (coalitions/navigation.py).
workspace_sections: ExtensionPoint[WorkspaceSection] = ExtensionPoint(
    "workspace_sections", key=lambda section: section.url_name
)
