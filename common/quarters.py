"""Quarters of the werkagenda's timeline, stored as one integer each."""

# A quarter is stored as one integer, year * 4 + (quarter - 1): Q1 2020 = 8080, Q4 2019 = 8079.
# Consecutive quarters are consecutive integers, so ranges, ordering and "spans a year
# boundary" need no special cases, and the database can compare them in constraints.
FIRST_YEAR, LAST_YEAR = 2015, 2035


def quarter_index(year: int, quarter: int) -> int:
    """The stored integer for `quarter` (1-4) of `year`."""
    if not 1 <= quarter <= 4:
        raise ValueError("quarter must be 1-4")
    return year * 4 + quarter - 1


def quarter_label(index: int) -> str:
    """'Q4 2019' for 8079."""
    return f"Q{index % 4 + 1} {index // 4}"


def quarter_of(date) -> int:
    """The quarter index a date falls in."""
    return quarter_index(date.year, (date.month - 1) // 3 + 1)


QUARTER_MIN = quarter_index(FIRST_YEAR, 1)
QUARTER_MAX = quarter_index(LAST_YEAR, 4)
QUARTER_CHOICES = [(i, quarter_label(i)) for i in range(QUARTER_MIN, QUARTER_MAX + 1)]
