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


# The item form's picker runs around the coalition's own period, not the whole stored range:
# from the year before the coalition started to three years ahead.
PICKER_YEARS_BEFORE_START = 1
PICKER_YEARS_AHEAD = 3


def quarter_choices_around(start_date, *, today, keep=()) -> list[tuple[int, str]]:
    """Quarter choices for a coalition that started on `start_date` (None: not recorded).

    From Q1 of the start year - 1 (without a start date: this year - 1) to Q4 of this
    year + 3, within the stored range (QUARTER_MIN..QUARTER_MAX). `keep` are quarters the
    record already holds: they stay selectable even outside the window, so an old item can
    be saved unchanged.
    """
    first_year = (start_date.year if start_date else today.year) - PICKER_YEARS_BEFORE_START
    last_year = today.year + PICKER_YEARS_AHEAD
    first = max(QUARTER_MIN, quarter_index(min(first_year, last_year), 1))
    last = min(QUARTER_MAX, quarter_index(last_year, 4))
    indices = set(range(first, last + 1))
    indices.update(q for q in keep if q is not None and QUARTER_MIN <= q <= QUARTER_MAX)
    return [(i, quarter_label(i)) for i in sorted(indices)]
