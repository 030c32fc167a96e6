"""The house rules a newcomer relies on: imports run one way, no module grows unexplained.

Imports run common <- coalitions <- partners <- experiments, and pijlers builds on coalitions
and partners; kansrijke (the project) may know every app, no app imports kansrijke. A lower
app does not reach up by import, by `apps.get_model` or by including a higher app's template:
higher apps plug in through the extension points in coalitions/extensions.py.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["common", "coalitions", "partners", "pijlers", "experiments", "kansrijke"]
# What each room may import (besides itself).
ALLOWED = {
    "common": set(),
    "coalitions": {"common"},
    "partners": {"common", "coalitions"},
    "pijlers": {"common", "coalitions", "partners"},
    "experiments": {"common", "coalitions", "partners"},
    "kansrijke": set(APPS),
}
MAX_LINES = 650


def python_files(room):
    for path in sorted((ROOT / room).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported_rooms(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            if top in APPS:
                yield node.lineno, top


@pytest.mark.parametrize("room", APPS)
def test_imports_run_one_way(room):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {top}"
        for path in python_files(room)
        for line, top in imported_rooms(path)
        if top != room and top not in ALLOWED[room]
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("room", ["common", "coalitions", "partners", "pijlers", "experiments"])
def test_no_app_looks_up_a_higher_apps_models_or_templates(room):
    higher = set(APPS) - ALLOWED[room] - {room, "common"}
    model_lookup = re.compile(r"get_model\(\s*[\"'](\w+)")
    wrong = []
    for path in python_files(room):
        for match in model_lookup.finditer(path.read_text(encoding="utf-8")):
            if match[1] in higher:
                wrong.append(f"{path.relative_to(ROOT)} looks up a model of {match[1]}")
    include = re.compile(r"{%\s*(?:include|extends)\s+[\"'](\w+)/")
    for path in sorted((ROOT / "templates" / room).rglob("*.html")):
        for match in include.finditer(path.read_text(encoding="utf-8")):
            if match[1] in higher:
                wrong.append(f"{path.relative_to(ROOT)} includes a template of {match[1]}")
    assert not wrong, "\n".join(wrong)


def test_no_module_grows_past_the_guideline_without_saying_why():
    long = []
    for room in APPS + ["tests"]:
        for path in python_files(room):
            lines = path.read_text(encoding="utf-8").splitlines()
            docstring = ast.get_docstring(ast.parse("\n".join(lines))) or ""
            if len(lines) > MAX_LINES and "650" not in docstring:
                long.append(f"{path.relative_to(ROOT)}: {len(lines)} lines")
    assert not long, "\n".join(long)


def project_modules():
    modules = {}
    for room in APPS:
        for path in python_files(room):
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            modules[name.removesuffix(".__init__")] = path
    return modules


def test_no_import_circle_not_even_through_imports_inside_functions():
    modules = project_modules()
    graph = {}
    for name, path in modules.items():
        edges = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            edges |= {t for t in targets if t in modules and t != name}
        graph[name] = edges

    circles = []
    state = {}  # name -> "open" while on the path, "done" after

    def visit(name, path):
        state[name] = "open"
        for target in sorted(graph[name]):
            if state.get(target) == "open":
                circles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not circles, "\n".join(circles)
