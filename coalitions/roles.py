"""Who counts as a Pharos adviser: the one fact about a user that the models need too.

Separate from permissions.py so that models.py (QuerySets such as `visible_to`) and
permissions.py (which builds on the models) can both use it without importing each other.
"""

PHAROS_GROUP = "Pharos-adviseurs"


def is_pharos(user) -> bool:
    """True for Pharos advisers and superusers (cached on the user object per request)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not hasattr(user, "_is_pharos"):
        user._is_pharos = user.is_superuser or user.groups.filter(name=PHAROS_GROUP).exists()
    return user._is_pharos
