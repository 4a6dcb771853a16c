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
    public = {name for name in vars(planner) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(planner, name)).__name__ == "module"}
    assert public - modules == set(planner.__all__)
