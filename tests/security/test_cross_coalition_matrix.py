"""The permission matrix across coalitions: coalition A's addresses and forms with coalition
B's objects, and A's pages scanned for B's data.

The role matrix (tests/security/test_permission_matrix.py) hands every URL its own
coalition's objects, so it cannot see a view that forgets to check that an object belongs to
the coalition in its address. The tests here can; the URL keywords and sample objects they use
are in tests/security/permission_matrix.py (OBJECT_KWARGS, PK_FOR_URL).
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse

from pijlers.models import Indicator, Measurement
from tests.fuzz import page_form_data
from tests.security.permission_matrix import (
    COALITION_KWARGS,
    CROSS_DENIED,
    CROSS_DENIED_GET_OF_POST_ONLY,
    OBJECT_KWARGS,
    ROLES,
    SAMPLE_KWARGS,
    SHARED_KWARGS,
    URL_ACCESS,
    changed_tables,
    login_as,
    make,
    meeting_of,
    outcome_of,
    project_routes,
    request_and_writes,
    sample_kwargs,
    sample_url,
    write_counts,
)

pytestmark = pytest.mark.django_db


# --- Cross-coalition: a coalition's address with the other coalition's objects -------------
#
# Every URL that takes an object id gets coalition A's address with coalition B's object (and
# B's address with A's): /werkruimte/A/.../<pk of B's object>/. Every role must get a 404 (or
# 403, or the login page) and the request must write nothing, even with a form that would save
# on the owner's page.

# (address, objects, the editor who owns the objects)
DIRECTIONS = {
    "A-address-B-objects": ("world", "other_world", "other_editor"),
    "B-address-A-objects": ("other_world", "world", "editor"),
}
# Added to the text fields of the owner's form: a save through the wrong address would change
# a row (a form posted unchanged may save nothing).
CHANGED = "(gewijzigd via een ander adres)"
CHANGED_FIELDS = {
    "title", "name", "description", "notes", "summary", "resolution", "reason", "function",
    "place", "goal", "evaluation",
}  # fmt: skip
# Required fields the owner's form leaves empty until the user fills them in.
TODAY = datetime.date.today().isoformat()
PAYLOAD_FILLED_IN = {
    "experiments:bottleneck_escalate": {"date": TODAY, "escalated_by": "Stuurgroep", "reason": "."},
    "experiments:bottleneck_resolve": {"resolved_on": TODAY, "resolution": "Opgelost"},
    "experiments:result_create": {"outcome": "Meer gezinnen bereikt"},
    "experiments:review_create": {"level": "werkgroep"},
    "partners:workspace_partner_end": {"until": TODAY},
    "partners:workspace_relation_end": {"until": TODAY},
    # The next step of a referral path: between two partners of the owner's coalition.
    "partners:workspace_path": lambda w: {
        "from_partner": w.partnership.pk,
        "actor": "Doorverwijzen",
        # A running one: the form offers only those (the reopen sample adds an ended one).
        "to_partner": w.partnership.coalition.partners.running()
        .exclude(pk=w.partnership.pk)
        .values_list("pk", flat=True)
        .first(),
    },
}
# Classes whose GET shows the form the owner would post.
FORM_CLASSES = {"coalition_write", "coalition_read_post_write"}
WRITE_CLASSES = FORM_CLASSES | {"coalition_post_only"}


@pytest.fixture
def worlds(world, other_world):
    return {"world": world, "other_world": other_world}


def cross_routes():
    """Every URL with the address of a coalition and an id of one of its objects."""
    return [
        r
        for r in project_routes()
        if r.name in URL_ACCESS
        and OBJECT_KWARGS & set(r.kwargs)
        and COALITION_KWARGS & set(r.kwargs)
    ]


def cross_urls(route, address, objects):
    """(url, own_url): `address`'s URL with `objects`' object, and the same object at its own
    coalition's address."""
    kwargs = sample_kwargs(route, address, objects=objects)
    own = {k: objects.coalition.slug if k in COALITION_KWARGS else v for k, v in kwargs.items()}
    return reverse(route.name, kwargs=kwargs), reverse(route.name, kwargs=own)


