"""What the apps built on `coalitions` add to its pages (see common/extensions.py).

- `public_sections`: sections of the public coalition page (`PublicSection`): templates and
  a context function for one coalition. The function asks a fixed number of queries (the
  page's query count may not grow with the data) and returns nothing about people.
"""

from collections.abc import Callable
from dataclasses import dataclass

from common.extensions import ExtensionPoint


@dataclass(frozen=True)
class PublicSection:
    key: str
    templates: tuple[str, ...]
    context: Callable[[object], dict]


public_sections: ExtensionPoint[PublicSection] = ExtensionPoint(
    "public_sections", key=lambda section: section.key
)


def public_context(coalition) -> dict:
    """The registered sections' context, plus `public_section_templates` to include in order."""
    context: dict = {"public_section_templates": []}
    for section in public_sections:
        context.update(section.context(coalition))
        context["public_section_templates"].extend(section.templates)
    return context
