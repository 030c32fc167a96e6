"""The permission matrix: which role may do what on every URL of the project.

Adding a URL? Add ONE line to `URL_ACCESS` below: its namespaced name and its access class.
If the URL takes a keyword the matrix does not know yet, add one line to `SAMPLE_KWARGS`
(kwarg name -> function of the `World` of test objects). If no class fits, add one to
`ACCESS_CLASSES` (expected outcome per role, for GET and for an empty POST).
Every URL under /admin/ (the `admin:*` names, and our own pages mounted there) is covered by
one rule (staff only) and needs no entry.

A new keyword also goes into one of COALITION_KWARGS, OBJECT_KWARGS or SHARED_KWARGS. An
object's keyword (OBJECT_KWARGS) makes tests/security/test_cross_coalition_matrix.py try the
URL with the other coalition's object; a form that offers objects to choose from is tried with
the other coalition's objects without any entry (a new kind of object needs one line in
OTHER_COALITIONS_CHOICE there).

Each request runs in a transaction that is rolled back, so an empty POST that deletes or ends
something (allowed for editors: class `coalition_write` accepts 200 or a redirect) leaves
the sample objects in place for the next URL.
"""

import datetime
from dataclasses import dataclass, field

import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ["anonymous", "outsider", "member", "editor", "other_editor", "pharos", "superuser"]

# Outcomes a response can have (see `outcome_of`).
OK = "200"
REDIRECT = "redirect"  # 302 anywhere except a login page
LOGIN = "login"  # 302 to the site's login page
ADMIN_LOGIN = "admin_login"  # 302 to the admin's login page
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"


def expect(anonymous, outsider, member, editor, other_editor, pharos, superuser):
    """One row of a class: the allowed outcome(s) per role, in ROLES order."""
    values = [anonymous, outsider, member, editor, other_editor, pharos, superuser]
    return {
        role: frozenset(v if isinstance(v, set | frozenset) else {v})
        for role, v in zip(ROLES, values, strict=True)
    }


# For write URLs of coalition A: an empty POST is a form with errors (200) or a done action (302).
FORM = {OK, REDIRECT}
# A read-only page may answer a POST like a GET or refuse the method.
READ = {OK, NOT_ALLOWED}
# Anonymous users are sent to the login page or told the page does not exist.
ANON_DENIED = {LOGIN, NOT_FOUND}

