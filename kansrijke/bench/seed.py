"""A national-scale synthetic data set for `make bench`: idempotent, deterministic, fast.

Everything it makes is invented and recognisable: gemeenten have CBS codes from GM5000 on
(real codes stay below 2000), coalitions have slugs `bench-NNN`, organisations KvK numbers
from 90000000 on, users are called `bench-*`. Running it again adds only what is missing and
produces the same data, because every step draws from its own random generator with a fixed
seed and keys its rows on natural keys (or on "this parent has no children yet").

Each app's data is one step in STEPS: a function `step(ctx) -> {label: created}`. An app that
gets models adds its step at the end of the list (pijlers: assessments, 10 years of 10
indicators per gemeente and an intervention palette; experiments: themes, werkagenda items with
bottlenecks, and agreements with signatories).

One long module on purpose (over the ~650-line guideline): the steps share one context and one
set of natural keys, and reading them top to bottom in order is how one checks that the data
set obeys the same rules as the app.
"""

import datetime
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from coalitions.models import (
    Coalition,
    CoalitionGemeente,
    CoalitionKind,
    CoalitionRole,
    Gemeente,
    Phase,
    Province,
    StatusUpdate,
)
from coalitions.permissions import PHAROS_GROUP
from partners.models import (
    CATEGORY_DOMAIN,
    Category,
    CoalitionPartner,
    ContactPerson,
    Level,
    Organisation,
    PartnerRole,
)

SEED = 20180601  # the programme's start; any fixed number would do
BATCH = 2000
SLUG_PREFIX = "bench-"
FIRST_CBS = 5000
FIRST_KVK = 90_000_000
# The bench logs in as these (kansrijke/bench/harness.py makes their sessions).
BENCH_ADMIN = "bench-admin"
BENCH_EDITOR = "bench-editor"
BENCH_MEMBER = "bench-member"
BENCH_PHAROS = [f"bench-pharos-{i}" for i in range(1, 6)]
# bench-editor and bench-member belong to the first coalitions; each of the first ten also
# has an editor of its own.
OWN_EDITORS = 10
BENCH_USER_COALITIONS = 3

# Invented place-name parts; combinations read Dutch without naming real places on purpose.
_STEMS = [
    "Aal",
    "Bram",
    "Cor",
    "Dra",
    "Eem",
    "Fal",
    "Gel",
    "Har",
    "Ijs",
    "Jor",
    "Kal",
    "Lin",
    "Mar",
    "Nol",
    "Oos",
    "Pel",
    "Quar",
    "Ros",
    "Sel",
    "Tal",
    "Urk",
    "Vel",
    "Wol",
    "Zan",
]
_MIDDLES = ["", "de", "er", "en", "se", "ke", "ver"]
_SUFFIXES = [
    "borgh",
    "dijkum",
    "veenhout",
    "wolde",
    "hoeve",
    "stede",
    "marsum",
    "zijlen",
    "horsten",
    "broekum",
    "lare",
    "donck",
    "meerwijk",
    "beke",
    "hem",
    "loo",
]
_FIRST_NAMES = [
    "Anouk",
    "Bram",
    "Carmen",
    "Daan",
    "Esra",
    "Fleur",
    "Gijs",
    "Hanna",
    "Ilse",
    "Jesse",
    "Kim",
    "Lotte",
    "Mehmet",
    "Noor",
    "Olaf",
    "Priya",
    "Quinten",
    "Roos",
    "Sanne",
    "Tim",
    "Umut",
    "Vera",
    "Wout",
    "Yara",
    "Zoë",
]
_LAST_NAMES = [
    "Aalderink",
    "Brakel",
    "Corsten",
    "Dijkhof",
    "Everaerts",
    "Fransen",
    "Gortzak",
    "Hulsebos",
    "IJzerman",
    "Jongkind",
    "Kuipers",
    "Lansink",
    "Meulenbelt",
    "Nijhof",
    "Oosterveld",
    "Prins",
    "Raaijmakers",
    "Spoelstra",
    "Terpstra",
    "Uitdehaag",
    "Verbeek",
    "Westra",
    "Yildiz",
    "Zwartjes",
]
_FUNCTIONS = [
    "Verloskundige",
    "Jeugdverpleegkundige",
    "Beleidsmedewerker",
    "Teamleider",
    "Coördinator",
    "Maatschappelijk werker",
    "Huisarts",
    "Kraamverzorgende",
    "Projectleider",
    "Manager",
]
_STREETS = ["Kerkstraat", "Molenweg", "Dorpsstraat", "Stationsplein", "Zorgpad", "Lindelaan"]
_SUMMARIES = [
    "Partners leren elkaar kennen; eerste gesprekken met verloskundigen en wijkteams.",
    "Gezamenlijke ambitie vastgesteld; plan van aanpak in concept.",
    "Werkgroepen draaien; de eerste interventies zijn gestart.",
    "Evaluatie met alle partners; financiering na de projectperiode besproken.",
]


