"""Reference data: a short name and the questions of each of the six cross-cutting elements,
so a coalition assesses itself on them like on the pillars.

Our own summary of the questions in Pharos' inspiration dossier (chapter 4 and the two
conditions before it); Pharos edits them in the admin. Frozen here on purpose: a migration must
not change after it has run.
"""

from django.db import migrations

ELEMENT_QUESTIONS = {
    1: (
        "Signalering",
        [
            "Hoe is de vroegsignalering bij ons ingericht, en weten we hoe vaak (aanstaande) "
            "ouders vragen moeten beantwoorden of lijsten invullen?",
            "Kiezen we niet alleen instrumenten, maar denken we ook na over hoe het gesprek "
            "erover gevoerd wordt?",
            "Volgen we of de signaleringsinstrumenten werken en hoe ouders ze beleven?",
            "Lukt het professionals om in die gesprekken een band van vertrouwen op te bouwen?",
            "Passen de instrumenten bij iedereen, ook bij andere culturen en bij mensen met "
            "beperkte vaardigheden?",
            "Kennen professionals het lokale aanbod, en zijn er afspraken over doorverwijzen en "
            "over voorrang voor zwangeren en jonge gezinnen?",
        ],
    ),
    2: (
        "Domeinen",
        [
            "Overleggen medisch en sociaal domein rond een gezin, en gebruiken ze dezelfde "
            "woorden?",
            "Hoe worden risico's opgemerkt en hoe verwijzen de domeinen naar elkaar door?",
            "Is er bij het afsluiten van zorg een gezamenlijk plan en een warme overdracht, "
            "bijvoorbeeld van verloskundige naar wijkteam?",
            "Werkt de gemeente samen met het verloskundig samenwerkingsverband (VSV)?",
            "Komen professionals uit de verschillende domeinen elkaar tegen, bijvoorbeeld in "
            "gezamenlijke trainingen?",
        ],
    ),
    3: (
        "Zwangerschap",
        [
            "Hoe bereiken we aanstaande ouders nu met voorlichting en steun voor een gezonde "
            "zwangerschap?",
            "Hoe is zorg vóór de zwangerschap (preconceptiezorg) geregeld en betaald, en bereikt "
            "die ook ouders in een kwetsbare positie?",
            "Is er zorg tussen twee zwangerschappen in (interconceptiezorg)?",
            "Hoe zorgen we dat kwetsbare zwangeren eerder bij de verloskundige komen, en welke "
            "sleutelpersonen helpen daarbij?",
            "Werken we al tijdens de zwangerschap met één gezin, één plan en een geboorteplan?",
        ],
    ),
    4: (
        "Ontwikkeling",
        [
            "Hebben we zicht op de pedagogische kwaliteit van de kinderopvang, en hoort die bij "
            "onze aanpak?",
            "Zijn er programma's voor ontwikkelingsstimulering en huisbezoeken die al in de "
            "eerste babytijd beginnen?",
            "Sluiten we aan bij plekken waar al met ouders over opvoeden wordt gepraat, zoals "
            "JGZ, welzijn en kinderdagverblijf?",
            "Vragen we ouders van baby's en peuters naar hun leefomstandigheden op alle "
            "terreinen?",
            "Weten sleutelfiguren in de gemeenschap genoeg over baby's en hun ontwikkeling?",
            "Hoe betrekken we vaders, en hoe ervaren zij dat?",
        ],
    ),
    5: (
        "Ouderschap",
        [
            "Komt het gesprek over veerkrachtig ouderschap in de gemeenschap op gang, "
            "bijvoorbeeld via bewonersinitiatieven?",
            "Praten professionals met ouders over hun verwachtingen: wat een kind betekent voor "
            "geld, werk en relatie?",
            "Gaat een geboorteplan ook over het ouderschap na de bevalling en over het netwerk "
            "van de ouders?",
            "Helpen we ouders die dat nodig hebben om hun eigen netwerk om steun te vragen?",
        ],
    ),
    6: (
        "Gehechtheid",
        [
            "Is er in de coalitie kennis over gehechtheid, en hoe zetten we die in voor ouders?",
            "Gaan voorlichting en steun ook over het contact tussen ouder en kind, niet alleen "
            "over voeding en verzorging?",
            "Letten we op wat de kinderopvang voor gehechtheid betekent, zoals vaste gezichten "
            "en medewerkers die goed reageren op het kind?",
            "Is er al in de zwangerschap gespecialiseerde hulp bij verwachte problemen in de "
            "hechting, en steun bij stress in de hechtingsperiode?",
            "Herkennen generalisten, zoals die in de wijkteams, problemen met gehechtheid?",
            "Weten professionals hoe ouders uit andere culturen op hun baby reageren, "
            "bijvoorbeeld meer via aanraking dan via oogcontact?",
            "Weegt gehechtheid mee bij het inkopen van interventies, en hoe krijgt het "
            "vaderschap een plek?",
        ],
    ),
}


def load(apps, schema_editor):
    CrossCuttingElement = apps.get_model("pijlers", "CrossCuttingElement")
    PillarQuestion = apps.get_model("pijlers", "PillarQuestion")
    for element in CrossCuttingElement.objects.filter(order__in=ELEMENT_QUESTIONS):
        short_name, questions = ELEMENT_QUESTIONS[element.order]
        if not element.short_name:
            element.short_name = short_name
            element.save(update_fields=["short_name"])
        for order, text in enumerate(questions, 1):
            PillarQuestion.objects.update_or_create(
                element=element, order=order, defaults={"text": text}
            )


def unload(apps, schema_editor):
    """Remove the questions no one has answered yet; answered ones stay with their answers."""
    PillarQuestion = apps.get_model("pijlers", "PillarQuestion")
    PillarQuestion.objects.filter(
        element__order__in=ELEMENT_QUESTIONS, answers__isnull=True
    ).delete()
    apps.get_model("pijlers", "CrossCuttingElement").objects.filter(
        order__in=ELEMENT_QUESTIONS
    ).update(short_name="")
    # Their history goes with them: the step back makes a question's pillar required again,
    # which the element questions' events (without a pillar) would block.
    apps.get_model("pijlers", "PillarQuestionEvent").objects.filter(pillar__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("pijlers", "0006_elements_assessable_and_targets")]
    operations = [migrations.RunPython(load, unload)]
