"""The demo tells what the seeds tell (docs/domain.md, issue 15): checked on the pages a user
opens, with the demo loaded once for this module by `load_demo` itself."""

import datetime
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from coalitions.models import Coalition, CoalitionRole, StatusUpdate
from coalitions.roles import is_pharos
from experiments.models import Agreement
from kansrijke.management.commands.load_demo import DEMO_FILE
from partners.models import Category, CoalitionPartner, ContactPerson, Organisation
from pijlers.demo import VOORBEELD_SOURCE
from pijlers.models import Assessment, Measurement

pytestmark = pytest.mark.django_db

DELFT_SIGNATORIES = {
    "Gemeente Delft",
    "Reinier de Graaf ziekenhuis",
    "DSW zorgverzekeraar",
    "Delft voor Elkaar",
    "ZEL Delft",
    "VSV Reinier",
    "JGZ Zuid-Holland West",
    "Delft Support",
}

# What someone at an organisation of each category plausibly does: a contact's function names
# one of these (an insurer has no midwife, a municipality no gynaecologist).
PLAUSIBLE_FUNCTIONS = {
    Category.VERLOSKUNDIGEN: ("verloskundige",),
    Category.GYNAECOLOGIE: ("gynaecoloog",),
    Category.KRAAMZORG: ("kraamverzorgende", "kraamzorg"),
    Category.ZIEKENHUIS: ("gynaecoloog", "verloskundige", "geboortezorg", "kinderarts", "medisch"),
    Category.HUISARTSEN: ("huisarts",),
    Category.VSV: ("vsv", "gynaecoloog", "verloskundige"),
    Category.ZORGVERZEKERAAR: ("zorginkoper", "beleidsmedewerker"),
    Category.GGZ: ("psychiatrisch", "psycholoog", "psychiater"),
    Category.GGD: ("jeugdarts", "jeugdverpleegkundige", "publieke gezondheid"),
    Category.JGZ: ("jeugdverpleegkundige", "jeugdarts", "jgz"),
    Category.GEMEENTE: ("beleidsadviseur", "programmamanager", "projectleider"),
    Category.WIJKTEAM: (
        "wijkcoach",
        "maatschappelijk werker",
        "teamleider",
        "aandachtsfunctionaris",
    ),
    Category.WELZIJN: ("maatschappelijk werker", "opbouwwerker", "coördinator"),
    Category.MAATSCHAPPELIJK_WERK: ("maatschappelijk werker", "teamleider"),
    Category.SCHULDHULP: ("raadsvrouw", "raadsman", "schuldhulpverlener"),
    Category.CJG: ("jeugd- en gezinswerker", "cjg"),
    Category.JEUGDHULP: ("projectleider", "gezinsbegeleider", "jeugdhulpverlener"),
    Category.VEILIG_THUIS: ("aandachtsfunctionaris", "vertrouwensarts"),
    Category.SLEUTELPERSONEN: ("sleutelpersoon", "sleutelpersonen"),
    Category.ERVARINGSDESKUNDIGEN: ("ervaringsdeskundige",),
    Category.VRIJWILLIGERS: ("vrijwilliger",),
    Category.MOEDERCAFE: ("coördinator", "gastvrouw"),
    Category.WONINGCORPORATIE: ("woonconsulent", "wonen"),
    Category.KINDEROPVANG: ("locatiemanager", "pedagogisch"),
    Category.ONDERWIJS: ("onderzoeker", "docent", "lector"),
    Category.BIBLIOTHEEK: ("boekstart", "beleidsadviseur"),
    Category.OVERIG: ("adviseur",),
}