def _place_names(count: int, rng: random.Random) -> list[str]:
    names = [f"{s}{m}{x}" for s in _STEMS for m in _MIDDLES for x in _SUFFIXES]
    rng.shuffle(names)
    if count > len(names):
        raise CommandError(f"Maximaal {len(names)} gemeenten.")
    return names[:count]


def _person(rng: random.Random) -> tuple[str, str]:
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    return f"{first} {last}", f"{first}.{last}".lower().replace("ë", "e")


def _date(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    return start + datetime.timedelta(days=rng.randrange((end - start).days + 1))


@dataclass
class SeedContext:
    """What the steps share: the scale, a generator per step, and rows made by earlier steps."""

    coalitions: int
    organisations: int
    stdout: object = None
    gemeenten: list = field(default_factory=list)  # Gemeente, in CBS-code order
    coalition_rows: list = field(default_factory=list)  # Coalition, in slug order
    organisation_rows: list = field(default_factory=list)  # Organisation, in KvK order
    users: dict = field(default_factory=dict)  # username -> User
    cache: dict = field(default_factory=dict)  # rows a later step reads again (partners)

    def rng(self, step: str) -> random.Random:
        # A string seed is hashed with SHA-512: the same numbers in every process and run.
        return random.Random(f"{SEED}-{step}")


def seed_users(ctx: SeedContext) -> dict:
    User = get_user_model()
    pharos_group, _ = Group.objects.get_or_create(name=PHAROS_GROUP)
    wanted = [
        (BENCH_ADMIN, {"is_staff": True, "is_superuser": True}),
        (BENCH_EDITOR, {}),
        (BENCH_MEMBER, {}),
        *[(name, {"is_staff": True}) for name in BENCH_PHAROS],
        *[(f"bench-editor-{i:03d}", {}) for i in range(1, OWN_EDITORS + 1)],
    ]
    created = 0
    for username, flags in wanted:
        # No passwords: the bench logs in through sessions it creates itself.
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={**flags, "email": f"{username}@example.org", "password": "!"},
        )
        created += was_created
        ctx.users[username] = user
    pharos_group.user_set.add(*(ctx.users[name] for name in BENCH_PHAROS))
    return {"gebruikers": created}


