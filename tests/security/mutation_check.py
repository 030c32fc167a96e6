"""Does the security suite bite? Remove each access check, one at a time, and see a test fail.

Run by hand from the worktree (pytest does not collect this file: its name does not start
with "test_"):

    .venv/bin/python tests/security/mutation_check.py            # every mutation
    .venv/bin/python tests/security/mutation_check.py --list     # list them, run nothing
    .venv/bin/python tests/security/mutation_check.py -k theme   # only those whose text has "theme"
    .venv/bin/python tests/security/mutation_check.py -k views.py:134 -k views.py:41  # these two

What it does:
1. It reads the views and access helpers (FILES) and finds every access check by its shape:
   a coalition filter in a query (`get_object_or_404(Theme, coalition=coalition, pk=pk)`,
   `.filter(work_item__coalition=coalition)`, `.get(pk=pk, coalition=coalition)`), a
   `for_coalition(coalition)` / `editable_by(user)` / `visible_to(user)` (and the like)
   scope, `write=...`
   on the access helpers, the helper call itself (`get_coalition_for_user(...)`), a call of
   `can_view` / `can_edit` / `is_pharos`, a comparison with the coalition in an `if`, and the
   "running partners only" keyword. Display flags (`"can_edit": can_edit(...)` in a template
   context only shows or hides buttons) are not access checks and are left alone.
2. It copies the worktree (without .git, .venv, .data) to a temporary folder once and, per
   mutation, writes the mutated file there, runs TESTS in the copy with this virtualenv
   (stopping at the first failure) and puts the file back.
3. A mutation is "killed" when a test fails, and "survives" when every test passes: then no
   test notices that the check is gone. It prints both lists and exits with 1 if any survived.

The copy uses this worktree's embedded PostgreSQL with a test database of its own
(test_kansrijke_mutation, made on the first run and kept: --reuse-db), so the worktree's own
test runs are not disturbed. One mutation takes half a minute to a few minutes (a survivor runs
every test); the whole run takes one to two hours on a busy machine. Mutations that no test
can kill because nobody can observe them are listed in EQUIVALENT, each with its reason.
"""

import argparse
import ast
import copy
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]

FILES = [
    "coalitions/views.py",
    "partners/views.py",
    "pijlers/views.py",
    "experiments/views.py",
    "coalitions/permissions.py",
    "partners/permissions.py",
    "pijlers/permissions.py",
]

# The security tests, run against each mutation (the slow admin walk aside).
TESTS = [
    "tests/security/test_permission_matrix.py",
    "tests/security/test_cross_coalition_matrix.py",
]
# -x stops at the first failure, so the tests that kill most mutations soonest run first:
# the roles that must be refused, the other coalition's objects, the other coalition's data.
FIRST = [
    "test_every_project_url_answers_each_role_as_the_matrix_says[member]",
    "test_every_project_url_answers_each_role_as_the_matrix_says[outsider]",
    "test_no_role_reaches_the_other_coalitions_objects_through_a_coalitions_address[editor-A",
    "test_no_page_of_a_coalition_shows_the_other_coalitions_data[editor]",
    "test_every_project_url_answers_each_role_as_the_matrix_says[other_editor]",
    # One rule each, a few seconds each.
    "test_pharos_feedback_reaches_the_editors_and_never_a_member",
    "test_a_figures_file_checked_in_one_coalition_cannot_be_confirmed_in_another",
    "test_an_editor_imports_figures_only_for_the_gemeenten_of_their_own_coalitions",
    "test_a_former_partners_organisation_and_contacts_are_out_of_the_editors_reach",
    "test_a_werkagenda_counts_only_its_own_open_bottlenecks",
    "test_an_editor_is_reminded_only_of_their_own_stale_coalitions",
    "test_every_project_url_answers_each_role_as_the_matrix_says[anonymous]",
    "test_no_role_reaches_the_other_coalitions_objects_through_a_coalitions_address[other_ed",
]
# Mutations that change nothing a user (or an attacker) can observe, with the reason: no test
# can kill them. Matched against the mutation's description.
EQUIVALENT = {
    "coalitions/views.py:119: `Feedback.objects.for_workspace(request.user)` becomes": (
        "the overview lists feedback only for the coalition's editors and Pharos (the condition "
        "beside it), who may read all of this coalition's feedback, and narrows it to the "
        "coalition: the user's scope removes nothing more there"
    ),
    "experiments/views.py:52: `Theme.objects.for_coalition(coalition)`": (
        "the werkagenda shows a theme only as the heading of its items, and an item's themes "
        "are its own coalition's (a database constraint, experiments migration 0002): another "
        "coalition's theme never gets a row"
    ),
}