def owners_payload(owner_client, route, own_url, world=None):
    """What the owner's own form posts, its text changed; {} for a button without a form.
    A callable in PAYLOAD_FILLED_IN gets the owner's `world` (for its objects' ids)."""
    if URL_ACCESS[route.name] not in FORM_CLASSES:
        return {}
    filled = PAYLOAD_FILLED_IN.get(route.name, {})
    data = page_form_data(owner_client, own_url) | (filled(world) if callable(filled) else filled)
    return {
        k: f"{v} {CHANGED}" if k in CHANGED_FIELDS and isinstance(v, str) else v
        for k, v in data.items()
    }


def test_every_url_keyword_is_a_coalition_an_object_or_shared():
    kinds = [COALITION_KWARGS, OBJECT_KWARGS, SHARED_KWARGS]
    for name in SAMPLE_KWARGS:
        assert sum(name in kind for kind in kinds) == 1, name
    for route in project_routes():
        if OBJECT_KWARGS & set(route.kwargs):
            # An object id without a coalition in the address would need its own rule.
            assert COALITION_KWARGS & set(route.kwargs), route.route
            assert URL_ACCESS.get(route.name, "coalition").startswith("coalition"), route.name


@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_no_role_reaches_the_other_coalitions_objects_through_a_coalitions_address(
    client, role, users, worlds, direction
):
    address_name, objects_name, owner = DIRECTIONS[direction]
    address, objects = worlds[address_name], worlds[objects_name]
    owner_client = Client()
    owner_client.force_login(users[owner])
    user = users[role]
    login_as(client, user)
    failures = []
    routes = cross_routes()
    assert len(routes) >= 20, "the walk found too few URLs with an object id"
    for route in routes:
        url, own_url = cross_urls(route, address, objects)
        payload = owners_payload(owner_client, route, own_url, objects)
        for method in ("GET", "POST"):
            response, written = request_and_writes(client, method, url, payload)
            got = outcome_of(response)
            allowed = CROSS_DENIED
            if method == "GET" and URL_ACCESS[route.name] == "coalition_post_only":
                allowed = CROSS_DENIED_GET_OF_POST_ONLY
            if got not in allowed or written:
                failures.append(
                    f"{method} {url} ({route.name}) as {role}: got {got}, expected "
                    f"{sorted(allowed)}; wrote to {written or 'nothing'}"
                )
    assert not failures, "\n".join(failures)


def test_the_cross_coalition_payloads_write_on_the_owners_own_address(client, editor, world):
    """The test above would see a wrongful save: posted by the owner at the object's own
    address, each payload changes a row."""
    client.force_login(editor)
    silent = []
    for route in cross_routes():
        if URL_ACCESS[route.name] not in WRITE_CLASSES:
            continue
        url = sample_url(route, world)
        payload = owners_payload(client, route, url, world)
        response, written = request_and_writes(client, "POST", url, payload)
        if not written:
            form = response.context and response.context.get("form")
            errors = form.errors if form else ""
            silent.append(f"POST {url} ({route.name}): {response.status_code} {errors}")
    assert not silent, "\n".join(silent)


# --- Cross-coalition: no page of A shows B's data ------------------------------------------
#
# A list or page that forgets to filter on its coalition shows the other coalition's rows: a
# status code cannot see that. Coalition B gets one marked object of every kind; no page or
# export of A (and no workspace list of A's people) may show a mark.

SECRET = "Geheim-van-B"
SCANNED_CLASSES = {
    "public", "public_never_cached", "login_required", "coalition_read", "coalition_write",
    "coalition_read_post_write",
}  # fmt: skip


# Pages that show every organisation of the shared register (to pick a new partner from).
SHOWS_THE_REGISTER = {"partners:workspace_partner_add"}
# Pages that show what other coalitions published, on purpose (Leren van elkaar, and "andere
# coalities die hieraan werkten" under an item): B's published items and partner
# organisations may show there; B's unpublished or internal data (knelpunten still open,
# contact people, ...) may not. The open data API's lists are of every coalition by design.
SHOWS_PUBLISHED_WORK = {
    "experiments:learning", "experiments:item_detail", "api:werkagenda", "api:interventies",
}  # fmt: skip
PUBLISHED_MARKS = (f"{SECRET} experiment", f"{SECRET} los onderdeel", f"{SECRET} organisatie")


