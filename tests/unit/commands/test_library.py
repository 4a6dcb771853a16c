"""``rules check`` and ``exercises`` on their own: the summary line, the findings raised, the
library listing and the equipment names."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import planner.rulebook.checks
from planner.commands.library import exercises, rules
from planner.errors import RulebookError
from planner.rulebook import Rulebook
from planner.rulebook.checks import Finding
from planner.vocabulary import COMPONENTS


def invoke(command: object, *args: str) -> Result:
    return CliRunner().invoke(command, list(args))  # type: ignore[arg-type]


def test_rules_check_sums_up_a_good_rulebook_in_one_line(rulebook: Rulebook) -> None:
    result = invoke(rules, "check")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"ok: {rulebook.path}: {len(rulebook.rules)} rules, {len(rulebook.review_rules)} review "
        f"rules, {len(rulebook.exercises)} exercises, "
        f"{len(rulebook.warnings)} warnings, {len(rulebook.sources)} sources "
        f"(version {rulebook.info.version}, sha256 {rulebook.sha256[:12]})\n"
    )


def test_rules_check_raises_for_a_folder_that_is_no_rulebook(tmp_path: Path) -> None:
    result = invoke(rules, "check", str(tmp_path))
    assert isinstance(result.exception, RulebookError)
    assert "ruleset.yaml: file not found" in str(result.exception)
    assert result.stdout == ""


def test_rules_check_raises_the_library_findings_with_file_and_line(
    rulebook: Rulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = Finding(
        file=rulebook.path / "exercises" / "balance.yaml",
        line=12,
        slug="one_leg_stand",
        field="exercises[1].safety_cue",
        message='says "just above the counter"',
    )
    monkeypatch.setattr(planner.rulebook.checks, "check_library", lambda library: [found])
    result = invoke(rules, "check")
    assert isinstance(result.exception, RulebookError)
    message = str(result.exception)
    assert message.splitlines()[0] == (f"The exercise library in {rulebook.path} has 1 finding:")
    assert (
        f"{rulebook.path}/exercises/balance.yaml:12: exercises[1].safety_cue: one_leg_stand: "
        'says "just above the counter"' in message
    )
    assert not result.stdout.startswith("ok")


def test_exercises_lists_every_entry_in_library_order(rulebook: Rulebook) -> None:
    result = invoke(exercises)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(rulebook.exercises)
    for line, ex in zip(lines, rulebook.exercises.values(), strict=True):
        assert line.split()[1:3] == [ex.component, ex.position]
        assert line.endswith("do not prescribe") == ex.do_not_prescribe


@pytest.mark.parametrize("component", COMPONENTS)
def test_exercises_by_component_lists_only_that_component(
    rulebook: Rulebook, component: str
) -> None:
    result = invoke(exercises, "--component", component)
    assert result.exit_code == 0
    slugs = [line.split()[0] for line in result.stdout.splitlines()]
    assert slugs == [s for s, ex in rulebook.exercises.items() if ex.component == component]
    assert slugs, f"the library has {component} exercises"


def test_an_unknown_component_is_a_usage_error() -> None:
    result = invoke(exercises, "--component", "balanse")
    assert result.exit_code == 2 and "--component" in result.output


def test_exercises_equipment_lists_both_groups_with_their_labels(rulebook: Rulebook) -> None:
    result = invoke(exercises, "--equipment")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    equipment = rulebook.equipment
    on_request = lines.index("on request:")
    assert lines[0] == "household (default):"
    assert [line.split()[0] for line in lines[1:on_request]] == list(equipment.household)
    assert [line.split()[0] for line in lines[on_request + 1 :]] == list(equipment.on_request)
    for line in lines[1:on_request] + lines[on_request + 1 :]:
        name = line.split()[0]
        assert line.startswith("  ") and line.rstrip().endswith(equipment.labels[name])


def test_exercises_from_another_rulebook_folder_raises_for_a_bad_one(tmp_path: Path) -> None:
    result = invoke(exercises, "--rules", str(tmp_path / "none"))
    assert isinstance(result.exception, RulebookError)
