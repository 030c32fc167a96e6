"""Sections other apps add to the public coalition page: a small registry.

`coalitions` does not import the apps built on it, so an app registers, from its
`AppConfig.ready()`, the templates it renders on `/coalities/<slug>/` and a function giving
their context for one coalition. The function must ask a fixed number of queries (the page's
query count may not grow with the data) and return nothing about people.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PublicSection:
    templates: tuple[str, ...]
    context: Callable[[object], dict]


_sections: list[PublicSection] = []


def register(*templates: str, context: Callable[[object], dict]) -> None:
    """Show `templates` (in order) on every public coalition page, with `context(coalition)`."""
    _sections.append(PublicSection(tuple(templates), context))


def context_for(coalition) -> dict:
    """The registered sections' context, plus `public_section_templates` to include in order."""
    context: dict = {"public_section_templates": []}
    for section in _sections:
        context.update(section.context(coalition))
        context["public_section_templates"].extend(section.templates)
    return context