@pytest.fixture
def other_secrets(other_world):
    """One object of every kind coalition B owns, each with its own mark; and the pages of B
    where the marks not in any list show."""
    from tests import factories as f

    b = other_world.coalition
    partnership = f.CoalitionPartnerFactory(
        coalition=b, organisation=f.OrganisationFactory(name=f"{SECRET} organisatie")
    )
    theme = f.ThemeFactory(coalition=b, name=f"{SECRET} thema")
    item = f.WorkItemFactory(coalition=b, title=f"{SECRET} experiment", themes=[theme])
    # Without a theme: the werkagenda shows it under "Zonder thema" whatever the themes.
    f.WorkItemFactory(coalition=b, title=f"{SECRET} los onderdeel")
    agreement = f.AgreementFactory(coalition=b, title=f"{SECRET} convenant")
    # Over six months old: B is stale, so a reminder list that forgets its user names B.
    f.StatusUpdateFactory(coalition=b, summary=f"{SECRET} status", date=datetime.date(2024, 1, 1))
    # This year's: the overview shows this year's goals.
    year = datetime.date.today().year
    f.GoalFactory(coalition=b, description=f"{SECRET} doel", owner=partnership, year=year)
    f.BottleneckFactory(work_item=item, description=f"{SECRET} knelpunt")
    f.SignatoryFactory(agreement=agreement, partner=partnership, signer_name=f"{SECRET} Jansen")
    f.ContactPersonFactory(partnership=partnership, name=f"{SECRET} Pietersen")
    f.NeededExpertiseFactory(coalition=b, name=f"{SECRET} expertise").covered_by.add(partnership)
    f.OfferingFactory(partner=partnership)  # on the palette under the organisation's name
    f.AssessmentFactory(coalition=b, notes=f"{SECRET} zelfevaluatie")
    f.FeedbackFactory(coalition=b, text=f"{SECRET} feedback")
    f.MeasurementFactory(gemeente=b.gemeenten.first(), source=f"{SECRET} bron")
    marks = [
        f"{SECRET} {kind}"
        for kind in [
            "organisatie", "thema", "experiment", "los onderdeel", "convenant", "status", "doel",
            "knelpunt", "Jansen", "Pietersen", "expertise", "zelfevaluatie", "feedback", "bron",
        ]
    ]  # fmt: skip
    pages = [reverse("experiments:agreement_detail", args=[b.slug, agreement.pk])]
    return marks, pages


def page_bodies(client, world, extra=()):
    """(route name, url, text) of every page and export a coalition's people may open."""
    urls = [
        (route.name, sample_url(route, world))
        for route in project_routes()
        if URL_ACCESS.get(route.name) in SCANNED_CLASSES
    ]
    for name, url in [*urls, *[(None, url) for url in extra]]:
        response = client.get(url)
        if response.status_code != 200:
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        yield name, url, body.decode(errors="replace")


def test_the_other_coalitions_marks_show_on_its_own_pages(
    client, other_editor, other_world, other_secrets
):
    """The test below can fail: every mark is on some page of its own coalition."""
    marks, pages = other_secrets
    client.force_login(other_editor)
    bodies = [body for _name, _url, body in page_bodies(client, other_world, extra=pages)]
    unseen = [mark for mark in marks if not any(mark in body for body in bodies)]
    assert not unseen


@pytest.mark.parametrize("role", ["anonymous", "member", "editor", "pharos"])
def test_no_page_of_a_coalition_shows_the_other_coalitions_data(
    client, role, users, world, other_secrets
):
    marks, _pages = other_secrets
    login_as(client, users[role])
    other_name = world.other_coalition.name
    leaks = [
        f"{url} shows {mark!r} to {role}"
        for name, url, body in page_bodies(client, world)
        for mark in marks
        if mark in body
        and not (name in SHOWS_THE_REGISTER and mark.endswith("organisatie"))
        and not (name in SHOWS_PUBLISHED_WORK and mark in PUBLISHED_MARKS)
    ]
    # A user's own pages (the workspace list and its reminders) do not even name B; Pharos'
    # workspace lists every coalition.
    leaks += [
        f"{url} names {other_name!r} to {role}"
        for name, url, body in page_bodies(client, world)
        if URL_ACCESS[name] == "login_required" and role != "pharos" and other_name in body
    ]
    assert not leaks, "\n".join(leaks)


