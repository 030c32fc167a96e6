"""The partner map's links from the werkagenda and agreements (see partners/connections.py).

Registered from `ExperimentsConfig.ready()`: `partners` must not import this app, so this app
plugs itself in. Two partner organisations are linked when both take part in a *published*
work item (as trekker or participant) or both signed an agreement.

Only published items count because the partner map is a public page: an unpublished item is
the coalition's internal business, and a link ("samen in 1 werkagenda-onderdeel") would give
away that it exists. Agreements count in full: their signatory organisations are public facts
(the public werkagenda shows them). So the figure reads the same for every visitor.
"""

from django.utils.translation import ngettext

from experiments.models import WorkItem


def shared_work_and_agreements(coalition, partnerships):
    """Pairs that share published work items or agreements, with the numbers as the reason.

    Two queries (`WorkItemQuerySet.partner_connections`), whatever the size of the coalition.
    """
    connections = WorkItem.objects.published().partner_connections(coalition=coalition)
    for connection in connections.get(coalition.pk, []):
        a, b = connection.organisation_a_id, connection.organisation_b_id
        if connection.work_items:
            yield (
                a,
                b,
                ngettext(
                    "samen in %(n)d werkagenda-onderdeel",
                    "samen in %(n)d werkagenda-onderdelen",
                    connection.work_items,
                )
                % {"n": connection.work_items},
            )
        if connection.agreements:
            yield (
                a,
                b,
                ngettext(
                    "samen %(n)d afspraak ondertekend",
                    "samen %(n)d afspraken ondertekend",
                    connection.agreements,
                )
                % {"n": connection.agreements},
            )
