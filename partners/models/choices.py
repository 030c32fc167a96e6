"""The partners app's vocabulary: domains, categories (each implying a domain), levels and
roles, and the small rules on their values (postcodes, where the Netherlands lies)."""

from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Domain(models.TextChoices):
    MEDISCH = "medisch", _("Medisch")
    PUBLIEKE_GEZONDHEID = "publieke_gezondheid", _("Publieke gezondheid")
    SOCIAAL = "sociaal", _("Sociaal")
    INFORMEEL = "informeel", _("Informeel")
    OVERIG = "overig", _("Overig")


class Category(models.TextChoices):
    """Kinds of organisation; each implies a default domain (see CATEGORY_DOMAIN)."""

    VERLOSKUNDIGEN = "verloskundigen", _("Verloskundigenpraktijk")
    GYNAECOLOGIE = "gynaecologie", _("Gynaecologie")
    KRAAMZORG = "kraamzorg", _("Kraamzorg")
    ZIEKENHUIS = "ziekenhuis", _("Ziekenhuis")
    HUISARTSEN = "huisartsen", _("Huisartsen")
    VSV = "vsv", _("Verloskundig samenwerkingsverband (VSV)")
    ZORGVERZEKERAAR = "zorgverzekeraar", _("Zorgverzekeraar")
    GGZ = "ggz", _("GGZ")
    GGD = "ggd", _("GGD")
    JGZ = "jgz", _("Jeugdgezondheidszorg (JGZ)")
    GEMEENTE = "gemeente", _("Gemeente")
    WIJKTEAM = "wijkteam", _("Wijkteam")
    WELZIJN = "welzijn", _("Welzijn")
    MAATSCHAPPELIJK_WERK = "maatschappelijk_werk", _("Maatschappelijk werk")
    SCHULDHULP = "schuldhulp", _("Schuldhulpverlening")
    CJG = "cjg", _("Centrum voor Jeugd en Gezin (CJG)")
    JEUGDHULP = "jeugdhulp", _("Jeugdhulp")
    VEILIG_THUIS = "veilig_thuis", _("Veilig Thuis")
    SLEUTELPERSONEN = "sleutelpersonen", _("Sleutelpersonen")
    ERVARINGSDESKUNDIGEN = "ervaringsdeskundigen", _("Ervaringsdeskundigen en ouders")
    VRIJWILLIGERS = "vrijwilligers", _("Vrijwilligersorganisatie")
    MOEDERCAFE = "moedercafe", _("Moedercafé")
    BEWONERSINITIATIEF = "bewonersinitiatief", _("Bewonersinitiatief")
    WONINGCORPORATIE = "woningcorporatie", _("Woningcorporatie")
    KINDEROPVANG = "kinderopvang", _("Kinderopvang")
    ONDERWIJS = "onderwijs", _("Onderwijs / ROC")
    BIBLIOTHEEK = "bibliotheek", _("Bibliotheek")
    WERKGEVER = "werkgever", _("Werkgever")
    VERSLAVINGSZORG = "verslavingszorg", _("Verslavingszorg")
    GEHANDICAPTENZORG = "gehandicaptenzorg", _("Gehandicaptenzorg / LVB")
    RECLASSERING = "reclassering", _("Reclassering")
    KINDERBESCHERMING = "kinderbescherming", _("Raad voor de Kinderbescherming")
    VROUWENOPVANG = "vrouwenopvang", _("Vrouwenopvang en huiselijk geweld")
    DAKLOZENZORG = "daklozenzorg", _("Dak- en thuislozenzorg")
    KENNISINSTELLING = "kennisinstelling", _("Kennisinstelling (hogeschool, universiteit)")
    OVERIG = "overig", _("Overig")


