"""Who may do what in the denkraam. Coalition pages use coalitions.permissions; this adds the
one rule of its own: which gemeenten an editor may import figures for."""

from coalitions.models import Coalition, Gemeente


def import_gemeenten_for(user) -> set[str]:
    """CBS codes of the gemeenten of every coalition `user` edits (empty for everyone else).

    National figures and other gemeenten are Pharos' work in the admin.
    """
    coalitions = Coalition.objects.editable_by(user)
    return set(
        Gemeente.objects.filter(coalitions__in=coalitions).values_list("cbs_code", flat=True)
    )
