"""The wheel carries the rules and templates, and the public API is what it says."""

from __future__ import annotations

import zipfile
from pathlib import Path

import planner
from tests.conftest import REPO


def test_wheel_holds_rules_and_templates(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    wheel = next(
        iter(WheelBuilder(str(REPO)).build(directory=str(tmp_path), versions=["standard"]))
    )
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (REPO / "rules").rglob("*.yaml"):
        assert f"planner/rules/{path.relative_to(REPO / 'rules').as_posix()}" in names
    for path in (REPO / "templates").rglob("*.*"):
        assert f"planner/templates/{path.relative_to(REPO / 'templates').as_posix()}" in names
    assert "planner/cli.py" in names


def test_public_api_is_complete_and_sorted() -> None:
    assert planner.__all__ == sorted(planner.__all__)
    assert set(planner.__all__) == set(planner._HOMES)
    for name in planner.__all__:  # each resolves, from the module that defines it
        assert getattr(planner, name).__module__.startswith("planner.")
    public = {name for name in vars(planner) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(planner, name)).__name__ == "module"}
    assert public - modules == set(planner.__all__)


def test_importing_planner_loads_no_renderer() -> None:
    import subprocess
    import sys

    code = "import sys, planner; print(sorted(m for m in sys.modules if m.startswith('planner')))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert out.strip() == "['planner']"


def _module_imports() -> dict[str, set[str]]:
    """Each planner module and the planner modules it imports at its top level."""
    import ast

    graph: dict[str, set[str]] = {}
    for path in (REPO / "planner").rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("planner"):
                found.add(node.module or "")
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("planner")}
        graph[name] = found
    return graph


def test_no_import_cycles() -> None:
    graph = _module_imports()
    state: dict[str, int] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph.get(name, ())):
            if state.get(target) == 1:
                raise AssertionError(" -> ".join([*trail, name, target]))
            if target in graph and not state.get(target):
                visit(target, [*trail, name])
        state[name] = 2

    for name in sorted(graph):
        if not state.get(name):
            visit(name, [])


def test_every_module_is_small() -> None:
    sizes = {
        str(p.relative_to(REPO)): len(p.read_text(encoding="utf-8").splitlines())
        for p in (REPO / "planner").rglob("*.py")
    }
    assert not {path: n for path, n in sizes.items() if n > 400}
