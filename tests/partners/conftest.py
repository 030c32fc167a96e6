"""Fixtures for the partners tests."""

import pytest

from partners.models import Category, Level, PartnerRole
from tests.factories import CoalitionPartnerFactory, ContactPersonFactory, OrganisationFactory

# --- Partner map ---


@pytest.fixture
def map_partners(coalition):
    """A small coalition: two medical, one social, one public-health partner, one unlocated."""
    midwife = CoalitionPartnerFactory(
        coalition=coalition,
        organisation=OrganisationFactory(
            name="Verloskundigen Centrum", category=Category.VERLOSKUNDIGEN, place="Delft"
        ),
        levels=[Level.UITVOERING],
        role=PartnerRole.PARTNER,
    )
    hospital = CoalitionPartnerFactory(
        coalition=coalition,
        organisation=OrganisationFactory(
            name="Ziekenhuis Oost", category=Category.ZIEKENHUIS, place="Rijswijk"
        ),
        levels=[Level.BESTUURLIJK, Level.MANAGEMENT],
        role=PartnerRole.KERNPARTNER,
    )
    welfare = CoalitionPartnerFactory(
        coalition=coalition,
        organisation=OrganisationFactory(
            name="Welzijn Samen", category=Category.WELZIJN, place="Delft"
        ),
        levels=[Level.UITVOERING, Level.MANAGEMENT],
        role=PartnerRole.KERNPARTNER,
    )
    jgz = CoalitionPartnerFactory(
        coalition=coalition,
        organisation=OrganisationFactory(
            name="JGZ Regio", category=Category.JGZ, place="Den Haag", latitude=None, longitude=None
        ),
        levels=[Level.UITVOERING],
        role=PartnerRole.TREKKER,
    )
    ContactPersonFactory(
        partnership=midwife,
        name="Ilse Voorbeeld",
        function="Verloskundige",
        email="ilse@verloskundigen.example",
        phone="015 111 2233",
    )
    ContactPersonFactory(
        partnership=welfare,
        name="Bram Proef",
        function="Opbouwwerker",
        email="bram@welzijn.example",
        phone="015 444 5566",
    )
    return {"midwife": midwife, "hospital": hospital, "welfare": welfare, "jgz": jgz}


PERSONAL = ["Ilse Voorbeeld", "ilse@verloskundigen.example", "015 111 2233", "0151112233",
            "Bram Proef", "bram@welzijn.example", "015 444 5566"]  # fmt: skip