# --- Cross-coalition: the other coalition's ids in a coalition's forms ----------------------
#
# A form of coalition A that offers a choice of objects (trekker, gemeenten, goal owner,
# themes, partners, signatories, ...) must refuse coalition B's object in every such field:
# the editor of A posts the page's own form, valid, with one field set to B's object.

# Choices that any coalition may make: the shared registers and reference data.
SHARED_CHOICE_MODELS = {
    "pijlers.indicator",
    "pijlers.intervention",
    # The denkraam's pillars and elements are reference data every coalition links to.
    "pijlers.pillar",
    "pijlers.crosscuttingelement",
}
SHARED_CHOICE_FIELDS = {
    # The organisation register is shared: any organisation may become a partner.
    ("partners:workspace_partner_add", "organisation"),
}
# Coalition B's object per model a form may offer (label: model._meta.label_lower).
OTHER_COALITIONS_CHOICE = {
    "partners.coalitionpartner": lambda w: w.partnership,
    "partners.organisation": lambda w: w.organisation,
    "coalitions.gemeente": lambda w: w.coalition.gemeenten.first(),
    "experiments.theme": lambda w: make("ThemeFactory", coalition=w.coalition),
    "partners.meeting": meeting_of,
    # A formset row's own id: B's signatory must not be edited through A's agreement.
    "experiments.signatory": lambda w: make(
        "SignatoryFactory",
        agreement=make("AgreementFactory", coalition=w.coalition),
        partner=w.partnership,
    ),
}
# What a new object's form needs beyond what the page fills in (callables of A's world).
CREATE_FILLED_IN = {
    "coalitions:workspace_goal_create": lambda w: {"description": "Meer zwangeren in beeld"},
    "experiments:item_create": lambda w: {"title": "Experiment", "kind": "experiment"},
    "experiments:agreement_create": lambda w: {
        "kind": "samenwerkingsovereenkomst", "title": "Convenant", "signed_on": "2024-03-01",
        "place": "Delft", "signatories-0-partner": w.partnership.pk,
        "signatories-0-signer_name": "Ans Verzonnen",
    },
    "pijlers:offering_add": lambda w: {
        "partner": w.partnership.pk, "intervention": make("InterventionFactory").pk,
        "life_phases": ["zwangerschap"], "vulnerability_levels": ["kwetsbaar"],
    },
    "pijlers:expertise_add": lambda w: {"name": "Lactatiekunde"},
    "partners:workspace_path_add": lambda w: {"title": "Zwangere met schulden"},
    "partners:workspace_meeting_add": lambda w: {
        "level": "werkgroep", "held_on": "2024-03-01", "title": "Werkgroep geboortezorg",
        "participants": [w.partnership.pk],
    },
    "partners:workspace_relation_add": lambda w: {
        "source": w.partnership.pk, "kind": "casusoverleg",
        "target": make("CoalitionPartnerFactory", coalition=w.coalition).pk,
    },
    "pijlers:measurement_add": lambda w: {
        "indicator": Indicator.objects.filter(active=True).first().pk,
        "gemeente": w.coalition.gemeenten.first().pk, "period": "2023", "value": "4.5",
    },
}  # fmt: skip
# Holes other work is closing: a strict xfail turns into a failure once they are closed.
# (None open: the gemeente takeover through the basics form closed when Pharos came to own the
# links between coalitions and gemeenten, issue 14.)
KNOWN_CHOICE_HOLES: dict[str, str] = {}


def forms_on(response):
    """Every form and formset the page rendered (from the template context)."""
    from django.forms import BaseForm, BaseFormSet

    found = {}
    for context in response.context:
        for values in context.dicts:
            for value in values.values() if isinstance(values, dict) else ():
                if isinstance(value, BaseForm | BaseFormSet):
                    found[id(value)] = value
    return list(found.values())