CATEGORY_DOMAIN: dict[str, Domain] = {
    Category.VERLOSKUNDIGEN: Domain.MEDISCH,
    Category.GYNAECOLOGIE: Domain.MEDISCH,
    Category.KRAAMZORG: Domain.MEDISCH,
    Category.ZIEKENHUIS: Domain.MEDISCH,
    Category.HUISARTSEN: Domain.MEDISCH,
    Category.VSV: Domain.MEDISCH,
    Category.ZORGVERZEKERAAR: Domain.MEDISCH,
    Category.GGZ: Domain.MEDISCH,
    Category.GGD: Domain.PUBLIEKE_GEZONDHEID,
    Category.JGZ: Domain.PUBLIEKE_GEZONDHEID,
    Category.GEMEENTE: Domain.OVERIG,
    Category.WIJKTEAM: Domain.SOCIAAL,
    Category.WELZIJN: Domain.SOCIAAL,
    Category.MAATSCHAPPELIJK_WERK: Domain.SOCIAAL,
    Category.SCHULDHULP: Domain.SOCIAAL,
    Category.CJG: Domain.SOCIAAL,
    Category.JEUGDHULP: Domain.SOCIAAL,
    Category.VEILIG_THUIS: Domain.SOCIAAL,
    Category.SLEUTELPERSONEN: Domain.INFORMEEL,
    Category.ERVARINGSDESKUNDIGEN: Domain.INFORMEEL,
    Category.VRIJWILLIGERS: Domain.INFORMEEL,
    Category.MOEDERCAFE: Domain.INFORMEEL,
    Category.BEWONERSINITIATIEF: Domain.INFORMEEL,
    Category.WONINGCORPORATIE: Domain.OVERIG,
    Category.KINDEROPVANG: Domain.OVERIG,
    Category.ONDERWIJS: Domain.OVERIG,
    Category.BIBLIOTHEEK: Domain.OVERIG,
    Category.WERKGEVER: Domain.OVERIG,
    # Addiction care is treatment (like GGZ); the other six support families outside the
    # clinic, so a link from them to a midwife or hospital is a medical-social bridge.
    Category.VERSLAVINGSZORG: Domain.MEDISCH,
    Category.GEHANDICAPTENZORG: Domain.SOCIAAL,
    Category.RECLASSERING: Domain.SOCIAAL,
    Category.KINDERBESCHERMING: Domain.SOCIAAL,
    Category.VROUWENOPVANG: Domain.SOCIAAL,
    Category.DAKLOZENZORG: Domain.SOCIAAL,
    Category.KENNISINSTELLING: Domain.OVERIG,
    Category.OVERIG: Domain.OVERIG,
}


class Level(models.TextChoices):
    """The levels on which a partner takes part in a coalition."""

    BESTUURLIJK = "bestuurlijk", _("Politiek-bestuurlijk")
    MANAGEMENT = "management", _("Management / beleid")
    UITVOERING = "uitvoering", _("Uitvoering")


class PartnerRole(models.TextChoices):
    TREKKER = "trekker", _("Trekker")
    KERNPARTNER = "kernpartner", _("Kernpartner")
    PARTNER = "partner", _("Partner")


postcode_validator = RegexValidator(
    r"^[1-9][0-9]{3} ?[A-Z]{2}$", _("Vul een Nederlandse postcode in, bijvoorbeeld 2611 HX.")
)
kvk_validator = RegexValidator(r"^[0-9]{8}$", _("Een KvK-nummer bestaat uit 8 cijfers."))


def normalise_postcode(value) -> str:
    """'2611hx' and '2611 HX' both become '2611 HX'; anything else is returned trimmed."""
    text = str(value or "").strip().upper().replace(" ", "")
    if len(text) == 6 and text[:4].isdigit() and text[4:].isalpha():
        return f"{text[:4]} {text[4:]}"
    return str(value or "").strip()


def choice_label(choices, value) -> str:
    """The label of `value` in a TextChoices class, or the value itself if unknown.

    What Django's get_FOO_display() returns, without building and hashing a dict of every
    translated label on each call (which made a page listing 40 partners measurably slower).
    """
    try:
        return str(choices(value).label)
    except ValueError:
        return value


# Why a coalition's editor cannot change a shared organisation (Organisation.editable_by_coalition).
SHARED_ORGANISATION_MESSAGE = _(
    "Deze organisatie is ook partner van een andere coalitie; vraag Pharos om de gegevens te "
    "wijzigen."
)


# Where an organisation may lie: the Netherlands with a margin (Organisation.clean).
NETHERLANDS_LATITUDE = (Decimal("50.7"), Decimal("53.6"))
NETHERLANDS_LONGITUDE = (Decimal("3.2"), Decimal("7.3"))
