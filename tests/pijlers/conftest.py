import pytest

from tests.factories import ensure_pijlers_reference_data


@pytest.fixture(autouse=True)
def pijlers_reference_data(db):
    """Transactional tests elsewhere flush the tables the data migration filled."""
    ensure_pijlers_reference_data()