def choice_fields(route, response, base):
    """(posted name, model label) of each field that chooses an object; a formset's row only
    when the base payload fills it (an empty extra row is not validated)."""
    from django.forms import BaseFormSet, ModelChoiceField

    found = forms_on(response)
    rows = [row for s in found if isinstance(s, BaseFormSet) for row in s.forms]
    # A formset's rows also show up on their own (the template loops over them).
    # A formset's empty form (prefix "__prefix__") is only the template a script copies for a
    # new row; a browser never submits it.
    single = [
        f
        for f in found
        if not isinstance(f, BaseFormSet) and f not in rows and "__prefix__" not in (f.prefix or "")
    ]
    fields = []
    for form in rows + single:
        for name, field in form.fields.items():
            posted = form.add_prefix(name)
            if not isinstance(field, ModelChoiceField):
                continue
            if form in rows and not base.get(posted):
                continue
            label = field.queryset.model._meta.label_lower
            if label in SHARED_CHOICE_MODELS or (route.name, name) in SHARED_CHOICE_FIELDS:
                continue
            fields.append((posted, label))
    return fields


def form_routes():
    return [
        pytest.param(
            name,
            marks=[pytest.mark.xfail(strict=True, reason=KNOWN_CHOICE_HOLES[name])]
            if name in KNOWN_CHOICE_HOLES
            else [],
        )
        for name, cls in URL_ACCESS.items()
        if cls in FORM_CLASSES
    ]


@pytest.mark.parametrize("name", form_routes())
def test_no_form_of_a_coalition_accepts_the_other_coalitions_objects(
    client, editor, world, other_world, name
):
    route = next(r for r in project_routes() if r.name == name)
    client.force_login(editor)
    url = sample_url(route, world)
    response = client.get(url)
    assert response.status_code == 200, url
    try:
        page = owners_payload(client, route, url, world)
    except AssertionError:  # no form yet (the partner search shows its form after a search)
        page = {}
    base = page | CREATE_FILLED_IN.get(name, lambda w: {})(world)
    fields = choice_fields(route, response, base)
    unknown = {label for _posted, label in fields if label not in OTHER_COALITIONS_CHOICE}
    assert not unknown, f"{name}: add B's object for {unknown} to OTHER_COALITIONS_CHOICE"
    if not fields:
        return
    _response, written = request_and_writes(client, "POST", url, base)
    assert written, f"{name}: the valid form saves nothing; fill it in CREATE_FILLED_IN"
    accepted = []
    for posted, label in fields:
        other = OTHER_COALITIONS_CHOICE[label](other_world)
        value = [other.pk] if isinstance(base.get(posted), list) else other.pk
        row = type(other).objects.filter(pk=other.pk).values
        with transaction.atomic():
            before, before_row = write_counts(), list(row())
            response = client.post(url, base | {posted: value})
            written = changed_tables(before, write_counts())
            if list(row()) != before_row:
                written.append(f"B's {label} {other.pk}")
            transaction.set_rollback(True)
        refused = response.status_code in (200, 403, 404)
        if posted.endswith(f"-{type(other)._meta.pk.name}"):
            # A formset row's own id: Django's formset looks it up among the form's own rows
            # and leaves an unknown one out, so the rest may save; B's row must not change.
            written, refused = [w for w in written if w.startswith("B's")], True
        if not refused or written:
            accepted.append(f"{posted}={other.pk} (B's {label}): {response.status_code}, {written}")
    assert not accepted, f"POST {url} ({name}) accepted:\n" + "\n".join(accepted)


# --- Cross-coalition rules that no matrix sees -------------------------------------------------


def test_pharos_feedback_reaches_the_editors_and_never_a_member(client, editor, member, world):
    """Feedback is Pharos' note to the coalition's editors: no page shows it to a member."""
    make("FeedbackFactory", coalition=world.coalition, text="Notitie-voor-de-redactie")
    client.force_login(editor)
    assert any("Notitie-voor-de-redactie" in body for *_, body in page_bodies(client, world))
    login_as(client, member)
    shown = [url for _n, url, body in page_bodies(client, world) if "Notitie-voor" in body]
    assert not shown
    # Not even an empty section: a member would read "no feedback yet" where there is some.
    overview = client.get(reverse("coalitions:workspace_detail", args=[world.coalition.slug]))
    assert "Feedback van Pharos" not in overview.content.decode()


def figures_csv(code):
    content = f"gemeente,indicator,periode,waarde,bron\n{code},vroeggeboorte,2019,7.1,Perined\n"
    return SimpleUploadedFile("cijfers.csv", content.encode(), content_type="text/csv")


