"""Reference data: the five pillars of the denkraam with their questions, the cross-cutting
elements, the programme's usual indicators (no values: figures come in through the import) and
the intervention catalogue.

The texts are our own summary of Pharos' inspiration dossier (chapters 3 and 4); Pharos edits
them in the admin. Frozen here on purpose: a migration must not change after it has run.
"""

from django.db import migrations

PILLARS = [
    (
        1,
        "Overkoepelende programmadoelen en gezamenlijke uitkomsten",
        "Doelen",
        "Een breed gedragen programma met doelen die alle partners delen: in de kern een gezonde "
        "zwangerschap, een veilige geboorte en een goede ontwikkeling van de jongste kinderen, "
        "eventueel verbreed naar gezondheidsverschillen of armoede. Inwoners, professionals en "
        "organisaties erkennen samen de urgentie.",
        [
            "Hebben de partners samen een visie vastgelegd, met heldere doelen voor wat de "
            "aanpak moet opleveren?",
            "Hebben alle relevante domeinen en organisaties meegedacht over visie en doelen, en "
            "gebruiken ze dezelfde begrippen?",
            "Zijn bestuur, management en beleid, en uitvoering vertegenwoordigd bij het stellen "
            "van de doelen, en hebben de mensen aan tafel mandaat voor de besluiten?",
            "Weten we wie de lokale voortrekkers op dit thema zijn, en werken we met hen samen?",
            "Welke cijfers over gezinnen met jonge kinderen zijn er al, bij welke partij, en "
            "hebben we ze samen geanalyseerd: waar staan we en waar willen we heen?",
            "Hoe omschrijven we de doelgroep en wat verstaan we onder kwetsbaarheid; onderschrijven "
            "alle partners die omschrijving?",
        ],
    ),
    (
        2,
        "Monitoring en leren",
        "Monitoring",
        "Bij elk doel horen uitkomstmaten, aangevuld met procescijfers en met de ervaring van "
        "ouders zelf. Door dat vast te blijven volgen leert de coalitie, stuurt ze bij en maakt "
        "ze afspraken over wat de cijfers vragen.",
        [
            "Welke uitkomstmaten horen bij de doelen die de coalitie zich heeft gesteld?",
            "Hoe delen de partners monitoringsinformatie, en hoe sturen ze op basis daarvan bij?",
            "Kunnen we procescijfers, zoals het aandeel zwangeren dat vóór tien weken bij de "
            "verloskundige in beeld is, regelmatig verzamelen en delen?",
            "Volgen we hoe gezinnen de zorg en ondersteuning ervaren en hoe het met het welzijn "
            "van ouders gaat, en horen we daarbij ook ouders in een kwetsbare positie?",
            "Zijn er afspraken over de acties die uit de monitoringsresultaten volgen?",
        ],
    ),
    (
        3,
        "Community-aanpak",
        "Community",
        "Ouders halen kennis en steun eerst uit hun eigen omgeving. Door formele en informele "
        "steun te verbinden, bijvoorbeeld via sleutelpersonen, bereikt de coalitie ouders "
        "vroeg, wordt praten over de eerste 1000 dagen gewoon en groeit de veerkracht in de "
        "gemeenschap.",
        [
            "Zijn er sleutelpersonen actief in de gemeente, en denken zij mee over plannen, "
            "interventies en voorlichting?",
            "Sluiten voorlichting en informatie aan bij de vaardigheden en de leefwereld van de "
            "ouders die we willen bereiken, ook bij laaggeletterdheid?",
            "Weten we waar inwoners samenkomen (school, sportclub, moskee, kerk, buurthuis) en "
            "gebruiken we die plekken om over de eerste 1000 dagen te praten?",
            "Wie in gemeente of coalitie heeft zicht op die plekken; denken we ook aan het mbo, "
            "jongerenwerk en sport?",
            "Zou een benadering die de leefwereld van inwoners als vertrekpunt neemt, zoals "
            "social design, hier kunnen helpen?",
        ],
    ),
    (
        4,
        "Palet van professionele zorg",
        "Palet",
        "Goede zorg op maat, zo vroeg mogelijk bereikbaar voor ieder gezin, met samenhangende "
        "extra steun voor wie dat nodig heeft. Interventies zijn puzzelstukjes: het gaat om een "
        "doordachte combinatie over alle levensdomeinen, samenwerkingsafspraken en het "
        "vakmanschap van professionals.",
        [
            "Hebben we overzicht van het huidige aanbod aan hulp en ondersteuning in de eerste "
            "1000 dagen, en weten we hoe er wordt verwezen en afgestemd?",
            "Sluit het aanbod op elkaar aan, op de gezamenlijke doelen en op de informele steun?",
            "Is er overlap in het aanbod, zoals dezelfde voorlichting die bij meerdere partijen "
            "wordt ingekocht?",
            "Investeren we extra in de vroegste fase, bijvoorbeeld met extra huisbezoeken door de "
            "JGZ of met groepsgerichte zorg?",
            "Hoe werken we aan de deskundigheid van professionals (gehechtheid, stress-, trauma- "
            "en cultuursensitief werken), en voelen zij zich toegerust voor gevoelige gesprekken?",
            "Kennen professionals in alle domeinen het belang van de eerste 1000 dagen, en "
            "spreken zij dezelfde taal?",
            "Houdt de ondersteuning rekening met ouders met beperkte gezondheidsvaardigheden, "
            "voor wie reflectie op eigen gedrag niet vanzelf spreekt?",
        ],
    ),
    (
        5,
        "Regie op de ketenzorg",
        "Regie",
        "Gezinnen in een kwetsbare positie hebben met veel instanties te maken. Die maken samen "
        "met het gezin afspraken, stemmen af en stellen prioriteiten; één regisseur met kennis "
        "van de vroegste periode houdt daarbij het overzicht.",
        [
            "Weten we hoe gezinnen in een kwetsbare positie de zorg en ondersteuning beleven, "
            "bijvoorbeeld uit klantreizen?",
            "Heeft een gezin in de praktijk één vaste professionele of informele regisseur (één "
            "gezin, één plan), het liefst al vanaf de zwangerschap?",
            "Hebben de regisseurs de kennis die de vroegste periode vraagt: ontwikkeling, hechting, "
            "geboortezorg en de gemeentelijke voorzieningen?",
            "Wat zeggen de regisseurs zelf over hun rol, en wie kan hen aan kennis helpen?",
            "Werken de regisseurs nauw samen met huisarts, verloskundige en gynaecoloog?",
        ],
    ),
]

