"""The workspace's one navigation and breadcrumb, built from `workspace_sections`
(coalitions/extensions.py): every workspace page shows the same tabs, the open section's
sub-sections and the trail Werkruimte / <coalitie> / <sectie> / <sub-sectie>."""

from django.urls import reverse

from coalitions.extensions import WorkspaceSection, workspace_sections
from coalitions.permissions import can_edit


def workspace_navigation(user, coalition, path: str) -> dict:
    """The sections `user` may open, each with its URL and whether `path` lies in it; asks no
    query beyond the user's (cached) roles."""
    editor = can_edit(user, coalition)

    def link(item):
        return {"label": item.label, "url": reverse(item.url_name, args=[coalition.slug])}

    sections = []
    for section in workspace_sections:
        if section.edit_only and not editor:
            continue
        entry = link(section)
        entry["children"] = [
            link(child) for child in section.children if editor or not child.edit_only
        ]
        sections.append(entry)

    # The page belongs to the (sub-)section with the longest URL that starts its path.
    best, best_len = None, -1
    for entry in sections:
        for candidate, parent in [(entry, entry)] + [(c, entry) for c in entry["children"]]:
            url = candidate["url"]
            if path.startswith(url) and len(url) > best_len:
                best, best_len = (parent, candidate), len(url)
    trail = []
    if best:
        section, item = best
        for entry in (section, item) if item is not section else (section,):
            entry["active"] = True
            entry["current"] = "page" if path == entry["url"] else "true"
            trail.append(entry)
    return {
        "sections": sections,
        "open": best[0] if best else None,
        "trail": trail,
        "can_edit": editor,
    }


def section_urls(coalition, *, editor: bool) -> list[str]:
    """Every (sub-)section URL a user with or without the editor role may open (the tests walk
    them)."""
    urls = []
    for section in workspace_sections:
        for item in (section, *section.children):
            if editor or not item.edit_only:
                urls.append(reverse(item.url_name, args=[coalition.slug]))
    return urls


__all__ = ["WorkspaceSection", "workspace_navigation", "section_urls"]