def test_a_figures_file_checked_in_one_coalition_cannot_be_confirmed_in_another(
    client, editor, coalition, other_coalition
):
    make("CoalitionRoleFactory", user=editor, coalition=other_coalition, role="editor")
    client.force_login(editor)
    url_a = reverse("pijlers:measurement_import", args=[coalition.slug])
    url_b = reverse("pijlers:measurement_import", args=[other_coalition.slug])
    code = coalition.gemeenten.get().cbs_code
    preview = client.post(url_a, {"step": "preview", "file": figures_csv(code)})
    assert "Controle geslaagd" in preview.content.decode()
    response = client.post(url_b, {"step": "confirm"}, follow=True)
    assert "Er staat geen gecontroleerd bestand klaar" in response.content.decode()
    assert not Measurement.objects.exists()


def test_an_editor_imports_figures_only_for_the_gemeenten_of_their_own_coalitions(
    client, editor, coalition, other_coalition
):
    client.force_login(editor)
    url = reverse("pijlers:measurement_import", args=[coalition.slug])
    code = other_coalition.gemeenten.get().cbs_code
    preview = client.post(url, {"step": "preview", "file": figures_csv(code)})
    assert "Controle geslaagd" not in preview.content.decode()
    assert preview.context["problems"], "B's gemeente is named as a problem"
    client.post(url, {"step": "confirm"})
    assert not Measurement.objects.exists()


def test_a_former_partners_organisation_and_contacts_are_out_of_the_editors_reach(
    client, editor, coalition
):
    """An ended partnership stays as history; its organisation's data is no longer the
    coalition's to change."""
    former = make("CoalitionPartnerFactory", coalition=coalition, until=datetime.date(2023, 1, 1))
    contact = make("ContactPersonFactory", partnership=former)
    client.force_login(editor)
    for name, pk in [
        ("partners:workspace_organisation_edit", former.organisation.pk),
        ("partners:workspace_contact_create", former.pk),
        ("partners:workspace_contact_edit", contact.pk),
        ("partners:workspace_contact_delete", contact.pk),
    ]:
        url = reverse(name, args=[coalition.slug, pk])
        for method in ("GET", "POST"):
            response, written = request_and_writes(client, method, url, {})
            assert (response.status_code, written) == (404, []), f"{method} {url}"


def test_a_werkagenda_counts_only_its_own_open_bottlenecks(
    client, editor, coalition, other_coalition
):
    item = make("WorkItemFactory", coalition=other_coalition)
    make("BottleneckFactory", work_item=item)
    make("CoalitionRoleFactory", user=editor, coalition=other_coalition, role="member")
    client.force_login(editor)
    own = client.get(reverse("experiments:timeline", args=[coalition.slug]))
    other = client.get(reverse("experiments:timeline", args=[other_coalition.slug]))
    assert "Werkgroep: 1" in other.content.decode()
    assert "Werkgroep: 0" in own.content.decode()


def test_an_editor_is_reminded_only_of_their_own_stale_coalitions(
    client, editor, member, other_editor, coalition, other_coalition
):
    import pgtrigger

    from coalitions.models import Coalition, StatusUpdate

    long_ago = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=400)
    make("StatusUpdateFactory", coalition=other_coalition, date=long_ago.date())
    # B left alone for over a year: its status and everything else untouched since.
    Coalition.objects.filter(pk=other_coalition.pk).update(created_at=long_ago)
    with pgtrigger.ignore("coalitions.StatusUpdate:statusupdate_append_only"):
        StatusUpdate.objects.filter(coalition=other_coalition).update(created_at=long_ago)
    workspace = reverse("coalitions:workspace")
    client.force_login(other_editor)
    reminders = client.get(workspace).context["stale_coalitions"]
    assert other_coalition in reminders, "B is stale: its editor is reminded of it"
    client.force_login(editor)
    assert other_coalition.name not in client.get(workspace).content.decode()
    # A (never updated since its start) is stale too: its editor is reminded, its member not.
    assert coalition in client.get(workspace).context["stale_coalitions"]
    client.force_login(member)
    assert client.get(workspace).context["stale_coalitions"] == [], "members edit nothing"
