"""The one extension mechanism: higher apps add to lower apps' pages, in a stable order."""

from coalitions.extensions import public_sections
from common.extensions import ExtensionPoint
from partners.extensions import connection_sources


def test_registering_the_same_contribution_twice_keeps_one():
    point = ExtensionPoint("test")

    def source():
        return None

    point.register(source)
    point.register(source)
    assert list(point) == [source]


def test_contributions_come_in_their_order_then_in_registration_order():
    point = ExtensionPoint("test", key=str)
    for name, order in [("c", 20), ("a", 10), ("b", 10)]:
        point.register(name, order=order)
    assert list(point) == ["a", "b", "c"]


def test_re_registering_a_key_replaces_it_in_place():
    point = ExtensionPoint("test", key=lambda item: item[0])
    point.register(("x", 1))
    point.register(("y", 1))
    point.register(("x", 2))
    assert list(point) == [("x", 2), ("y", 1)]


def test_the_apps_register_their_sections_and_sources_when_django_starts():
    # The werkagenda comes before the denkraam on the public coalition page.
    assert [section.key for section in public_sections] == ["experiments", "pijlers"]
    names = [source.__name__ for source in connection_sources]
    assert names[:2] == ["shared_levels", "shared_core_role"]
    assert "shared_work_and_agreements" in names


def test_unregistering_removes_a_contribution():
    point = ExtensionPoint("test")
    point.register("a")
    point.unregister("a")
    point.unregister("never registered")
    assert list(point) == []


def test_every_app_plugs_into_the_coalition_pages_through_the_same_points():
    from coalitions.extensions import (
        admin_inlines,
        attention_checks,
        history_sources,
        staleness_sources,
    )

    assert [check.code for check in attention_checks][0] == "stale_status"
    assert {check.code for check in attention_checks} >= {
        "stale_status",
        "pillar_without_assessment",
        "open_bottlenecks",
    }
    assert {source.key for source in staleness_sources} == {"partners", "assessment"}
    assert [source.__name__ for source in history_sources] == [
        "_coalition_rows",
        "organisation_history",
        "contact_history",
        "item_history",
        "escalation_history",
        "signatory_history",
        "figure_history",
        "palette_history",
    ]
    assert [inline.__name__ for inline in admin_inlines] == ["CoalitionPartnerInline"]
