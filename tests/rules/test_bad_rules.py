"""Each kind of broken rule file fails at load with its file, line and a did-you-mean."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner import load_rulebook
from planner.errors import RulebookError
from planner.resources import rules_dir

BAD = Path(__file__).resolve().parent.parent / "fixtures" / "bad_rules"

CASES = {
    "unknown_key.yaml": (7, "rules[0].sorces: unknown field (did you mean 'sources'?)"),
    "duplicate_key.yaml": (5, "key 'when' appears twice (first on line 4)"),
    "unknown_fact.yaml": (5, "unknown fact 'fall_risks' (did you mean 'fall_risk'?)"),
    "bad_fact_value.yaml": (
        4,
        "fact 'fall_risk' cannot be 'hihg'; expected low, intermediate, high (did you mean 'high'?)",
    ),
    "unknown_slug.yaml": (5, "unknown exercise slug 'low_jump' (did you mean 'low_jumps'?)"),
    "unknown_tag.yaml": (5, "rules[0].then[0].exclude.tag[0]"),
    "unknown_source.yaml": (7, "unknown source 'BW2021' (did you mean 'BW2022'?)"),
    "missing_source.yaml": (2, "rules[0].sources: is required"),
    "unknown_warning.yaml": (
        5,
        "unknown warning code 'W_STOP_SYMPTOM' (did you mean 'W_STOP_SYMPTOMS'?)",
    ),
    "unknown_effect.yaml": (5, "(did you mean 'exclude'?)"),
    "duplicate_id.yaml": (None, "duplicate rule id 'R-GEN-1'"),
    "unknown_waiver.yaml": (6, "unknown rule id 'R-VF-9'"),
    "not_yaml.yaml": (None, "not valid YAML or JSON"),
    "exclude_nothing.yaml": (5, "rules[0].then[0]: this exclude selects no exercise"),
    "exclude_no_match.yaml": (6, "rules[0].then[1]: this exclude selects no exercise"),
    "cap_nothing.yaml": (5, "rules[0].then[0]: this cap is above every exercise"),
    "alias_bomb.yaml": (None, "has more than 20,000 values"),
}


def test_every_fixture_has_a_case() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_rule_file_names_file_line_and_fix(tmp_path: Path, name: str) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    shutil.copy(BAD / name, folder / name)
    line, fragment = CASES[name]
    with pytest.raises(RulebookError) as err:
        load_rulebook(folder)
    message = str(err.value)
    where = f"{folder / name}:{line}:" if line else f"{folder / name}"
    matching = [p for p in message.splitlines() if where in p]
    assert matching, f"no problem reported at {where}:\n{message}"
    assert any(fragment in p for p in matching), message


def test_all_problems_of_a_file_are_reported_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    (folder / "two.yaml").write_text(
        "rules:\n  - id: R-TEST-1\n    title: t\n    then:\n      - warn: W_NOPE\n"
        "    rationale: r\n    sources: [NOPE]\n"
    )
    with pytest.raises(RulebookError) as err:
        load_rulebook(folder)
    assert "2 problems" in str(err.value)


def test_an_oversized_rule_file_is_refused_unread(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(rules_dir(), folder)
    (folder / "huge.yaml").write_text("rules: []\n" + "#" * 1_000_000 + "\n")
    with pytest.raises(RulebookError, match=r"huge.yaml: is 1,000,011 bytes, more than"):
        load_rulebook(folder)


def test_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(RulebookError, match="is not a folder holding a rulebook"):
        load_rulebook(tmp_path / "nowhere")