# Seed sentences the demo once copied almost word for word (seeds 000 and 004): facts may carry
# over, sentences may not.
SEED_SENTENCES = [
    "In dit plan benoemen we wat nodig is om tot een volledig aanbod te komen voor ouders en "
    "kinderen in kwetsbare situaties. We bepalen voor de komende drie jaar ambities waar "
    "iedereen achter staat.",
    "Door drempels weg te nemen zorgen we er voor dat (aanstaande) ouders zich meer gehoord en "
    "beter geholpen voelen.",
    "Onze ambitie is om alle kinderen dezelfde kans op een goede gezondheid en ontwikkeling te "
    "geven, daarbij is een belangrijk speerpunt het doorbreken van overerving",
    "In Zaanstad willen we gelijke kansen voor ieder kind. zodat de behoefte van het kind "
    "centraal komt te staan en we niet blindstaren op regels",
    "Een droom die veel genoemd werd is het versterken van het sociaal netwerk van jonge ouders. "
    "We willen hen daarom helpen bij het bouwen daaraan en zorgen dat ouders elkaar kunnen helpen.",
    "We hebben twee doelen: een gezamenlijke aanpak rond de eerste 1000 dagen in de regio "
    "Alkmaar en een nog betere samenwerking tussen het medische en het sociale domein.",
    "Met Kansrijke Start willen we de kansen en mogelijkheden van (aanstaande en jonge) gezinnen, "
    "die in een kwetsbare situatie zitten vergroten, zodat kinderen 'gewoon opgroeien'",
    "Wij hebben ervoor gekozen om niet eerst een plan te schrijven maar samen met professionals "
    "te bepalen hoe we de extra financiën van Kansrijke Start gaan inzetten.",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once; rolled back after the module so no other test sees it."""
    with django_db_blocker.unblock(), transaction.atomic():
        with override_settings(DEBUG=True):
            call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def text(html: str) -> str:
    """The page's words, without markup."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def phases_on_public_page(client, slug) -> tuple[str, list[str]]:
    """(the phase badge, the phases of the public phase table in order)."""
    html = page(client, f"/coalities/{slug}/")
    badge = re.search(r'<span class="phase-badge">([^<]*)</span>', html).group(1)
    table = re.search(r'<table class="[^"]*phase-table">(.*?)</table>', html, re.S).group(1)
    rows = re.findall(r"<tr><td>[^<]*</td><td>([^<]*)</td></tr>", table)
    return badge, rows


def rivm_answers(client, gemeente_name) -> dict[str, str]:
    """The RIVM monitor's answers for one gemeente today: {column heading: answer}."""
    login(client, "pharos")
    html = page(client, "/admin/pharos/rivm-monitor/")
    [html] = [t for t in re.findall(r"<table.*?</table>", html, re.S) if "Plan van aanpak" in t]
    headings = [text(h).strip() for h in re.findall(r'<th scope="col">(.*?)</th>', html, re.S)]
    for row in re.findall(r"<tr>\s*(<th scope=\"row\">.*?)</tr>", html, re.S):
        cells = [text(c).strip() for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        if cells[0].startswith(gemeente_name + " "):
            return dict(zip(headings, cells, strict=True))
    raise AssertionError(f"{gemeente_name} staat niet in de RIVM-monitor")


def shared_words(text_a: str, text_b: str, n: int = 6) -> set[str]:
    """Runs of `n` consecutive words the two texts share (case and punctuation ignored)."""

    def runs(t):
        words = re.findall(r"[\wà-ÿ]+", t.lower())
        return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}

    return runs(text_a) & runs(text_b)


def test_leiden_started_without_writing_a_plan_first(demo, client):
    badge, phases = phases_on_public_page(client, "leiden")
    assert "Ambitie en plan" not in phases
    assert phases[0] == "Vorming"
    login(client, "adviseur-leiden")
    status = text(page(client, "/werkruimte/leiden/status/"))
    assert "geen plan vooraf" in status
    assert "plan van aanpak" not in status.lower()


def test_hoogeveen_is_still_forming_on_its_public_page_and_in_the_rivm_answers(demo, client):
    badge, phases = phases_on_public_page(client, "hoogeveen")
    assert badge == "Vorming"
    assert set(phases) == {"Vorming"}
    assert Coalition.objects.get(slug="hoogeveen").start_date.year == 2019

    answers = rivm_answers(client, "Hoogeveen")
    assert answers["Coalitie"] == "ja: Hoogeveen"
    assert answers["Plan van aanpak"] == "nee"


def test_heerlen_has_no_ervaringsdeskundigen_because_of_the_jonge_ouders_project(demo, client):
    answers = rivm_answers(client, "Heerlen")
    assert answers["Ervaringsdeskundigen"] == "nee"
    jop = Organisation.objects.get(name="Jonge Ouders Project Heerlen")
    assert jop.category != Category.ERVARINGSDESKUNDIGEN


def test_jens_and_zuyd_hogeschool_are_partners_of_heerlen_as_the_seed_tells(demo, client):
    partners = text(page(client, "/coalities/heerlen/partners/"))
    assert "Coöperatie JENS" in partners
    assert "Zuyd Hogeschool" in partners
    zuyd = CoalitionPartner.objects.get(
        coalition__slug="heerlen", organisation__name="Zuyd Hogeschool"
    )
    assert zuyd.organisation.category == Category.ONDERWIJS
    # The young-child expertise of the Jonge Ouders Project comes from JENS' professionals.
    login(client, "adviseur-heerlen")
    expertise = text(page(client, "/werkruimte/heerlen/denkraam/expertise/"))
    assert "Coöperatie JENS" in expertise


def test_delfts_agreement_partnerships_and_status_all_say_2_october_2019(demo, client):
    agreement = Agreement.objects.get(coalition__slug="delft")
    assert agreement.signed_on == datetime.date(2019, 10, 2)
    assert "ondertekend op 2 oktober 2019" in text(page(client, "/coalities/delft/"))

    login(client, "adviseur-delft")
    partners = page(client, "/werkruimte/delft/partners/")
    for name in DELFT_SIGNATORIES:
        card = re.search(rf">{re.escape(name)}</h3>(.*?)</p>", partners, re.S)
        assert card and "Sinds: 2 oktober 2019" in text(card.group(1)), name
    assert "8 oktober" not in text(partners)
    signing = StatusUpdate.objects.get(coalition__slug="delft", phase="vorming")
    assert signing.date == agreement.signed_on
    assert "8 oktober" not in text(page(client, "/werkruimte/delft/status/"))


def test_every_status_update_is_written_by_an_editor_of_its_coalition_never_by_pharos(demo, client):
    editors = set(
        CoalitionRole.objects.filter(role=CoalitionRole.Role.EDITOR).values_list(
            "coalition_id", "user_id"
        )
    )
    updates = list(StatusUpdate.objects.select_related("author", "coalition"))
    assert len(updates) >= 3 * Coalition.objects.count()
    for update in updates:
        assert not is_pharos(update.author), update
        assert (update.coalition_id, update.author_id) in editors, update
    # Self-assessments are the coalition's own too.
    for assessment in Assessment.objects.select_related("author"):
        assert (assessment.coalition_id, assessment.author_id) in editors, assessment

    login(client, "adviseur-utrecht")
    status = text(page(client, "/werkruimte/utrecht/status/"))
    assert "Ute Brouwer (demo)" in status
    assert "Pharos Adviseur" not in status


def test_most_demo_coalitions_were_updated_in_2025_or_2026_and_some_are_stale_on_purpose(demo):
    latest = {
        c.slug: c.status_updates.order_by("-date").first().date for c in Coalition.objects.all()
    }
    recent = [slug for slug, date in latest.items() if date.year in (2025, 2026)]
    assert len(recent) > len(latest) / 2, latest
    on = datetime.date(2026, 11, 30)
    stale = set(Coalition.objects.stale(on=on).values_list("slug", flat=True))
    assert 0 < len(stale) < len(latest), stale
    assert "hoogeveen" in stale and "delft" not in stale


def test_every_demo_coalition_has_example_figures_labelled_as_invented_and_plausible(demo, client):
    figures = list(Measurement.objects.select_related("indicator", "gemeente"))
    assert figures
    for m in figures:
        assert m.source == VOORBEELD_SOURCE
        assert "verzonnen" in m.source and "Voorbeeldcijfers" in m.source
        assert m.indicator.range_error(m.value) is None, m
    for coalition in Coalition.objects.all():
        gemeenten = set(coalition.gemeenten.values_list("pk", flat=True))
        assert gemeenten <= {m.gemeente_id for m in figures}, coalition.slug

    login(client, "adviseur-zeist")
    listed = text(page(client, "/werkruimte/zeist/denkraam/monitoring/cijfers/"))
    assert "Voorbeeldcijfers: verzonnen voor de demo" in listed
    monitoring = page(client, "/werkruimte/zeist/denkraam/monitoring/")
    assert "<svg" in monitoring
    # The public charts credit the invented figures as invented, never as RIVM's.
    client.logout()
    public = text(page(client, "/coalities/zeist/"))
    assert "Bron: Voorbeeldcijfers: verzonnen voor de demo" in public
    assert "Bron: RIVM" not in public
    # Counts under ten never reach the public: the small gemeenten's pooled perinatal deaths.
    assert Measurement.objects.filter(small_numbers=True, gemeente__cbs_code="GM0450").exists()


def test_contact_functions_fit_their_organisations_category(demo):
    contacts = list(ContactPerson.objects.select_related("partnership__organisation"))
    assert len(contacts) > 50
    wrong = [
        (c.partnership.organisation.name, c.partnership.organisation.category, c.function)
        for c in contacts
        if not any(
            word in c.function.lower()
            for word in PLAUSIBLE_FUNCTIONS[c.partnership.organisation.category]
        )
    ]
    assert wrong == []
    assert all(c.email.endswith(".example") for c in contacts)


def test_no_demo_organisation_has_an_invented_street_address(demo):
    assert not Organisation.objects.exclude(address="").exists()
    assert not Organisation.objects.exclude(postcode="").exists()


def test_ambitions_and_status_texts_are_in_our_own_words(demo):
    texts = [c.ambition for c in Coalition.objects.all()]
    texts += [
        " ".join([u.summary, u.next_steps, u.bottlenecks]) for u in StatusUpdate.objects.all()
    ]
    copied = [(t, shared) for t in texts for s in SEED_SENTENCES if (shared := shared_words(t, s))]
    assert copied == []


def test_demo_logins_list_every_demo_user(demo):
    out = io.StringIO()
    with override_settings(DEBUG=True):
        call_command("demo_logins", stdout=out)
    usernames = [u["username"] for u in json.loads(DEMO_FILE.read_text("utf-8"))["users"]]
    assert len(usernames) > Coalition.objects.count()  # an editor per coalition, and more
    for username in usernames:
        assert f"  {username} " in out.getvalue()
