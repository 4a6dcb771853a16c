"""``plan``, ``explain`` and ``profile-template`` on their own (no error funnel): output, notes on
stderr, exit codes, and the errors they raise."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner, Result

from planner.commands.plan import explain, plan, profile_template
from planner.errors import ProfileError, UserError
from planner.profile.model import load_profile
from planner.resources import templates_dir

PROFILE = ("--age", "74", "--ability", "limited", "--assessed-on", "2026-11-21")
ACUTE_VF = (*PROFILE, "--site", "vertebral", "--weeks-since", "3")
#: Only a chair: several requirements cannot be met.
CHAIR_ONLY = (
    *("--age", "85", "--ability", "frail", "--assessed-on", "2026-11-21"),
    *("--equipment", "firm_chair"),
)


def invoke(command: object, *args: str) -> Result:
    return CliRunner().invoke(command, list(args))  # type: ignore[arg-type]


def test_json_is_the_plan_v1_contract_on_stdout() -> None:
    result = invoke(plan, *ACUTE_VF, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["schema"] == "osteoplan/plan-v1"
    assert (data["profile"]["age"], data["profile"]["ability"]) == (74, "limited")
    assert data["start_date"] == "2026-11-23"
    assert len(data["weeks"]) == 12
    assert "R-VF-2" in {r["id"] for r in data["rules_fired"]}
    assert result.stdout.endswith("}\n") and not result.stdout.endswith("\n\n")


def test_text_is_the_default_format() -> None:
    result = invoke(plan, *ACUTE_VF)
    assert result.exit_code == 0
    assert result.stdout.startswith("Exercise plan\n")
    assert "Week 1 of 12 (foundation) at a glance" in result.stdout


def test_weeks_sets_the_plans_length() -> None:
    data = json.loads(invoke(plan, *PROFILE, "--weeks", "4", "--format", "json").stdout)
    assert len(data["weeks"]) == 4
    assert invoke(plan, *PROFILE, "--weeks", "53").exit_code == 2
    assert invoke(plan, *PROFILE, "--weeks", "0").exit_code == 2


def test_week_shows_that_week() -> None:
    result = invoke(plan, *PROFILE, "--weeks", "4", "--week", "3")
    assert result.exit_code == 0
    assert "Week 3 of 4 (foundation)" in result.stdout
    assert "Week 1 of 4" not in result.stdout


def test_a_week_past_the_plan_is_a_user_error() -> None:
    result = invoke(plan, *PROFILE, "--weeks", "4", "--week", "5")
    assert isinstance(result.exception, UserError)
    assert str(result.exception) == "--week 5 is past the plan's 4 weeks"
    assert result.stdout == "", "nothing is printed before the error"


def test_unmet_requirements_are_notes_on_stderr_and_json_stays_clean() -> None:
    result = invoke(plan, *CHAIR_ONLY, "--format", "json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    notes = result.stderr.splitlines()
    assert data["unmet"] and len(notes) == len(data["unmet"])
    for note, unmet in zip(notes, data["unmet"], strict=True):
        assert note.startswith(f"note: could not meet {unmet['rule']} ({unmet['label']}): ")
        assert f"required {unmet['required']}, found {unmet['found']}" in note


def test_a_plan_with_everything_met_prints_no_notes() -> None:
    result = invoke(plan, *PROFILE, "--format", "json")
    assert json.loads(result.stdout)["unmet"] == []
    assert result.stderr == ""


def test_the_plans_notes_go_to_stderr() -> None:
    args = (*PROFILE, "--site", "hip", "--weeks-since", "3", "--treatment", "arthroplasty")
    result = invoke(plan, *args, "--format", "json")
    assert result.exit_code == 0
    assert "note: fracture 1 (hip replacement): approach not given" in result.stderr
    assert "approach not given" not in result.stdout


def test_a_profile_file_is_read_and_flags_override_it(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("age: 70\nability: fit\nassessed_on: 2026-11-21\n", encoding="utf-8")
    data = json.loads(invoke(plan, str(path), "--age", "81", "--format", "json").stdout)
    assert (data["profile"]["age"], data["profile"]["ability"]) == (81, "fit")


def test_no_profile_is_a_user_error() -> None:
    result = invoke(plan)
    assert isinstance(result.exception, UserError)
    assert "give a profile file" in str(result.exception)


def test_a_bad_flag_value_is_a_profile_error_naming_the_flag() -> None:
    result = invoke(plan, "--age", "300", "--ability", "fit")
    assert isinstance(result.exception, ProfileError)
    assert "--age: input should be less than or equal to 120" in str(result.exception)


def test_explain_names_the_rules_and_why_they_fired() -> None:
    result = invoke(explain, *ACUTE_VF)
    assert result.exit_code == 0
    assert "R-VF-2  Acute vertebral fracture" in result.stdout
    assert "because: Vertebral fracture under 6 weeks (3 weeks ago)" in result.stdout


def test_explain_raises_for_no_profile() -> None:
    assert isinstance(invoke(explain).exception, UserError)


def test_profile_template_prints_the_template_which_is_a_valid_profile(tmp_path: Path) -> None:
    result = invoke(profile_template)
    assert result.exit_code == 0
    template = templates_dir() / "profile-template.yaml"
    assert result.stdout == template.read_text(encoding="utf-8")
    assert isinstance(yaml.safe_load(result.stdout), dict)
    path = tmp_path / "mine.yaml"
    path.write_text(result.stdout, encoding="utf-8")
    assert load_profile(path).age > 0


def test_an_unedited_template_starts_from_today(tmp_path: Path) -> None:
    import datetime as dt

    path = tmp_path / "mine.yaml"
    path.write_text(invoke(profile_template).stdout, encoding="utf-8")
    assert load_profile(path).assessed_on == dt.date.today()