ACCESS_HELPERS = {
    "get_coalition_for_user",
    "get_goal_for_user",
    "get_partnership_for_user",
    "get_organisation_for_user",
    "get_contact_for_user",
}
PERMISSION_CALLS = {"can_view", "can_edit", "is_pharos"}
QUERY_CALLS = {"get_object_or_404", "get", "filter", "exclude"}
# Keywords that scope a query to a coalition or to its running partners.
SCOPE_KEYWORDS = {"organisation__in", "partnership__in", "running"}
# Helpers whose `running=` keyword narrows to running partnerships (partners/permissions.py).
RUNNING_SCOPES = {"partner_organisations", "coalition_partnerships"}
# QuerySet methods that scope to a coalition or to what a user may see.
SCOPE_METHODS = {"for_coalition", "editable_by", "visible_to", "reminders_for"}
# ... and this one when it is given the user (feedback the user may read).
SCOPE_METHODS_WITH_USER = {"for_workspace"}
# What a scope becomes without its access check, when more than all(): the reminders keep
# their "stale" filter (and its annotations) and lose "coalitions the user edits".
UNSCOPED = {"reminders_for": "stale().order_by('name')"}


@dataclass
class Mutation:
    path: str
    line: int
    what: str  # a short description
    start: int  # byte offsets into the file
    end: int
    replacement: str

    def apply(self, source: bytes) -> bytes:
        return source[: self.start] + self.replacement.encode() + source[self.end :]

    def __str__(self):
        return f"{self.path}:{self.line}: {self.what}"


def _name_of(func):
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _mentions_coalition(node):
    return any(
        (isinstance(n, ast.Name) and "coalition" in n.id)
        or (isinstance(n, ast.Attribute) and "coalition" in n.attr)
        or (isinstance(n, ast.Constant) and n.value == "coalition")
        for n in ast.walk(node)
    )


def _display_flags(tree):
    """Calls that are the value of a "can_edit"/"can_view" key of a dict: template flags."""
    flags = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value in ("can_edit", "can_view"):
                    flags.add(id(value))
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg in ("can_edit", "can_view"):
                    flags.add(id(kw.value))
    return flags


def mutations_of(path: str) -> list[Mutation]:
    source = (ROOT / path).read_bytes()
    tree = ast.parse(source)
    line_starts = [0]
    for line in source.splitlines(keepends=True):
        line_starts.append(line_starts[-1] + len(line))

    def span(node):
        # ast's column offsets count UTF-8 bytes, so the file is cut as bytes.
        return (
            line_starts[node.lineno - 1] + node.col_offset,
            line_starts[node.end_lineno - 1] + node.end_col_offset,
        )

    found = []

    def add(node, what, replacement):
        start, end = span(node)
        found.append(Mutation(path, node.lineno, what, start, end, replacement))

    flags = _display_flags(tree)
    if_tests = {
        id(n) for node in ast.walk(tree) if isinstance(node, ast.If) for n in ast.walk(node.test)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            if isinstance(node, ast.Compare) and id(node) in if_tests and _mentions_coalition(node):
                add(node, f"the check `{ast.unparse(node)}` never fires", "False")
            continue
        name = _name_of(node.func)
        text = ast.unparse(node)
        # Keywords of a query that scope it to the coalition; "write" of an access helper.
        for i, kw in enumerate(node.keywords):
            scoping = (
                name in QUERY_CALLS | ACCESS_HELPERS
                and kw.arg is not None
                and ("coalition" in kw.arg or kw.arg in SCOPE_KEYWORDS)
            )
            # Running partners only (a former partner's contacts are out of the editors' reach).
            scoping = scoping or (name in RUNNING_SCOPES and kw.arg == "running")
            writing = name in ACCESS_HELPERS and kw.arg == "write"
            if scoping or writing:
                mutated = copy.deepcopy(node)
                del mutated.keywords[i]
                add(node, f"`{ast.unparse(kw)}` dropped from `{text}`", ast.unparse(mutated))
        # A query scope: for_coalition(coalition) -> all().
        scope = name in SCOPE_METHODS or (name in SCOPE_METHODS_WITH_USER and node.args)
        if scope and isinstance(node.func, ast.Attribute):
            unscoped = f"{ast.unparse(node.func.value)}.{UNSCOPED.get(name, 'all()')}"
            add(node, f"`{text}` becomes `{unscoped}`", unscoped)
        # Permission functions answer "yes" (not where they only set a template flag).
        if name in PERMISSION_CALLS and id(node) not in flags:
            add(node, f"`{text}` is always True", "True")
        # The coalition fetched without asking whether the user may see or change it.
        if name == "get_coalition_for_user" and path.endswith("views.py"):
            slug = node.args[1] if len(node.args) > 1 else None
            queryset = next((k.value for k in node.keywords if k.arg == "queryset"), None)
            base = "__import__('coalitions.models').models.Coalition.objects"
            if queryset is not None:
                base = ast.unparse(queryset)
            if slug is not None:
                add(
                    node,
                    f"`{text}` becomes an unchecked look-up",
                    f"{base}.get(slug={ast.unparse(slug)})",
                )
    return sorted(found, key=lambda m: (m.path, m.start))


def all_mutations() -> list[Mutation]:
    return [m for path in FILES for m in mutations_of(path)]


def test_environment() -> dict:
    """This worktree's embedded PostgreSQL, with a database of the mutation runs' own (the
    test database test_kansrijke_mutation): the worktree's own test runs are not disturbed."""
    sys.path.insert(0, str(ROOT))
    from kansrijke import embedded_db

    socket = embedded_db.start(ROOT / ".data" / "pg")["HOST"]
    url = f"postgres:///kansrijke_mutation?host={quote(socket)}&user=postgres"
    return os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "kansrijke.settings"}


