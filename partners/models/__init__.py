"""Partner organisations, their membership of coalitions and their contact people: the
vocabulary (choices) and the models (partnerships). Everything is importable from
`partners.models`.
"""

from partners.models.choices import (
    CATEGORY_DOMAIN,
    NETHERLANDS_LATITUDE,
    NETHERLANDS_LONGITUDE,
    SHARED_ORGANISATION_MESSAGE,
    Category,
    Domain,
    Level,
    PartnerRole,
    choice_label,
    kvk_validator,
    normalise_postcode,
    postcode_validator,
)
from partners.models.meetings import (
    Meeting,
    MeetingLevel,
    MeetingParticipant,
    MeetingQuerySet,
)
from partners.models.partnerships import (
    CoalitionPartner,
    CoalitionPartnerQuerySet,
    ContactPerson,
    ContactPersonQuerySet,
    Organisation,
    OrganisationMatcher,
    OrganisationQuerySet,
    organisation_field_on,
)
from partners.models.paths import ReferralPath, ReferralPathQuerySet, ReferralStep
from partners.models.relations import (
    DIRECTED_KINDS,
    PartnerRelation,
    PartnerRelationQuerySet,
    RelationKind,
)

__all__ = [
    "Domain",
    "Category",
    "Level",
    "PartnerRole",
    "normalise_postcode",
    "choice_label",
    "CATEGORY_DOMAIN",
    "postcode_validator",
    "kvk_validator",
    "SHARED_ORGANISATION_MESSAGE",
    "NETHERLANDS_LATITUDE",
    "NETHERLANDS_LONGITUDE",
    "OrganisationMatcher",
    "OrganisationQuerySet",
    "organisation_field_on",
    "Organisation",
    "CoalitionPartnerQuerySet",
    "CoalitionPartner",
    "ContactPersonQuerySet",
    "ContactPerson",
    "RelationKind",
    "DIRECTED_KINDS",
    "PartnerRelationQuerySet",
    "PartnerRelation",
    "ReferralPathQuerySet",
    "ReferralPath",
    "ReferralStep",
    "MeetingLevel",
    "MeetingQuerySet",
    "Meeting",
    "MeetingParticipant",
]

# The page-cache version triggers of these tables (common/page_cache.py).
from partners.models import cache_versions  # noqa: E402, F401