ELEMENTS = [
    (
        1,
        "Sensitieve vroegsignalering",
        "Risico's op alle levensgebieden (gezondheid, geld, wonen) tijdig zien, op een manier die "
        "geen extra stress geeft: met aandacht voor gesprekstechniek, cultuur en vaardigheden, "
        "en met passend aanbod als er iets gesignaleerd wordt.",
    ),
    (
        2,
        "Samenwerken over domeinen heen",
        "Medisch en sociaal domein verbonden: overleg rond het gezin, dezelfde taal, een "
        "gezamenlijk plan en een warme overdracht, bijvoorbeeld van verloskundige naar wijkteam.",
    ),
    (
        3,
        "Gezonde zwangerschap zonder stress en een veilige bevalling",
        "Vroeg in beeld bij de verloskundige, voorlichting die aansluit, preconceptie- en "
        "interconceptiezorg, en maatschappelijke steun waar dat nodig is.",
    ),
    (
        4,
        "Positieve ontwikkeling van baby's en peuters",
        "Een warme, sensitieve opvoeding en goede zorg door ouders en vaste verzorgers, met "
        "steun voor ouders die iets extra's nodig hebben; ook vaders tellen mee.",
    ),
    (
        5,
        "Veerkrachtig ouderschap en netwerk",
        "Ouders bereiden zich voor op wat een kind betekent voor relatie, werk en geld, en "
        "kunnen terugvallen op een steunend netwerk.",
    ),
    (
        6,
        "Goede gehechtheid tussen kind en verzorgers",
        "Veilige hechting als basis voor later: kennis bij professionals, aandacht voor de "
        "interactie tussen ouder en kind, en hulp bij stress in de hechtingsperiode.",
    ),
]