ACCESS_CLASSES = {
    # Anyone, logged in or not (public coalition pages: no personal data on them).
    "public": {
        "GET": expect(OK, OK, OK, OK, OK, OK, OK),
        "POST": expect(READ, READ, READ, READ, READ, READ, READ),
    },
    # The login page: logged-in users are sent on.
    "login": {
        "GET": expect(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
        "POST": expect(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    },
    # Logout only by POST (a link or image cannot log someone out).
    "logout": {
        "GET": expect(*[NOT_ALLOWED] * 7),
        "POST": expect(*[REDIRECT] * 7),
    },
    # Any logged-in user (own workspace, own password).
    "login_required": {
        "GET": expect(LOGIN, OK, OK, OK, OK, OK, OK),
        "POST": expect(LOGIN, FORM | READ, FORM | READ, FORM | READ, FORM | READ, FORM | READ,
                       FORM | READ),
    },
    # Internal pages of coalition A (contact people!): its members, editors, Pharos, superusers.
    "coalition_read": {
        "GET": expect(ANON_DENIED, NOT_FOUND, OK, OK, NOT_FOUND, OK, OK),
        "POST": expect(ANON_DENIED, NOT_FOUND, READ, READ, NOT_FOUND, READ, READ),
    },
    # Changing coalition A: its editors only; Pharos and superusers read but do not change.
    "coalition_write": {
        "GET": expect(ANON_DENIED, NOT_FOUND, FORBIDDEN, OK, NOT_FOUND, FORBIDDEN, FORBIDDEN),
        "POST": expect(ANON_DENIED, NOT_FOUND, FORBIDDEN, FORM, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    # A page of coalition A that its readers see and whose form only its editors may post
    # (e.g. the status page: history for all, the new-update form for editors).
    "coalition_read_post_write": {
        "GET": expect(ANON_DENIED, NOT_FOUND, OK, OK, NOT_FOUND, OK, OK),
        "POST": expect(ANON_DENIED, NOT_FOUND, FORBIDDEN, FORM, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    # A button of coalition A that only POSTs (delete, end): GET is refused for everyone.
    "coalition_post_only": {
        "GET": expect(ANON_DENIED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED,
                      NOT_ALLOWED, NOT_ALLOWED),
        "POST": expect(ANON_DENIED, NOT_FOUND, FORBIDDEN, FORM, NOT_FOUND, FORBIDDEN, FORBIDDEN),
    },
    # Pharos advisers and superusers only (e.g. the half-year report).
    "pharos": {
        "GET": expect(ANON_DENIED, {FORBIDDEN, NOT_FOUND}, {FORBIDDEN, NOT_FOUND},
                      {FORBIDDEN, NOT_FOUND}, {FORBIDDEN, NOT_FOUND}, OK, OK),
        "POST": expect(ANON_DENIED, {FORBIDDEN, NOT_FOUND}, {FORBIDDEN, NOT_FOUND},
                       {FORBIDDEN, NOT_FOUND}, {FORBIDDEN, NOT_FOUND}, FORM | READ, FORM | READ),
    },
    # Like "public", but personal links (password reset, unsubscribe) that are never cached.
    "public_never_cached": {
        "GET": expect(OK, OK, OK, OK, OK, OK, OK),
        "POST": expect(READ, READ, READ, READ, READ, READ, READ),
    },
    # The one-time link of an invitation (a valid one in the sample): the invited person makes
    # an account; a logged-in user with another e-mail address is refused.
    "invitation_link": {
        "GET": expect(OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
        "POST": expect(OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    },
    # Single sign-on hand-offs (only with OIDC configured): always a redirect, never a page.
    "sso": {
        "GET": expect(*[{REDIRECT, LOGIN, NOT_ALLOWED}] * 7),
        "POST": expect(*[{REDIRECT, LOGIN, NOT_ALLOWED}] * 7),
    },
    # The open data API's Pharos part: a Pharos token only (kansrijke/api), no login opens it;
    # a POST to these read-only addresses is refused.
    "api_token": {
        "GET": expect(*["401"] * 7),
        "POST": expect(*[{"401", NOT_ALLOWED}] * 7),
    },
    # An address that only sends on to another public one (/api/ to its docs).
    "public_redirect": {
        "GET": expect(*[REDIRECT] * 7),
        "POST": expect(*[{REDIRECT, NOT_ALLOWED}] * 7),
    },
    # For a machine's token only (Prometheus' /metrics): no login opens it; 404 unconfigured.
    "token": {
        "GET": expect(*[{NOT_FOUND, "401"}] * 7),
        "POST": expect(*[{NOT_FOUND, "401"}] * 7),
    },
}  # fmt: skip

# Every URL name of the project (admin excluded) -> its access class. One line per URL.
URL_ACCESS = {
    "login": "login",
    "logout": "logout",
    "password_change": "login_required",
    "password_change_done": "login_required",
    "coalitions:public_list": "public",
    "coalitions:public_detail": "public",
    "coalitions:workspace": "login_required",
    "oidc_authentication_init": "sso",
    "oidc_authentication_callback": "sso",
    "oidc_logout": "sso",
    "metrics": "token",
    # Workspace (issue 3)
    "coalitions:workspace_detail": "coalition_read",
    "coalitions:workspace_status": "coalition_read_post_write",
    "coalitions:workspace_basics": "coalition_write",
    "coalitions:workspace_goals": "coalition_read",
    "coalitions:workspace_goal_create": "coalition_write",
    "coalitions:workspace_goal_edit": "coalition_write",
    "coalitions:workspace_history": "coalition_read",
    "partners:workspace_partners": "coalition_read",
    "partners:workspace_partner_add": "coalition_write",
    "partners:workspace_organisation_create": "coalition_write",
    "partners:workspace_partner_edit": "coalition_write",
    "partners:workspace_partner_end": "coalition_write",
    "partners:workspace_partner_reopen": "coalition_post_only",
    "coalitions:workspace_feedback_read": "coalition_post_only",
    "partners:workspace_organisation_edit": "coalition_write",
    "partners:workspace_contact_create": "coalition_write",
    "partners:workspace_contact_edit": "coalition_write",
    "partners:workspace_contact_delete": "coalition_write",
    # Partner map (issue 4): public page; contact people only for those who may see them
    "partners:workspace_relations": "coalition_read",
    "partners:workspace_relation_add": "coalition_write",
    "partners:workspace_relation_edit": "coalition_write",
    "partners:workspace_relation_end": "coalition_write",
    "partners:workspace_network": "coalition_read",
    "partners:network": "public",
    "partners:workspace_paths": "coalition_read",
    "partners:workspace_meetings": "coalition_read",
    "partners:workspace_meeting_add": "coalition_write",
    "partners:workspace_path_add": "coalition_write",
    "partners:workspace_path": "coalition_read_post_write",
    "partners:workspace_step_delete": "coalition_write",
    "partners:workspace_path_edit": "coalition_write",
    "partners:workspace_path_delete": "coalition_write",
    "partners:workspace_meeting_edit": "coalition_write",
    "partners:map": "public",
    "partners:map_export": "public",
    "partners:connections": "public",
    "partners:connections_fragment": "public",
    # Denkraam (issue 5)
    "pijlers:overview": "coalition_read",
    "pijlers:pillar": "coalition_read",
    "pijlers:assess": "coalition_write",
    "pijlers:element": "coalition_read",
    "pijlers:assess_element": "coalition_write",
    "pijlers:targets": "coalition_read",
    "pijlers:target_pillar": "coalition_write",
    "pijlers:target_element": "coalition_write",
    "pijlers:coverage": "coalition_read",
    "pijlers:progress": "coalition_read",
    "pijlers:monitoring": "coalition_read",
    "pijlers:measurement_add": "coalition_write",
    "pijlers:measurement_list": "coalition_read",
    "pijlers:measurement_delete": "coalition_post_only",
    "pijlers:measurement_import": "coalition_write",
    "pijlers:measurement_import_template": "coalition_read",
    "pijlers:palette": "coalition_read",
    "pijlers:offering_add": "coalition_write",
    "pijlers:offering_edit": "coalition_write",
    "pijlers:offering_delete": "coalition_post_only",
    "pijlers:expertise": "coalition_read",
    "pijlers:expertise_add": "coalition_write",
    "pijlers:expertise_edit": "coalition_write",
    "pijlers:expertise_delete": "coalition_post_only",
    # Werkagenda and agreements (issue 6)
    "experiments:timeline": "coalition_read",
    "experiments:item_create": "coalition_write",
    "experiments:item_detail": "coalition_read",
    "experiments:item_edit": "coalition_write",
    "experiments:bottleneck_create": "coalition_write",
    "experiments:review_create": "coalition_write",
    "experiments:review_delete": "coalition_write",
    "experiments:theme_list": "coalition_read",
    "experiments:theme_create": "coalition_write",
    "experiments:theme_edit": "coalition_write",
    "experiments:bottleneck_overview": "coalition_read",
    "experiments:bottleneck_escalate": "coalition_write",
    "experiments:bottleneck_resolve": "coalition_write",
    "experiments:agreement_list": "coalition_read",
    "experiments:agreement_create": "coalition_write",
    "experiments:agreement_detail": "coalition_read",
    "experiments:agreement_edit": "coalition_write",
    "experiments:agreement_pdf": "coalition_read",
    "experiments:public_werkagenda": "public",
    # The team of a coalition and invitations (issue 21)
    "coalitions:workspace_team": "coalition_read_post_write",
    "coalitions:workspace_invitation_resend": "coalition_post_only",
    "coalitions:workspace_invitation_revoke": "coalition_post_only",
    "coalitions:workspace_role_remove": "coalition_post_only",
    "coalitions:invitation": "invitation_link",
    # Accounts and notifications (issue 21)
    "accounts:account": "login_required",
    "accounts:password_reset": "public_never_cached",
    "accounts:password_reset_done": "public_never_cached",
    "accounts:password_reset_confirm": "public_never_cached",
    "accounts:password_reset_complete": "public_never_cached",
    "notifications:list": "login_required",
    "notifications:unsubscribe": "public_never_cached",
    "experiments:result_create": "coalition_write",
    "experiments:result_edit": "coalition_write",
    "experiments:learning": "public",
    "favicon": "public_redirect",
    "partners:workspace_map": "coalition_read",
    "partners:workspace_connections": "coalition_read",
    "partners:workspace_connections_fragment": "coalition_read",
    # The open data API (issue 18; kansrijke/api): public JSON, its schema and docs; Pharos by token
    "api:api-root": "public_redirect",
    "api:openapi-json": "public",
    "api:openapi-view": "public",
    "api:coalitions": "public",
    "api:coalition": "public",
    "api:gemeenten": "public",
    "api:werkagenda": "public",
    "api:interventies": "public",
    "api:pharos_report": "api_token",
    "api:pharos_rivm": "api_token",
}


# Names that exist only with some settings (OIDC_RP_CLIENT_ID set): not "stale" when absent.
OPTIONAL_URLS = {"oidc_authentication_init", "oidc_authentication_callback", "oidc_logout"}


@dataclass
class World:
    """The objects the sample URLs point at: everything belongs to `coalition` (A for the
    matrix; the cross-coalition matrix builds one for B too)."""

    coalition: object
    other_coalition: object
    organisation: object = None
    partnership: object = None
    contact: object = None
    status_update: object = None
    extra: dict = field(default_factory=dict)


# URL keyword -> value in coalition A's world. One line per new keyword.
SAMPLE_KWARGS = {
    "slug": lambda w: w.coalition.slug,
    "coalition_slug": lambda w: w.coalition.slug,
    "organisation_pk": lambda w: w.organisation.pk,
    "partner_pk": lambda w: w.partnership.pk,
    "partnership_pk": lambda w: w.partnership.pk,
    "contact_pk": lambda w: w.contact.pk,
    "update_pk": lambda w: w.status_update.pk,
    "fmt": lambda w: "csv",
    "item_pk": lambda w: make("WorkItemFactory", coalition=w.coalition).pk,
    "number": lambda w: 1,  # a pillar (1-5) or cross-cutting element (1-6) of the denkraam
    "token": lambda w: invitation_token(w),
    "uidb64": lambda w: "MQ",  # a password-reset link (with a token that does not fit)
    "signed": lambda w: unsubscribe_link(w),
    # A bare `pk` is ambiguous: map it per URL name in PK_FOR_URL, else the partnership's.
    "pk": lambda w: w.partnership.pk,
}

# Every keyword above is one of three kinds (a test checks that each is in exactly one):
# - it names the coalition whose address the URL is;
COALITION_KWARGS = {"slug", "coalition_slug"}
# - it names an object of one coalition: the cross-coalition matrix fills it with the OTHER
#   coalition's object and expects a 404 (or 403) and nothing written;
OBJECT_KWARGS = {
    "pk", "item_pk", "organisation_pk", "partner_pk", "partnership_pk", "contact_pk", "update_pk",
}  # fmt: skip
# - it belongs to no coalition (a file format, a pillar of the shared denkraam).
SHARED_KWARGS = {"fmt", "number", "token", "uidb64", "signed"}

# What a coalition's URL may answer when it is handed another coalition's object: the login
# page (anonymous), not found or forbidden; a button that only POSTs also refuses a GET.
CROSS_DENIED = {LOGIN, NOT_FOUND, FORBIDDEN}
CROSS_DENIED_GET_OF_POST_ONLY = CROSS_DENIED | {NOT_ALLOWED}


def make(factory_name, **kwargs):
    """An object from tests/factories.py, made when a URL needs it (factories of other apps
    need not exist until their URLs do)."""
    from tests import factories

    return getattr(factories, factory_name)(**kwargs)


def relation_of(w):
    """A relation from the world's partnership to a second partner of its coalition."""
    other = make("CoalitionPartnerFactory", coalition=w.coalition)
    return make("PartnerRelationFactory", source=w.partnership, target=other)


def path_of(w):
    """A referral path of the world's coalition with one step from its partnership."""
    path = make("ReferralPathFactory", coalition=w.coalition)
    other = make("CoalitionPartnerFactory", coalition=w.coalition)
    make("ReferralStepFactory", path=path, from_partner=w.partnership, to_partner=other)
    return path


def meeting_of(w):
    from partners.models import Meeting

    return Meeting.objects.create(
        coalition=w.coalition, level="werkgroep", held_on=datetime.date(2025, 1, 6), title="WG"
    )


def review_of(w):
    from experiments.models import WorkItemReview

    item = make("WorkItemFactory", coalition=w.coalition)
    return WorkItemReview.objects.create(
        item=item, level="werkgroep", reviewed_on=datetime.date(2025, 1, 6)
    )


def bottleneck_of(w):
    item = make("WorkItemFactory", coalition=w.coalition)
    return make("BottleneckFactory", work_item=item)


def agreement_with_pdf(w):
    from django.core.files.base import ContentFile

    pdf = ContentFile(b"%PDF-1.4\n%%EOF\n", name="afspraak.pdf")
    return make("AgreementFactory", coalition=w.coalition, pdf=pdf)


def signed_agreement(w):
    """An agreement with a signatory: its form has a filled-in signatory row."""
    agreement = make("AgreementFactory", coalition=w.coalition)
    make("SignatoryFactory", agreement=agreement, partner=w.partnership)
    return agreement


def established_report(w):
    """A half-year report Pharos established (kansrijke.models.EstablishedReport), with
    coalition A in it."""
    import datetime

    from kansrijke.models import EstablishedReport
    from kansrijke.pharos import reports

    on = datetime.date.today()
    adviser = make("UserFactory", first_name="Petra", last_name="Pharos")
    return EstablishedReport.objects.establish(reports.half_year_report(on), adviser)


def invitation_token(w) -> str:
    """The link token of a fresh invitation into coalition A (only its hash is stored)."""
    import itertools

    from coalitions.models import Invitation

    invitation_token.counter = getattr(invitation_token, "counter", itertools.count())
    email = f"uitgenodigd{next(invitation_token.counter)}@example.org"
    invitation = Invitation(coalition=w.coalition, email=email, role="member")
    token = invitation.new_token()
    invitation.save()
    w.extra["invitation"] = invitation
    return token


def unsubscribe_link(w) -> str:
    """The signed token of an unsubscribe link in a notification mail (valid, no login)."""
    from kansrijke.notifications.models import Kind, unsubscribe_token

    return unsubscribe_token(make("UserFactory"), Kind.DIGEST)


def invitation_of(w):
    invitation_token(w)
    return w.extra["invitation"]


# URL name -> which object a bare `pk` means there (when not the partnership). Entries for URLs
# that do not exist (yet) are simply unused.
PK_FOR_URL = {
    # Under /admin/ (one rule, staff only: see test_permission_matrix.admin_url).
    "pharos:established": lambda w: established_report(w).pk,
    "coalitions:workspace_goal_edit": lambda w: make("GoalFactory", coalition=w.coalition).pk,
    "coalitions:workspace_feedback_read": lambda w: (
        make("FeedbackFactory", coalition=w.coalition).pk
    ),
    "partners:workspace_organisation_edit": lambda w: w.organisation.pk,
    "partners:workspace_contact_create": lambda w: w.partnership.pk,
    # An ended partnership (the running one has nothing to undo, so a save would write nothing).
    "partners:workspace_partner_reopen": lambda w: (
        make(
            "CoalitionPartnerFactory",
            coalition=w.coalition,
            since=datetime.date(2020, 1, 1),
            until=datetime.date(2021, 1, 1),
        ).pk
    ),
    "partners:workspace_contact_edit": lambda w: w.contact.pk,
    "partners:workspace_contact_delete": lambda w: w.contact.pk,
    "partners:workspace_relation_edit": lambda w: relation_of(w).pk,
    "partners:workspace_relation_end": lambda w: relation_of(w).pk,
    "partners:workspace_path": lambda w: path_of(w).pk,
    "partners:workspace_step_delete": lambda w: path_of(w).steps.get().pk,
    "partners:workspace_path_edit": lambda w: path_of(w).pk,
    "partners:workspace_path_delete": lambda w: path_of(w).pk,
    "partners:workspace_meeting_edit": lambda w: meeting_of(w).pk,
    "experiments:review_delete": lambda w: review_of(w).pk,
    "experiments:item_detail": lambda w: make("WorkItemFactory", coalition=w.coalition).pk,
    "experiments:item_edit": lambda w: make("WorkItemFactory", coalition=w.coalition).pk,
    "experiments:theme_edit": lambda w: make("ThemeFactory", coalition=w.coalition).pk,
    "experiments:bottleneck_escalate": lambda w: bottleneck_of(w).pk,
    "experiments:bottleneck_resolve": lambda w: bottleneck_of(w).pk,
    "experiments:agreement_detail": lambda w: make("AgreementFactory", coalition=w.coalition).pk,
    "experiments:agreement_edit": lambda w: signed_agreement(w).pk,
    "experiments:agreement_pdf": lambda w: agreement_with_pdf(w).pk,
    "experiments:result_edit": lambda w: (
        make("ResultFactory", work_item=make("WorkItemFactory", coalition=w.coalition)).pk
    ),
    "pijlers:measurement_delete": lambda w: (
        make("MeasurementFactory", gemeente=w.coalition.gemeenten.first()).pk
    ),
    "pijlers:offering_edit": lambda w: make("OfferingFactory", partner=w.partnership).pk,
    "pijlers:offering_delete": lambda w: make("OfferingFactory", partner=w.partnership).pk,
    "pijlers:expertise_edit": lambda w: make("NeededExpertiseFactory", coalition=w.coalition).pk,
    "pijlers:expertise_delete": lambda w: make("NeededExpertiseFactory", coalition=w.coalition).pk,
    "coalitions:workspace_invitation_resend": lambda w: invitation_of(w).pk,
    "coalitions:workspace_invitation_revoke": lambda w: invitation_of(w).pk,
    "coalitions:workspace_role_remove": lambda w: (
        make("CoalitionRoleFactory", coalition=w.coalition, role="member").pk
    ),
}


@dataclass
class Route:
    name: str | None  # namespaced name, None for unnamed patterns
    route: str  # the pattern text, prefixes included (for messages and unnamed URLs)
    kwargs: list[str]


def walk(patterns=None, namespace=None, prefix="", kwargs=()):
    """Every URL pattern of the project, with its namespaced name and keyword names."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for p in patterns:
        names = [*kwargs, *p.pattern.regex.groupindex]
        if isinstance(p, URLResolver):
            ns = namespace
            if p.namespace:
                ns = f"{namespace}:{p.namespace}" if namespace else p.namespace
            yield from walk(p.url_patterns, ns, prefix + str(p.pattern), names)
        elif isinstance(p, URLPattern):
            name = None
            if p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
            yield Route(name=name, route=prefix + str(p.pattern), kwargs=names)


def is_admin(route: Route) -> bool:
    return route.route.startswith("admin/")


def outcome_of(response) -> str:
    from django.conf import settings
    from django.shortcuts import resolve_url

    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if location.startswith(resolve_url(settings.LOGIN_URL)):
            return LOGIN
        return REDIRECT
    return str(response.status_code)


# Tables a request may write without changing anything a user owns: the session (login,
# messages), the login guard's bookkeeping, and the submit-once token (common/submit_once.py:
# claimed first in the saving transaction and rolled back with a refused form, but the
# per-transaction counters below still count that rolled-back insert).
UNWATCHED_TABLE_PREFIXES = ("django_session", "axes_", "common_submittedform")


def write_counts() -> dict[str, tuple[int, int, int]]:
    """Rows inserted, updated and deleted so far in this transaction, per table (PostgreSQL's
    own per-transaction counters, one query; they count a write even when it is rolled back
    or leaves the same values): compare two to see which tables a request wrote to."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_tup_ins, n_tup_upd, n_tup_del FROM pg_stat_xact_user_tables "
            "WHERE n_tup_ins + n_tup_upd + n_tup_del > 0"
        )
        return {
            table: tuple(counts)
            for table, *counts in cursor.fetchall()
            if not table.startswith(UNWATCHED_TABLE_PREFIXES)
        }


def changed_tables(before: dict, after: dict) -> list[str]:
    return sorted(t for t in before.keys() | after.keys() if before.get(t) != after.get(t))


# --- Helpers of the tests (test_permission_matrix.py, test_cross_coalition_matrix.py) -------


def build_world(coalition, other_coalition):
    """A partnership with a contact person and a status update of `coalition`; the objects the
    sample URLs need beyond these are made per URL (PK_FOR_URL)."""
    partnership = make("CoalitionPartnerFactory", coalition=coalition)
    return World(
        coalition=coalition,
        other_coalition=other_coalition,
        organisation=partnership.organisation,
        partnership=partnership,
        contact=make("ContactPersonFactory", partnership=partnership),
        status_update=make("StatusUpdateFactory", coalition=coalition),
    )


def login_as(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)


def request(client, user, method, url, route):
    """One request as `user`, rolled back afterwards so a POST that deletes or ends something
    does not change the world the next URLs point at; logs in again after a logout URL."""
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        transaction.set_rollback(True)
    if route.name and route.name.endswith("logout") and user is not None:
        client.force_login(user)
    return response


def sample_kwargs(route, world, objects=None):
    """The URL keywords of `route`: the address of `world`'s coalition, and the objects of
    `objects` (another coalition's world, for the cross-coalition matrix) or of `world`."""
    kwargs = {}
    for name in route.kwargs:
        source = objects if objects is not None and name in OBJECT_KWARGS else world
        if name == "pk" and route.name in PK_FOR_URL:
            kwargs[name] = PK_FOR_URL[route.name](source)
        elif name in SAMPLE_KWARGS:
            kwargs[name] = SAMPLE_KWARGS[name](source)
        else:
            pytest.fail(
                f"URL {route.name} ({route.route}) takes keyword '{name}', which the permission "
                f"matrix cannot fill: add a line for it to SAMPLE_KWARGS in "
                f"tests/security/permission_matrix.py."
            )
    return kwargs


def sample_url(route, world):
    return reverse(route.name, kwargs=sample_kwargs(route, world))


def project_routes():
    return [r for r in walk() if not is_admin(r)]


def request_and_writes(client, method, url, payload):
    """The response and the tables the request wrote to, rolled back afterwards."""
    with transaction.atomic():
        before = write_counts()
        response = client.get(url) if method == "GET" else client.post(url, payload)
        written = changed_tables(before, write_counts())
        transaction.set_rollback(True)
    return response, written