def pytest_command(*args) -> list[str]:
    return [sys.executable, "-m", "pytest", "-p", "no:randomly", "-m", "not slow", *args]


def ordered_tests(copy_root: Path, env: dict) -> list[str]:
    """The test ids of TESTS, those in FIRST first."""
    listed = subprocess.run(
        pytest_command("--collect-only", "-q", *TESTS),
        cwd=copy_root, env=env, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    ids = [line for line in listed.splitlines() if "::" in line]

    def rank(test_id):
        return next((i for i, first in enumerate(FIRST) if first in test_id), len(FIRST))

    return sorted(ids, key=rank)  # a stable sort: the rest keep their order


def run_tests(copy_root: Path, env: dict, tests: list[str]) -> tuple[bool, str]:
    """True when every test passes (the mutation survives), False when a test fails (it is
    killed), and the last lines of pytest's report. Anything else (a collection error, no
    database) stops the run: it would count as a kill that no test made."""
    result = subprocess.run(
        pytest_command("-x", "-q", "--no-header", "-rf", *tests),
        cwd=copy_root, env=env, capture_output=True, text=True,
    )  # fmt: skip
    lines = result.stdout.strip().splitlines()
    if result.returncode not in (0, 1) or (result.returncode == 1 and "failed" not in lines[-1]):
        sys.exit(f"pytest did not run the tests (exit {result.returncode}):\n{result.stdout}")
    failed = [line for line in lines if line.startswith("FAILED")]
    return result.returncode == 0, "\n".join(failed[:1] or lines[-1:])


def say(text: str) -> None:
    """A line on the terminal at once (a run takes long; progress shows as it goes)."""
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the mutations, run nothing")
    parser.add_argument(
        "-k",
        action="append",
        default=[],
        help="only mutations whose description contains this (repeat for more)",
    )
    args = parser.parse_args(argv)
    wanted = [k.lower() for k in args.k] or [""]
    mutations = [m for m in all_mutations() if any(k in str(m).lower() for k in wanted)]
    if args.list:
        for number, m in enumerate(mutations, 1):
            say(f"{number:3}. {m}")
        say(f"{len(mutations)} mutations")
        return 0
    with tempfile.TemporaryDirectory(prefix="mutation-check-") as tmp:
        copy_root = Path(tmp) / "worktree"
        shutil.copytree(
            ROOT,
            copy_root,
            symlinks=True,
            ignore=shutil.ignore_patterns(".git", ".venv", ".data", "__pycache__", "staticfiles"),
        )
        env = test_environment()
        tests = ordered_tests(copy_root, env)
        passed, tail = run_tests(copy_root, env, tests)
        if not passed:  # every mutation would look killed
            sys.exit(f"The tests fail without any mutation:\n{tail}")
        say(f"Without mutations the {len(tests)} tests pass.")
        survived, killed, equivalent = [], [], []
        for number, m in enumerate(mutations, 1):
            reason = next((r for what, r in EQUIVALENT.items() if what in str(m)), None)
            if reason:
                equivalent.append(m)
                say(f"{number:3}/{len(mutations)} skipped  {m}\n      equivalent: {reason}")
                continue
            target = copy_root / m.path
            original = target.read_bytes()
            mutated = m.apply(original)
            compile(mutated, m.path, "exec")  # a mutation must be valid Python
            target.write_bytes(mutated)
            started = time.monotonic()
            try:
                passed, tail = run_tests(copy_root, env, tests)
            finally:
                target.write_bytes(original)
            seconds = time.monotonic() - started
            verdict = "SURVIVED" if passed else "killed"
            (survived if passed else killed).append(m)
            say(f"{number:3}/{len(mutations)} {verdict:8} ({seconds:4.0f} s) {m}")
            say(f"      {tail[:300]}")
    say(
        f"\n{len(mutations)} mutations: {len(killed)} killed, {len(survived)} survived, "
        f"{len(equivalent)} equivalent (not run)"
    )
    for m in survived:
        say(f"  survived: {m}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