REGIOBEELD = "RIVM, Landelijke monitor Kansrijke Start (regiobeeld.nl)"
INDICATORS = [
    # code, name, unit, direction, source, description
    ("perinatale-sterfte", "Perinatale sterfte", "per 1.000 geboorten", "lower", REGIOBEELD,
     "Kinderen overleden rond de geboorte."),
    ("vroeggeboorte", "Vroeggeboorte (vóór 37 weken)", "% van de geboorten", "lower", REGIOBEELD,
     ""),
    ("laag-geboortegewicht", "Laag geboortegewicht", "% van de geboorten", "lower", REGIOBEELD,
     ""),
    ("sga", "Te klein voor de zwangerschapsduur (small for gestational age)",
     "% van de geboorten", "lower", REGIOBEELD, ""),
    ("big2", "Big2 (vroeggeboorte en/of small for gestational age)", "% van de geboorten",
     "lower", REGIOBEELD, "De combinatie van vroeggeboorte en te klein voor de duur."),
    ("in-beeld-voor-10-weken", "In beeld bij verloskundige vóór 10 weken", "% van de zwangeren",
     "higher", REGIOBEELD, "Zwangeren die vóór week 10 met de zwangerschapszorg starten."),
    ("rookvrije-zwangerschap", "Rookvrije zwangerschap", "% van de zwangeren", "higher", "",
     ""),
    ("geboorten-zonder-kraamzorg", "Geboorten zonder kraamzorg", "% van de geboorten", "lower",
     REGIOBEELD, ""),
    ("preconceptieconsult", "Preconceptieconsulten", "aantal", "higher", REGIOBEELD, ""),
    ("schulden-ouders", "Ouders met problematische schulden", "% van de ouders", "lower",
     REGIOBEELD, ""),
    ("psychische-problemen-ouders", "Ouders met psychische problemen", "% van de ouders",
     "lower", REGIOBEELD, ""),
    ("tevredenheid-ouders", "Tevredenheid van ouders", "rapportcijfer (1–10)", "higher",
     "eigen meting van de coalitie", "Hoe ouders de zorg en ondersteuning waarderen."),
]