def seed_coalitions(ctx: SeedContext) -> dict:
    """About 1.14 gemeenten per coalition (the national ratio); every 7th coalition regional."""
    rng = ctx.rng("coalitions")
    n_gemeenten = round(ctx.coalitions * 1.14)
    names = _place_names(n_gemeenten, rng)
    provinces = Province.values
    gemeenten = [
        Gemeente(
            cbs_code=f"GM{FIRST_CBS + i:04d}",
            name=names[i],
            province=rng.choice(provinces),
            ggd_region=f"GGD Benchregio {i % 25 + 1}",
        )
        for i in range(n_gemeenten)
    ]
    before = Gemeente.objects.count()
    Gemeente.objects.bulk_create(gemeenten, batch_size=BATCH, ignore_conflicts=True)
    made_gemeenten = Gemeente.objects.count() - before
    codes = [g.cbs_code for g in gemeenten]
    ctx.gemeenten = list(Gemeente.objects.filter(cbs_code__in=codes).order_by("cbs_code"))

    # Coalition i has gemeente i; the extra gemeenten go, two by two, to the regional ones.
    extra = list(range(ctx.coalitions, n_gemeenten))
    membership = {i: [i] for i in range(ctx.coalitions)}
    regional = [i for i in range(ctx.coalitions) if i % 7 == 3]
    for k, g in enumerate(extra):
        membership[regional[(k // 2) % len(regional)] if regional else 0].append(g)
    advisers = [ctx.users[name] for name in BENCH_PHAROS]
    coalitions = []
    for i in range(ctx.coalitions):
        first = names[i]
        kind = CoalitionKind.REGIONAAL if len(membership[i]) > 1 else CoalitionKind.LOKAAL
        coalitions.append(
            Coalition(
                name=f"{'Regio ' if kind == CoalitionKind.REGIONAAL else ''}{first} Kansrijk",
                slug=f"{SLUG_PREFIX}{i + 1:03d}",
                kind=kind,
                phase=Phase.VERKENNING,  # set from the newest status update below
                start_date=_date(rng, datetime.date(2018, 6, 1), datetime.date(2023, 12, 31)),
                ambition=(
                    f"In {first} krijgt ieder kind een kansrijke start: medisch en sociaal "
                    "domein werken samen rond (aanstaande) ouders in een kwetsbare positie."
                ),
                boegbeeld=f"wethouder {_person(rng)[0]}",
                pharos_adviser=advisers[i % len(advisers)],
            )
        )
    before = Coalition.objects.count()
    Coalition.objects.bulk_create(coalitions, batch_size=BATCH, ignore_conflicts=True)
    made_coalitions = Coalition.objects.count() - before
    slugs = [c.slug for c in coalitions]
    ctx.coalition_rows = list(Coalition.objects.filter(slug__in=slugs).order_by("slug"))
    gemeente_ids = [g.pk for g in ctx.gemeenten]
    # Each gemeente in one coalition (the rule CoalitionGemeente holds), from its start date;
    # a re-run skips the links that exist (ignore_conflicts meets the one-running-link index).
    CoalitionGemeente.objects.bulk_create(
        [
            CoalitionGemeente(coalition_id=c.pk, gemeente_id=gemeente_ids[g], since=c.start_date)
            for i, c in enumerate(ctx.coalition_rows)
            for g in membership[i]
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return {"gemeenten": made_gemeenten, "coalities": made_coalitions}


def seed_status_updates(ctx: SeedContext) -> dict:
    """Eight half-yearly updates per coalition; the phase mostly moves on, sometimes back."""
    rng = ctx.rng("status")
    has_updates = set(
        StatusUpdate.objects.filter(coalition__in=ctx.coalition_rows).values_list(
            "coalition_id", flat=True
        )
    )
    updates, phases = [], {}
    for coalition in ctx.coalition_rows:
        phase = 0
        date = coalition.start_date
        rows = []
        for n in range(8):
            step = rng.choices([0, 1, -1], weights=[5, 4, 1])[0] if n else 0
            phase = min(max(phase + step, 0), len(Phase.values) - 1)
            rows.append(
                StatusUpdate(
                    coalition=coalition,
                    date=date,
                    phase=Phase.values[phase],
                    summary=_SUMMARIES[min(phase, len(_SUMMARIES) - 1)],
                    next_steps="Volgende overleg met alle partners plannen.",
                    bottlenecks=rng.choice(["", "Financiering na 2025 is onzeker."]),
                )
            )
            date += datetime.timedelta(days=182)
        phases[coalition.pk] = Phase.values[phase]
        if coalition.pk not in has_updates:
            updates.extend(rows)
    StatusUpdate.objects.bulk_create(updates, batch_size=BATCH)
    # The coalition's phase is its newest update's (as services.post_status_update keeps it).
    stale = [c for c in ctx.coalition_rows if c.phase != phases[c.pk]]
    for c in stale:
        c.phase = phases[c.pk]
    Coalition.objects.bulk_update(stale, ["phase"], batch_size=BATCH)
    return {"statusupdates": len(updates)}


def seed_organisations(ctx: SeedContext) -> dict:
    """A shared pool of organisations in every category; nine in ten can go on the map."""
    rng = ctx.rng("organisations")
    categories = Category.values
    places = [g.name for g in ctx.gemeenten] or ["Benchdorp"]
    rows = []
    for i in range(ctx.organisations):
        category = rng.choice(categories)
        place = rng.choice(places)
        on_map = rng.random() < 0.9
        rows.append(
            Organisation(
                name=f"{Category(category).label} {rng.choice(_LAST_NAMES)} {place}",
                kvk_number=str(FIRST_KVK + i),
                category=category,
                domain=CATEGORY_DOMAIN[category],
                address=f"{rng.choice(_STREETS)} {rng.randint(1, 250)}",
                postcode=f"{rng.randint(1000, 9999)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}"
                f"{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
                place=place,
                latitude=Decimal(f"{rng.uniform(50.8, 53.4):.6f}") if on_map else None,
                longitude=Decimal(f"{rng.uniform(3.5, 7.1):.6f}") if on_map else None,
                website=f"https://org{i}.example.org/" if rng.random() < 0.5 else "",
            )
        )
    before = Organisation.objects.count()
    Organisation.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    made = Organisation.objects.count() - before
    kvk = [o.kvk_number for o in rows]
    ctx.organisation_rows = list(
        Organisation.objects.filter(kvk_number__in=kvk).order_by("kvk_number")
    )
    return {"organisaties": made}


def seed_partners(ctx: SeedContext) -> dict:
    """35-45 partners per coalition from the pool: one trekker (the coalition's trekker is
    this partnership role), five kernpartners, 5% ended."""
    rng = ctx.rng("partners")
    has_partners = set(
        CoalitionPartner.objects.filter(coalition__in=ctx.coalition_rows).values_list(
            "coalition_id", flat=True
        )
    )
    pool = ctx.organisation_rows
    levels = Level.values
    rows = []
    for coalition in ctx.coalition_rows:
        chosen = rng.sample(range(len(pool)), min(rng.randint(35, 45), len(pool)))
        partners = []
        for n, index in enumerate(chosen):
            since = _date(rng, coalition.start_date, datetime.date(2025, 6, 30))
            ended = n > 5 and rng.random() < 0.05
            partners.append(
                CoalitionPartner(
                    coalition=coalition,
                    organisation=pool[index],
                    since=since,
                    until=since + datetime.timedelta(days=400) if ended else None,
                    levels=sorted(rng.sample(levels, rng.randint(1, 3))),
                    role=PartnerRole.TREKKER
                    if n == 0
                    else PartnerRole.KERNPARTNER
                    if n <= 5
                    else PartnerRole.PARTNER,
                )
            )
        if coalition.pk not in has_partners:
            rows.extend(partners)
    CoalitionPartner.objects.bulk_create(rows, batch_size=BATCH)
    return {"coalitiepartners": len(rows)}


def seed_contacts(ctx: SeedContext) -> dict:
    """Three contact people per partnership (invented names, example.org addresses): each
    coalition keeps its own people at an organisation, as in the app."""
    rng = ctx.rng("contacts")
    partnerships = list(
        CoalitionPartner.objects.filter(coalition__in=ctx.coalition_rows)
        .select_related("coalition", "organisation")
        .order_by("coalition__slug", "organisation__kvk_number", "pk")
    )
    has_contacts = set(
        ContactPerson.objects.filter(partnership__in=partnerships).values_list(
            "partnership_id", flat=True
        )
    )
    rows = []
    for partnership in partnerships:
        people = []
        for n in range(3):
            name, mail = _person(rng)
            people.append(
                ContactPerson(
                    partnership=partnership,
                    name=name,
                    function=rng.choice(_FUNCTIONS),
                    email=f"{mail}.{partnership.organisation.kvk_number[-5:]}{n}"
                    f".{partnership.coalition.slug}@example.org",
                    phone=f"0{rng.randint(10, 99)} {rng.randint(100, 999)} "
                    f"{rng.randint(1000, 9999)}",
                )
            )
        if partnership.pk not in has_contacts:
            rows.extend(people)
    ContactPerson.objects.bulk_create(rows, batch_size=BATCH)
    return {"contactpersonen": len(rows)}


def seed_roles(ctx: SeedContext) -> dict:
    editor, member = ctx.users[BENCH_EDITOR], ctx.users[BENCH_MEMBER]
    roles = []
    for i, coalition in enumerate(ctx.coalition_rows):
        if i < BENCH_USER_COALITIONS:
            roles.append(CoalitionRole(user=editor, coalition=coalition, role="editor"))
            roles.append(CoalitionRole(user=member, coalition=coalition, role="member"))
        if i < OWN_EDITORS:
            own = ctx.users[f"bench-editor-{i + 1:03d}"]
            roles.append(CoalitionRole(user=own, coalition=coalition, role="editor"))
    before = CoalitionRole.objects.count()
    CoalitionRole.objects.bulk_create(roles, ignore_conflicts=True)
    return {"rollen": CoalitionRole.objects.count() - before}


# --- pijlers ----------------------------------------------------------------------------------

BENCH_INDICATORS = 10
MEASUREMENT_YEARS = range(2014, 2024)  # ten years
ASSESSMENT_DATES = [datetime.date(2023, 3, 1), datetime.date(2024, 9, 1)]


def seed_assessments(ctx: SeedContext) -> dict:
    """Each pillar assessed twice per coalition, with an answer to each active question.

    Assessments and answers are append-only (triggers refuse UPDATE/DELETE); this only inserts,
    and only for coalitions without any assessment yet.
    """
    from pijlers.models import Assessment, AssessmentAnswer, MaturityLevel, Pillar

    rng = ctx.rng("assessments")
    pillars = list(Pillar.objects.prefetch_related("questions").order_by("number"))
    assessed = set(
        Assessment.objects.filter(coalition__in=ctx.coalition_rows).values_list(
            "coalition_id", flat=True
        )
    )
    levels = MaturityLevel.values
    author = ctx.users[BENCH_EDITOR]
    rows = []
    for coalition in ctx.coalition_rows:
        made = []
        for pillar in pillars:
            level = rng.randrange(len(levels) - 1)
            for date in ASSESSMENT_DATES:
                level = min(level + rng.randint(0, 1), len(levels) - 1)
                made.append(
                    Assessment(
                        coalition=coalition,
                        pillar=pillar,
                        date=date,
                        level=levels[level],
                        notes="Besproken in het kernteam.",
                        next_actions=rng.choice(["", "Werkgroep vraagt partners om input."]),
                        author=author,
                    )
                )
        if coalition.pk not in assessed:
            rows.extend(made)
    Assessment.objects.bulk_create(rows, batch_size=BATCH)
    questions = {p.pk: [q for q in p.questions.all() if q.active] for p in pillars}
    answers = [
        AssessmentAnswer(assessment=a, question=q, text="Ja, in de meeste wijken.")
        for a in rows
        for q in questions[a.pillar_id]
    ]
    AssessmentAnswer.objects.bulk_create(answers, batch_size=BATCH)
    return {"zelfevaluaties": len(rows), "antwoorden": len(answers)}


def seed_measurements(ctx: SeedContext) -> dict:
    """Ten years of ten indicators for every bench gemeente (~34,000 rows); one in twenty is
    based on fewer than ten cases. Only gemeenten without figures get them."""
    from pijlers.models import Indicator, Measurement

    rng = ctx.rng("measurements")
    indicators = list(Indicator.objects.order_by("order", "code")[:BENCH_INDICATORS])
    measured = set(
        Measurement.objects.filter(gemeente__in=ctx.gemeenten).values_list("gemeente_id", flat=True)
    )
    rows = []
    for gemeente in ctx.gemeenten:
        made = []
        for indicator in indicators:
            value = rng.uniform(2, 40)
            for year in MEASUREMENT_YEARS:
                value = max(value + rng.uniform(-1.5, 1.5), 0)
                made.append(
                    Measurement(
                        gemeente=gemeente,
                        indicator=indicator,
                        period=str(year),
                        start_year=year,
                        end_year=year,
                        value=Decimal(f"{value:.2f}"),
                        source="Benchbron",
                        small_numbers=rng.random() < 0.05,
                    )
                )
        if gemeente.pk not in measured:
            rows.extend(made)
    Measurement.objects.bulk_create(rows, batch_size=BATCH)
    return {"metingen": len(rows)}


def seed_offerings(ctx: SeedContext) -> dict:
    """Three to six interventions offered by partners of each coalition."""
    from pijlers.models import Intervention, Offering

    rng = ctx.rng("offerings")
    interventions = list(Intervention.objects.order_by("name"))
    partners = _partners_by_coalition(ctx)
    offered = set(
        Offering.objects.filter(partner__coalition__in=ctx.coalition_rows).values_list(
            "partner__coalition_id", flat=True
        )
    )
    rows = []
    for coalition in ctx.coalition_rows:
        pool = partners.get(coalition.pk, [])
        made = []
        if pool and interventions:
            for intervention in rng.sample(
                interventions, min(rng.randint(3, 6), len(interventions))
            ):
                made.append(
                    Offering(
                        partner=rng.choice(pool),
                        intervention=intervention,
                        life_phases=intervention.life_phases,
                        vulnerability_levels=intervention.vulnerability_levels,
                    )
                )
        if coalition.pk not in offered:
            rows.extend(made)
    Offering.objects.bulk_create(rows, batch_size=BATCH)
    return {"aanbod": len(rows)}


def _partners_by_coalition(ctx: SeedContext) -> dict[int, list]:
    """The coalitions' partners (CoalitionPartner), in a fixed order, once per run."""
    if "partners" not in ctx.cache:
        found = {}
        for partner in CoalitionPartner.objects.filter(coalition__in=ctx.coalition_rows).order_by(
            "coalition_id", "organisation__kvk_number"
        ):
            found.setdefault(partner.coalition_id, []).append(partner)
        ctx.cache["partners"] = found
    return ctx.cache["partners"]


# --- experiments ------------------------------------------------------------------------------

WORK_ITEMS = 30
AGREEMENTS = 2
_THEMES = ["Preconceptie", "Zwangerschap", "Geboorte en kraam", "Eerste 1000 dagen", "Armoede"]
_ITEM_TOPICS = [
    "Vroegsignalering in de wijk",
    "Gezamenlijk huisbezoek",
    "Ouders aan het woord",
    "Schuldhulp tijdens de zwangerschap",
    "Warme overdracht verloskundige-JGZ",
    "Rookvrij opgroeien",
    "Taalcafé voor jonge moeders",
    "Kraamzorg voor iedereen",
]


def seed_work_items(ctx: SeedContext) -> dict:
    """Per coalition: five themes, 30 werkagenda items over 2019-2026 with one or two themes,
    a trekker and two to five participating partners (all of the same coalition, as the
    triggers demand), and a bottleneck on every tenth item."""
    from common.quarters import quarter_index
    from experiments.models import Bottleneck, InvolvedLevel, ItemKind, ItemStatus, Theme, WorkItem

    rng = ctx.rng("werkagenda")
    partners = _partners_by_coalition(ctx)
    Theme.objects.bulk_create(
        [
            Theme(coalition=c, name=name, order=n)
            for c in ctx.coalition_rows
            for n, name in enumerate(_THEMES)
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    themes = {}
    for theme in Theme.objects.filter(coalition__in=ctx.coalition_rows, name__in=_THEMES).order_by(
        "coalition_id", "order"
    ):
        themes.setdefault(theme.coalition_id, []).append(theme)
    planned = set(
        WorkItem.objects.filter(coalition__in=ctx.coalition_rows).values_list(
            "coalition_id", flat=True
        )
    )
    items, item_themes, item_partners = [], [], []
    levels = InvolvedLevel.values
    for coalition in ctx.coalition_rows:
        pool = partners.get(coalition.pk, [])
        made = []
        for n in range(WORK_ITEMS):
            start = quarter_index(rng.randint(2019, 2026), rng.randint(1, 4))
            open_end = rng.random() < 0.2
            item = WorkItem(
                coalition=coalition,
                kind=rng.choice(ItemKind.values),
                title=f"{rng.choice(_ITEM_TOPICS)} {n + 1}",
                description="Samen met partners uitproberen wat werkt.",
                goal="Meer (aanstaande) ouders tijdig in beeld.",
                lead_partner=rng.choice(pool) if pool else None,
                status=rng.choice(ItemStatus.values),
                start_quarter=start,
                end_quarter=None if open_end else start + rng.randint(0, 8),
                levels=sorted(rng.sample(levels, rng.randint(1, 3))),
                published=rng.random() < 0.6,
            )
            chosen_themes = rng.sample(themes.get(coalition.pk, []), rng.randint(1, 2))
            chosen_partners = rng.sample(pool, min(rng.randint(2, 5), len(pool)))
            made.append((item, chosen_themes, chosen_partners))
        if coalition.pk not in planned:
            items.extend(made)
    WorkItem.objects.bulk_create([m[0] for m in items], batch_size=BATCH)
    ThemeLink, PartnerLink = WorkItem.themes.through, WorkItem.partners.through
    for item, chosen_themes, chosen_partners in items:
        item_themes += [ThemeLink(workitem_id=item.pk, theme_id=t.pk) for t in chosen_themes]
        item_partners += [
            PartnerLink(workitem_id=item.pk, coalitionpartner_id=p.pk) for p in chosen_partners
        ]
    ThemeLink.objects.bulk_create(item_themes, batch_size=BATCH)
    PartnerLink.objects.bulk_create(item_partners, batch_size=BATCH)
    bottlenecks = []
    for n, (item, _themes, _partners) in enumerate(items):
        if n % 10 == 3:
            raised = datetime.date(2024, 1, 1) + datetime.timedelta(days=rng.randrange(500))
            solved = rng.random() < 0.4
            bottlenecks.append(
                Bottleneck(
                    work_item=item,
                    description="Gegevensdeling tussen verloskundigen en JGZ loopt vast.",
                    raised_on=raised,
                    resolved_on=raised + datetime.timedelta(days=60) if solved else None,
                    resolution="Convenant gegevensdeling getekend." if solved else "",
                )
            )
    Bottleneck.objects.bulk_create(bottlenecks, batch_size=BATCH)
    return {
        "werkagenda-onderdelen": len(items),
        "themakoppelingen": len(item_themes),
        "deelnemers": len(item_partners),
        "knelpunten": len(bottlenecks),
    }


def seed_agreements(ctx: SeedContext) -> dict:
    """Two agreements per coalition (no PDFs), signed by five to ten of its partners."""
    from experiments.models import Agreement, AgreementKind, Signatory

    rng = ctx.rng("agreements")
    partners = _partners_by_coalition(ctx)
    agreed = set(
        Agreement.objects.filter(coalition__in=ctx.coalition_rows).values_list(
            "coalition_id", flat=True
        )
    )
    made_all = []
    for coalition in ctx.coalition_rows:
        pool = partners.get(coalition.pk, [])
        made = []
        for n in range(AGREEMENTS):
            agreement = Agreement(
                coalition=coalition,
                kind=AgreementKind.values[n % len(AgreementKind.values)],
                title=f"{AgreementKind.labels[n % len(AgreementKind.values)]} {coalition.name}",
                signed_on=_date(rng, coalition.start_date, datetime.date(2025, 6, 30)),
                place=coalition.name.removeprefix("Regio ").removesuffix(" Kansrijk"),
            )
            signers = []
            for partner in rng.sample(pool, min(rng.randint(5, 10), len(pool))):
                name, _mail = _person(rng)
                signers.append((partner, name, rng.choice(_FUNCTIONS)))
            made.append((agreement, signers))
        if coalition.pk not in agreed:
            made_all.extend(made)
    Agreement.objects.bulk_create([m[0] for m in made_all], batch_size=BATCH)
    signatories = [
        Signatory(agreement=agreement, partner=partner, signer_name=name, signer_function=fn)
        for agreement, signers in made_all
        for partner, name, fn in signers
    ]
    Signatory.objects.bulk_create(signatories, batch_size=BATCH)
    return {"afspraken": len(made_all), "ondertekenaars": len(signatories)}


# --- relations, results and goals (the network, /leren/, the API and the dashboard) -----------

RELATIONS = 25
RESULTS_UNTIL = datetime.date(2025, 12, 31)  # fixed, so every run makes the same results
GOAL_YEARS = range(2024, 2028)
_RELATION_NOTES = ["", "", "Wekelijks casusoverleg.", "Vaste contactpersoon per wijk."]
_OUTCOMES = [
    "Meer gezinnen bereikt dan gepland; verwijzingen lopen via één loket.",
    "Verloskundigen en JGZ bespreken samen zwangeren in een kwetsbare positie.",
    "Ouders vinden de weg naar schuldhulp eerder in de zwangerschap.",
]
_GOALS = [
    "Elke zwangere in een kwetsbare positie heeft vóór week 16 een vast aanspreekpunt.",
    "Warme overdracht van verloskundige naar JGZ bij alle praktijken.",
    "Rookvrije zwangerschap bespreekbaar in elk eerste consult.",
]


def seed_relations(ctx: SeedContext) -> dict:
    """25 typed relations per coalition between running partners (the network page), each from
    the later of the two partnerships' starts; one in five rests on an agreement."""
    from django.contrib.contenttypes.models import ContentType

    from experiments.models import Agreement
    from partners.models import DIRECTED_KINDS, PartnerRelation, RelationKind

    rng = ctx.rng("relations")
    partners = _partners_by_coalition(ctx)
    agreement_type = ContentType.objects.get_for_model(Agreement)
    agreements = dict(
        Agreement.objects.filter(coalition__in=ctx.coalition_rows)
        .order_by("coalition_id", "pk")
        .values_list("coalition_id", "pk")
    )
    related = set(
        PartnerRelation.objects.filter(coalition__in=ctx.coalition_rows).values_list(
            "coalition_id", flat=True
        )
    )
    rows = []
    for coalition in ctx.coalition_rows:
        pool = [p for p in partners.get(coalition.pk, []) if p.until is None]
        made, seen = [], set()
        for _attempt in range(RELATIONS * 3):
            if len(made) == RELATIONS or len(pool) < 2:
                break
            source, target = rng.sample(pool, 2)
            kind = rng.choice(RelationKind.values)
            # The open-relation constraints: per direction, or per pair for mutual kinds.
            key = (
                (source.pk, target.pk, kind)
                if kind in DIRECTED_KINDS
                else (min(source.pk, target.pk), max(source.pk, target.pk), kind)
            )
            if key in seen:
                continue
            seen.add(key)
            basis = agreements.get(coalition.pk) if rng.random() < 0.2 else None
            made.append(
                PartnerRelation(
                    coalition=coalition,
                    source=source,
                    target=target,
                    kind=kind,
                    since=max(source.since, target.since)
                    + datetime.timedelta(days=rng.randrange(180)),
                    basis_type=agreement_type if basis else None,
                    basis_id=basis,
                    note=rng.choice(_RELATION_NOTES),
                    internal=rng.random() < 0.3,
                )
            )
        if coalition.pk not in related:
            rows.extend(made)
    PartnerRelation.objects.bulk_create(rows, batch_size=BATCH)
    return {"relaties": len(rows)}


def seed_results(ctx: SeedContext) -> dict:
    """A result on every second item that started by 2025 (what /leren/ finds and the public
    werkagenda shows), dated in its first year and never after RESULTS_UNTIL; one in three
    with a figure."""
    from experiments.models import Result, WorkItem

    rng = ctx.rng("results")
    items = list(
        WorkItem.objects.filter(
            coalition__in=ctx.coalition_rows, start_quarter__lt=(RESULTS_UNTIL.year + 1) * 4
        ).order_by("coalition_id", "pk")
    )
    with_results = set(
        Result.objects.filter(work_item__coalition__in=ctx.coalition_rows).values_list(
            "work_item__coalition_id", flat=True
        )
    )
    rows = []
    for n, item in enumerate(items):
        if n % 2:
            continue
        start = datetime.date(item.start_quarter // 4, item.start_quarter % 4 * 3 + 1, 1)
        date = min(start + datetime.timedelta(days=rng.randrange(365)), RESULTS_UNTIL)
        figure = rng.random() < 0.33
        result = Result(
            work_item=item,
            date=date,
            outcome=rng.choice(_OUTCOMES),
            worked="Korte lijnen tussen de partners.",
            did_not_work=rng.choice(["", "Gegevens delen kostte maanden."]),
            lessons="Begin klein, met twee praktijken, en maak afspraken schriftelijk.",
            figure=Decimal(rng.randint(5, 400)) if figure else None,
            figure_label="bereikte gezinnen" if figure else "",
        )
        if item.coalition_id not in with_results:
            rows.append(result)
    Result.objects.bulk_create(rows, batch_size=BATCH)
    return {"resultaten": len(rows)}


def seed_goals(ctx: SeedContext) -> dict:
    """Three goals a year (2024-2027) per coalition, each owned by one of its partners (the
    dashboard shows this year's)."""
    from coalitions.models import Goal

    rng = ctx.rng("goals")
    partners = _partners_by_coalition(ctx)
    with_goals = set(
        Goal.objects.filter(coalition__in=ctx.coalition_rows).values_list("coalition_id", flat=True)
    )
    rows = []
    for coalition in ctx.coalition_rows:
        pool = partners.get(coalition.pk, [])
        made = [
            Goal(
                coalition=coalition,
                year=year,
                description=description,
                owner=rng.choice(pool) if pool else None,
            )
            for year in GOAL_YEARS
            for description in _GOALS
        ]
        if coalition.pk not in with_goals:
            rows.extend(made)
    Goal.objects.bulk_create(rows, batch_size=BATCH)
    return {"doelen": len(rows)}


# In order; later steps use rows of earlier ones. Apps add their step at the end.
STEPS = [
    seed_users,
    seed_coalitions,
    seed_status_updates,
    seed_organisations,
    seed_partners,
    seed_contacts,  # contact people belong to a partnership
    seed_roles,
    seed_assessments,
    seed_measurements,
    seed_offerings,
    seed_work_items,
    seed_agreements,
    seed_relations,  # may rest on an agreement
    seed_results,
    seed_goals,
]


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Maakt een landelijke synthetische dataset voor de benchmark (verzonnen namen); "
        "herhalen vult alleen aan wat ontbreekt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--coalitions", type=int, default=300, help="Aantal coalities.")
        parser.add_argument(
            "--organisations",
            type=int,
            default=None,
            help="Grootte van de organisatiepool (standaard 20 per coalitie).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Alles nalopen, niets opslaan.")
        parser.add_argument("--force", action="store_true", help="Ook draaien als DEBUG uit staat.")

    def handle(self, *args, coalitions, organisations, dry_run, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG staat uit: dit lijkt productie. Benchdata hoort in een eigen database; "
                "gebruik --force als u dit echt wilt."
            )
        if coalitions < 1:
            raise CommandError("Minstens 1 coalitie.")
        ctx = SeedContext(
            coalitions=coalitions,
            organisations=organisations if organisations is not None else 20 * coalitions,
            stdout=self.stdout,
        )
        started = time.monotonic()
        counts, timings = {}, []
        try:
            with transaction.atomic():
                for step in STEPS:
                    t = time.monotonic()
                    counts.update(step(ctx))
                    timings.append(f"{step.__name__} {time.monotonic() - t:.1f}s")
                if dry_run:
                    raise DryRun
        except DryRun:
            pass
        if not dry_run:
            # Fresh statistics, so the planner (and EXPLAIN) sees the national scale at once
            # instead of whenever autovacuum comes by.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if options["verbosity"] > 1:
            self.stdout.write(", ".join(timings))
        summary = ", ".join(f"{n} {label}" for label, n in counts.items())
        prefix = "Proefdraai (niets opgeslagen)" if dry_run else "Benchdata aangevuld"
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"{prefix}: {summary} nieuw, in {elapsed:.0f} s."))
