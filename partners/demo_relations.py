"""Demo relations between partners (issue 17): a few plausible ones for Delft, Zaanstad (the
wijkteams' aandachtsfunctionarissen as the contact point for medical professionals) and Leiden
(the VSV's meeting on vulnerable pregnancies), in our own words after the seeds.

Run by `load_demo` after every app's `demo.py` (so the agreements they may rest on exist).
Organisations are named, never numbered: the demo fixtures are rewritten independently, and a
relation whose organisation (or partnership) is missing is skipped without a word. Idempotent:
a second run finds the same open relations.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from partners.extensions import relation_bases
from partners.models import (
    DIRECTED_KINDS,
    CoalitionPartner,
    PartnerRelation,
    ReferralPath,
    ReferralStep,
    RelationKind,
)

D = datetime.date
K = RelationKind

# (coalition slug, from, kind, to, since, note, internal, basis title or "")
RELATIONS = [
    ("delft", "Verloskundigenpraktijk Delft Centrum", K.VERWIJST, "Delft Support", D(2021, 6, 1),
     "Bij zorgen over geld, wonen of spanning thuis tijdens de zwangerschap.", False, ""),
    ("delft", "VSV Reinier", K.CASUSOVERLEG, "Delft Support", D(2021, 9, 1),
     "Maandelijks multidisciplinair overleg over kwetsbare zwangeren.", False, ""),
    ("delft", "Kraamzorg Delflanden", K.WARME_OVERDRACHT, "JGZ Zuid-Holland West",
     D(2021, 4, 1), "Kraamverzorgende en jeugdverpleegkundige dragen samen over bij het "
     "eerste huisbezoek.", False, ""),
    ("delft", "ZEL Delft", K.VERWIJST, "Delft voor Elkaar", D(2022, 1, 1),
     "Welzijn op recept voor ouders met weinig steun om zich heen.", False, ""),
    ("delft", "Delft voor Elkaar", K.GEZAMENLIJK_AANBOD, "Humanitas Delft", D(2021, 9, 1),
     "Samen een maatjesaanbod voor jonge ouders.", False, ""),
    ("delft", "Reinier de Graaf ziekenhuis", K.GEGEVENSUITWISSELING, "JGZ Zuid-Holland West",
     D(2020, 1, 1), "Toestemming van ouders wordt nog anders gevraagd dan afgesproken; in "
     "uitwerking met de privacyfunctionarissen.", True,
     "Samenwerkingsovereenkomst lokale coalitie Kansrijke Start Delft"),
    # Zaanstad: one aandachtsfunctionaris per wijkteam is where midwives, hospital and GPs call.
    ("zaanstad", "Verloskundigenpraktijk Heilema", K.VERWIJST, "Sociaal Wijkteams Zaanstad",
     D(2020, 1, 1), "Via de aandachtsfunctionaris van het wijkteam: één aanspreekpunt voor "
     "zorgen rond een zwangerschap.", False, ""),
    ("zaanstad", "Verloskundigenpraktijk Assendelft e.o.", K.VERWIJST,
     "Sociaal Wijkteams Zaanstad", D(2020, 1, 1),
     "Via de aandachtsfunctionaris van het wijkteam.", False, ""),
    ("zaanstad", "Zaans Medisch Centrum", K.VERWIJST, "Sociaal Wijkteams Zaanstad",
     D(2020, 1, 1), "De polikliniek verloskunde belt de aandachtsfunctionaris bij zorgen "
     "over de thuissituatie.", False, ""),
    ("zaanstad", "Sociaal Wijkteams Zaanstad", K.WARME_OVERDRACHT, "GGD Zaanstreek-Waterland",
     D(2020, 1, 1), "Aanmelding voor een prenataal huisbezoek door de jeugdverpleegkundige.",
     False, ""),
    # Leiden: the VSV's multidisciplinary meeting, where social work already takes part.
    ("leiden", "Coöperatie van verloskundigen Leiden en omgeving", K.CASUSOVERLEG, "LUMC",
     D(2019, 6, 1), "Multidisciplinair overleg van het VSV over kwetsbare zwangeren.", False,
     ""),
    ("leiden", "Coöperatie van verloskundigen Leiden en omgeving", K.CASUSOVERLEG,
     "Jeugd- en gezinsteams Leiden", D(2020, 1, 1),
     "Het jeugd- en gezinsteam schuift aan bij het VSV-overleg als er zorgen thuis zijn.",
     False, ""),
    ("leiden", "Verloskundig centrum De Poort", K.VERWIJST, "Jeugd- en gezinsteams Leiden",
     D(2020, 1, 1), "Na bespreking in het VSV-overleg, voor steun bij armoede of stress.",
     False, ""),
]  # fmt: skip


# (coalition slug, situation, description, [(from, to, who acts, handover)])
PATHS = [
    ("delft", "Zwangere met schulden",
     "Van de eerste zorg bij de verloskundige naar hulp bij geldzaken, zonder dat de zwangere "
     "haar verhaal steeds opnieuw moet doen.",
     [("Verloskundigenpraktijk Delft Centrum", "Delft Support",
       "De verloskundige bespreekt de zorgen en vraagt toestemming om het wijkteam te bellen",
       "Telefonisch, met de zwangere erbij"),
      ("Delft Support", "Humanitas Delft",
       "Het wijkteam regelt een maatje voor de thuisadministratie",
       "Kennismaking met het maatje bij het wijkteam")]),
    ("zaanstad", "Zorgen rond een zwangerschap",
     "De verloskundige hoeft niet te zoeken wie ze moet bellen: de aandachtsfunctionaris van "
     "het wijkteam is het vaste aanspreekpunt.",
     [("Verloskundigenpraktijk Heilema", "Sociaal Wijkteams Zaanstad",
       "De verloskundige belt de aandachtsfunctionaris van het wijkteam",
       "Telefonisch, na toestemming van de zwangere"),
      ("Sociaal Wijkteams Zaanstad", "GGD Zaanstreek-Waterland",
       "De aandachtsfunctionaris meldt het gezin aan voor een prenataal huisbezoek",
       "Warme overdracht aan de jeugdverpleegkundige")]),
    ("leiden", "Kwetsbare zwangere",
     "Van het VSV-overleg naar steun thuis, zodat armoede of stress niet blijft liggen.",
     [("Verloskundig centrum De Poort", "Coöperatie van verloskundigen Leiden en omgeving",
       "De verloskundige brengt de zwangere in bij het multidisciplinaire VSV-overleg",
       "Besproken in het overleg, met toestemming van de zwangere"),
      ("Coöperatie van verloskundigen Leiden en omgeving", "Jeugd- en gezinsteams Leiden",
       "Het overleg spreekt af wie het jeugd- en gezinsteam inschakelt",
       "Het jeugd- en gezinsteam neemt binnen een week contact op")]),
]  # fmt: skip


def _load_paths() -> int:
    made = 0
    for slug, title, description, steps in PATHS:
        names = {name for step in steps for name in step[:2]}
        ends = {
            p.organisation.name: p
            for p in CoalitionPartner.objects.running()
            .filter(coalition__slug=slug, organisation__name__in=names)
            .select_related("organisation", "coalition")
        }
        if names - set(ends):
            continue
        coalition = next(iter(ends.values())).coalition
        path, _created = ReferralPath.objects.update_or_create(
            coalition=coalition, title=title, defaults={"description": description}
        )
        for position, (source, target, actor, handover) in enumerate(steps, start=1):
            ReferralStep.objects.update_or_create(
                path=path,
                position=position,
                defaults={
                    "from_partner": ends[source],
                    "to_partner": ends[target],
                    "actor": actor,
                    "handover": handover,
                },
            )
        made += 1
    return made


def _basis(coalition, title):
    """The agreement or item called `title` of `coalition`, from the registered bases."""
    for basis in relation_bases:
        found = basis.candidates(coalition).filter(title=title).first()
        if found is not None:
            return ContentType.objects.get_for_model(found), found.pk
    return None, None


def load(data=None) -> dict:
    made = 0
    for slug, source, kind, target, since, note, internal, basis_title in RELATIONS:
        ends = {
            p.organisation.name: p
            for p in CoalitionPartner.objects.running()
            .filter(coalition__slug=slug, organisation__name__in=[source, target])
            .select_related("organisation", "coalition")
        }
        if source not in ends or target not in ends:
            continue
        a, b = ends[source], ends[target]
        same = Q(source=a, target=b)
        if kind not in DIRECTED_KINDS:
            same |= Q(source=b, target=a)
        existing = PartnerRelation.objects.filter(same, kind=kind, until__isnull=True).first()
        relation = existing or PartnerRelation(coalition=a.coalition, source=a, target=b, kind=kind)
        relation.since = max(since, a.since, b.since)
        relation.note, relation.internal = note, internal
        relation.basis_type, relation.basis_id = (
            _basis(a.coalition, basis_title) if basis_title else (None, None)
        )
        relation.full_clean()
        relation.save()
        made += 1
    return {"relaties tussen partners": made, "zorgpaden": _load_paths()}
