"""The import timings of `make bench` (kansrijke/bench/harness.py): 5,000 organisations from
XLSX and 50,000 measurements from CSV, with every validation, rolled back afterwards."""

import io
import time


def new_organisations(count: int) -> list:
    """Unsaved organisations with KvK numbers no bench or demo organisation has."""
    import random
    from decimal import Decimal

    from partners.models import CATEGORY_DOMAIN, Category, Organisation

    rng = random.Random("bench-import-organisations")
    return [
        Organisation(
            name=f"Importorganisatie {i}",
            kvk_number=str(80_000_000 + i),
            category=(category := rng.choice(Category.values)),
            domain=CATEGORY_DOMAIN[category],
            address=f"Importweg {i % 200 + 1}",
            postcode=f"{rng.randint(1000, 9999)} AB",
            place="Importdorp",
            latitude=Decimal(f"{rng.uniform(50.8, 53.4):.6f}"),
            longitude=Decimal(f"{rng.uniform(3.5, 7.1):.6f}"),
        )
        for i in range(count)
    ]


def plausible(indicator, low=0, high=40) -> tuple[float, float]:
    """A range for invented figures that the indicator accepts (Indicator.range_error)."""
    if indicator.min_value is not None:
        low = max(low, float(indicator.min_value))
    if indicator.max_value is not None:
        high = min(high, float(indicator.max_value))
    return low, high


def new_measurements(count: int) -> list:
    """Unsaved figures for the bench gemeenten in years seed_bench leaves empty (1999-2013,
    all indicators): every row is new, as in a first upload of a municipal monitor."""
    import random
    from decimal import Decimal

    from coalitions.models import Gemeente
    from pijlers.models import Indicator, Measurement

    rng = random.Random("bench-import-measurements")
    gemeenten = list(Gemeente.objects.filter(cbs_code__startswith="GM5").order_by("cbs_code"))
    indicators = list(Indicator.objects.order_by("order", "code"))
    rows = []
    for year in range(1999, 2014):
        for gemeente in gemeenten:
            for indicator in indicators:
                rows.append(
                    Measurement(
                        gemeente=gemeente,
                        indicator=indicator,
                        period=str(year),
                        # Within the indicator's plausible range, or the import refuses it.
                        value=Decimal(f"{rng.uniform(*plausible(indicator)):.2f}"),
                        source="Benchimport",
                        small_numbers=rng.random() < 0.05,
                    )
                )
                if len(rows) == count:
                    return rows
    return rows


# Targets of issue 19 (in `make bench`, not in timed tests), including reading the file.
ORGANISATIONS_BUDGET_S = 5
MEASUREMENTS_BUDGET_S = 15


def time_import(resource, instances, fmt: str, budget_s: float | None = None) -> str:
    """Export unsaved rows with the resource itself (its own columns), then time the import.

    dry_run=True runs everything (validation, saves, history triggers) and rolls back,
    so the bench database stays as seeded. With a budget, a tenth of the rows goes first;
    if that projects past four times the budget, the projection is reported instead of
    waiting (the bench must stay within minutes). The result says whether the budget held.
    """
    import tablib

    def run(rows) -> tuple[float, object]:
        data = getattr(resource.export(queryset=rows), fmt)
        started = time.monotonic()
        dataset = tablib.Dataset().load(io.BytesIO(data) if fmt == "xlsx" else data, format=fmt)
        result = resource.import_data(dataset, dry_run=True, raise_errors=False)
        return time.monotonic() - started, result

    if budget_s is not None:
        sample = instances[: max(len(instances) // 10, 1)]
        elapsed, _ = run(sample)
        projected = elapsed * len(instances) / len(sample)
        if projected > 4 * budget_s:
            return (
                f"~{projected:.0f} s geschat uit {len(sample)} rijen (te traag om af te "
                f"wachten; doel < {budget_s} s)"
            )
    elapsed, result = run(instances)
    errors = len(result.row_errors()) + len(result.invalid_rows)
    new = result.totals.get("new", 0)
    verdict = ""
    if budget_s is not None:
        verdict = f"; doel < {budget_s} s " + ("gehaald" if elapsed < budget_s else "NIET gehaald")
    return f"{elapsed:.1f} s ({new} nieuw, {errors} fout{verdict})"


def time_imports() -> list[tuple[str, str]]:
    from partners.resources import OrganisationResource

    results = [
        (
            "5.000 organisaties uit XLSX (partners.resources.OrganisationResource)",
            time_import(
                OrganisationResource(),
                new_organisations(5000),
                "xlsx",
                budget_s=ORGANISATIONS_BUDGET_S,
            ),
        )
    ]
    from pijlers.resources import MeasurementResource

    results.append(
        (
            "50.000 metingen uit CSV (pijlers.resources.MeasurementResource)",
            time_import(
                MeasurementResource(),
                new_measurements(50_000),
                "csv",
                budget_s=MEASUREMENTS_BUDGET_S,
            ),
        )
    )
    return results
