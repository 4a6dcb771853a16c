"""Finding the packaged data: rules/ and templates/ in the source tree, and inside the package
when a wheel put them there; no other module computes these paths."""

from __future__ import annotations

from pathlib import Path

import pytest

import planner
from planner import resources
from planner.resources import rules_dir, templates_dir
from tests.conftest import REPO


def test_a_checkout_finds_the_folders_at_the_top_of_the_repository() -> None:
    assert rules_dir() == REPO / "rules"
    assert templates_dir() == REPO / "templates"


def test_the_rules_folder_holds_the_rulebook() -> None:
    folder = rules_dir()
    assert (folder / "ruleset.yaml").is_file() and (folder / "warnings.yaml").is_file()
    assert {"aerobic", "balance", "resistance"} <= {
        p.stem for p in (folder / "exercises").glob("*.yaml")
    }


def test_the_templates_folder_holds_the_handout() -> None:
    folder = templates_dir()
    assert (folder / "handout.html.j2").is_file() and (folder / "handout.css").is_file()
    assert (folder / "sections").is_dir()


def test_an_installed_package_uses_its_own_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "planner"
    for base in (package, package.parent):
        (base / "rules").mkdir(parents=True)
        (base / "templates").mkdir()
    monkeypatch.setattr(resources, "_PACKAGE_DIR", package)
    assert (rules_dir(), templates_dir()) == (package / "rules", package / "templates")


def test_without_a_packaged_copy_the_folder_beside_the_package_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "src" / "planner"
    package.mkdir(parents=True)
    monkeypatch.setattr(resources, "_PACKAGE_DIR", package)
    assert rules_dir() == tmp_path / "src" / "rules"
    assert templates_dir() == tmp_path / "src" / "templates"


def test_no_other_module_locates_files_from_its_own_path() -> None:
    package = Path(planner.__file__).parent
    offenders = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if path.name != "resources.py" and "__file__" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
