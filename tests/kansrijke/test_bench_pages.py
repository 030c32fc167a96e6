"""`make bench` and the query-count test measure the same pages: the bench shows them at 300
coalitions under load, the test keeps their query count the same at 10x the data."""

from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from django.urls import resolve

from kansrijke.bench.harness import BASE_DIR, OUTPUT
from kansrijke.bench.harness import PAGES as BENCH_PAGES
from tests.test_query_counts import PAGES as COUNTED_PAGES

# The bench's logins and the test's user fixtures.
BENCH_USER_FIXTURES = {None: None, "editor": "editor", "member": "member", "pharos": "pharos"}
BENCH_USER_FIXTURES["admin"] = "superuser"


def page_key(url: str, user) -> tuple:
    """Which view, with which query parameters (not their values), for whom."""
    parts = urlsplit(url)
    return resolve(parts.path).view_name, tuple(sorted(parse_qs(parts.query))), user


def test_every_bench_page_has_a_query_count_test():
    coalition = SimpleNamespace(slug="bench-001")
    counted = {page_key(url_for(coalition), user) for _id, user, url_for in COUNTED_PAGES}
    missing = [
        page.label
        for page in BENCH_PAGES
        if page_key(page.url.format(slug=coalition.slug), BENCH_USER_FIXTURES[page.user])
        not in counted
    ]
    assert missing == []


def test_bench_runs_from_the_project_root_and_writes_bench_output_there():
    assert (BASE_DIR / "manage.py").is_file()
    assert OUTPUT == BASE_DIR / "bench-output"