P, Z, G, N = "preconceptie", "zwangerschap", "geboorte_kraam", "nul_twee"
ZR, PK, K, ZK = "zelfredzaam", "potentieel_kwetsbaar", "kwetsbaar", "zeer_kwetsbaar"
INTERVENTIONS = [
    # slug, name, kind, recognised, phases, levels, description
    ("voorzorg", "VoorZorg", "huisbezoek", True, [Z, G, N], [K, ZK],
     "Een verpleegkundige van de JGZ bezoekt jonge, kwetsbare moeders thuis, van de "
     "zwangerschap tot het kind twee jaar is."),
    ("stevig-ouderschap", "Stevig Ouderschap", "huisbezoek", True, [G, N], [PK, K],
     "Huisbezoeken door de JGZ aan ouders met een verhoogd risico, in de eerste anderhalf jaar."),
    ("centering-zwangerschap", "CenteringZwangerschap", "groepszorg", False, [Z], [ZR, PK, K],
     "Zwangerschapscontroles in een groep zwangeren, met voorlichting en uitwisseling."),
    ("centering-ouderschap", "CenteringOuderschap", "groepszorg", False, [N], [ZR, PK, K],
     "JGZ-contactmomenten in een groep ouders met baby's van dezelfde leeftijd."),
    ("nu-niet-zwanger", "Nu Niet Zwanger", "kinderwens", False, [P], [K, ZK],
     "Gesprekken over kinderwens en anticonceptie met mensen in een kwetsbare situatie."),
    ("mamaatje", "Mamaatje", "vrijwillige_steun", False, [Z, N], [PK, K],
     "Een getrainde vrijwilliger steunt een zwangere of jonge moeder in een kwetsbare situatie."),
    ("home-start", "Home-Start", "vrijwillige_steun", True, [N], [PK, K],
     "Vrijwilligers ondersteunen gezinnen met jonge kinderen thuis bij opvoeding en dagelijks "
     "leven."),
    ("prenataal-huisbezoek", "Prenataal huisbezoek", "huisbezoek", False, [Z], [PK, K, ZK],
     "Een bezoek van de JGZ (soms samen met kraamzorg) tijdens de zwangerschap."),
    ("babystartpakket", "Babystartpakket", "praktische_steun", False, [Z, G], [K, ZK],
     "Basisspullen voor de baby voor gezinnen die dat zelf niet kunnen betalen."),
    ("moedercafe", "Moedercafé", "ontmoeting", False, [Z, N], [ZR, PK, K],
     "Laagdrempelige ontmoetingsplek voor (aanstaande) moeders in de wijk."),
    ("borstvoedingsvoorlichting", "Borstvoedingsvoorlichting", "voorlichting", False, [Z, G],
     [ZR, PK, K, ZK], "Voorlichting over borstvoeding, voor of na de geboorte."),
]


def load(apps, schema_editor):
    Pillar = apps.get_model("pijlers", "Pillar")
    PillarQuestion = apps.get_model("pijlers", "PillarQuestion")
    CrossCuttingElement = apps.get_model("pijlers", "CrossCuttingElement")
    Indicator = apps.get_model("pijlers", "Indicator")
    Intervention = apps.get_model("pijlers", "Intervention")
    for number, name, short, description, questions in PILLARS:
        pillar, _ = Pillar.objects.update_or_create(
            number=number,
            defaults={"name": name, "short_name": short, "description": description},
        )
        for order, text in enumerate(questions, 1):
            PillarQuestion.objects.update_or_create(
                pillar=pillar, order=order, defaults={"text": text}
            )
    for order, name, description in ELEMENTS:
        CrossCuttingElement.objects.update_or_create(
            order=order, defaults={"name": name, "description": description}
        )
    for order, (code, name, unit, direction, source, description) in enumerate(INDICATORS, 1):
        Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit": unit,
                "direction": direction,
                "source": source,
                "description": description,
                "order": order,
            },
        )
    for slug, name, kind, recognised, phases, levels, description in INTERVENTIONS:
        Intervention.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "recognised": recognised,
                "life_phases": phases,
                "vulnerability_levels": levels,
                "description": description,
            },
        )


def unload(apps, schema_editor):
    """Remove what this migration added, where nothing refers to it yet."""
    Pillar = apps.get_model("pijlers", "Pillar")
    PillarQuestion = apps.get_model("pijlers", "PillarQuestion")
    apps.get_model("pijlers", "CrossCuttingElement").objects.filter(
        order__in=[e[0] for e in ELEMENTS]
    ).delete()
    apps.get_model("pijlers", "Indicator").objects.filter(
        code__in=[i[0] for i in INDICATORS], measurements__isnull=True
    ).delete()
    apps.get_model("pijlers", "Intervention").objects.filter(
        slug__in=[i[0] for i in INTERVENTIONS], offerings__isnull=True
    ).delete()
    numbers = [p[0] for p in PILLARS]
    PillarQuestion.objects.filter(pillar__number__in=numbers, answers__isnull=True).delete()
    Pillar.objects.filter(
        number__in=numbers, assessments__isnull=True, questions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("pijlers", "0001_denkraam")]
    operations = [migrations.RunPython(load, unload)]
