"""Which of this app's tables bump which page-cache version (common/page_cache.py)."""

from common.page_cache import register
from partners.models.meetings import Meeting, MeetingParticipant
from partners.models.partnerships import CoalitionPartner, ContactPerson, Organisation
from partners.models.paths import ReferralPath, ReferralStep
from partners.models.relations import PartnerRelation

# An organisation shows only through its partnerships (running or ended), so a change bumps
# every coalition it is or was a partner of: exact, and an edit in one workspace does not
# empty the cache of the 299 other coalitions (the reference version would).
register(
    Organisation,
    coalitions="SELECT p.coalition_id FROM {rows} r"
    " JOIN partners_coalitionpartner p ON p.organisation_id = r.id",
)
register(CoalitionPartner, coalitions="coalition_id")
register(
    ContactPerson,
    coalitions="SELECT p.coalition_id FROM {rows} r"
    " JOIN partners_coalitionpartner p ON p.id = r.partnership_id",
)
register(Meeting, coalitions="coalition_id")
register(
    MeetingParticipant,
    coalitions="SELECT m.coalition_id FROM {rows} r JOIN partners_meeting m ON m.id = r.meeting_id",
)
register(PartnerRelation, coalitions="coalition_id")
register(ReferralPath, coalitions="coalition_id")
register(
    ReferralStep,
    coalitions="SELECT p.coalition_id FROM {rows} r"
    " JOIN partners_referralpath p ON p.id = r.path_id",
)
