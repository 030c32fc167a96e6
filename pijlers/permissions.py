"""Who may do what in the denkraam. Coalition pages use coalitions.permissions; this adds the
one rule of its own: whose figures (monitoring measurements) an editor may write.

A coalition's editors write figures only for the coalition's running gemeenten, which Pharos
assigns (coalitions.CoalitionGemeente): never for another coalition's gemeente, nor national
figures (no gemeente). Those are Pharos' work in the admin. The measurement form, the
workspace list and delete, and the workspace import all ask the functions below.

(These read like a QuerySet method of Measurement; they live here while pijlers/models.py is
being split into a package, and may move onto its QuerySet afterwards.)
"""

from coalitions.permissions import can_edit
from pijlers.models import Measurement


def figure_gemeenten(user, coalition):
    """The gemeenten whose figures `user` may enter, import and remove in `coalition`'s
    workspace: its running gemeenten for its editors, none for anyone else."""
    if not can_edit(user, coalition):
        return coalition.gemeenten.none()
    return coalition.gemeenten.order_by("name")


def writable_measurements(user, coalition):
    """The stored figures `user` may remove in `coalition`'s workspace: those of
    `figure_gemeenten`, never a national one."""
    return Measurement.objects.for_coalition(coalition).filter(
        gemeente__in=figure_gemeenten(user, coalition)
    )


def import_gemeenten_for(user, coalition) -> set[str]:
    """CBS codes of `figure_gemeenten`: what the workspace import accepts."""
    return set(figure_gemeenten(user, coalition).values_list("cbs_code", flat=True))
