"""The command line: output, exit codes and the exact error messages users see."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Literal

import click
import pytest
import yaml
from click.testing import CliRunner
from pydantic import Field

from planner.cli import cli
from planner.commands.options import flag_data, profile_options
from planner.profile.csvrows import COLUMNS
from planner.profile.fields import SCHEMA, profile_schema
from planner.profile.model import Profile
from tests.conftest import REPO

ACUTE_VF = {
    "id": "P-1",
    "age": 74,
    "ability": "limited",
    "assessed_on": "2026-11-21",
    "bone_status": "osteoporosis",
    "back_pain": 6,
    "fractures": [{"site": "vertebral", "weeks_since": 3, "cause": "lifting"}],
}


def write(tmp_path: Path, data: object, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data) if not isinstance(data, str) else data)
    return path


def run(*args: str) -> object:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_plan_json_is_the_plan_v1_contract(tmp_path: Path) -> None:
    result = run("plan", str(write(tmp_path, ACUTE_VF)), "--format", "json")
    assert result.exit_code == 0
    plan = json.loads(result.stdout)
    assert plan["schema"] == "osteoplan/plan-v1"
    assert list(plan) == [
        "schema",
        "ruleset",
        "profile",
        "fall_risk",
        "start_date",
        "review_date",
        "weeks",
        "warnings",
        "excluded",
        "rules_fired",
        "supervision",
        "unmet",
        "adjustments",
        "programme",
        "review",
    ]
    assert plan["start_date"] == "2026-11-23"
    assert len(plan["weeks"]) == 12 and all(len(w["days"]) == 7 for w in plan["weeks"])


def test_plan_text_shows_the_week_at_a_glance_and_the_days(tmp_path: Path) -> None:
    result = run("plan", str(write(tmp_path, ACUTE_VF)))
    assert result.exit_code == 0
    assert "Week 1 of 12 (foundation) at a glance" in result.stdout
    assert "Monday (day 1)" in result.stdout
    assert "Lying on your back to straighten the spine" in result.stdout
    assert "W_VF_RED_FLAGS" in result.stdout


def test_plan_week_option_shows_that_week(tmp_path: Path) -> None:
    result = run("plan", str(write(tmp_path, ACUTE_VF)), "--week", "9")
    assert "Week 9 of 12 (progress)" in result.stdout
    assert run("plan", str(write(tmp_path, ACUTE_VF)), "--week", "13").exit_code == 2


def test_quick_plan_from_flags() -> None:
    result = run(
        "plan",
        "--age",
        "74",
        "--ability",
        "limited",
        "--site",
        "vertebral",
        "--weeks-since",
        "3",
        "--assessed-on",
        "2026-11-21",
        "--format",
        "json",
    )
    assert result.exit_code == 0
    assert "R-VF-2" in {r["id"] for r in json.loads(result.stdout)["rules_fired"]}


def test_flag_errors_name_the_flag() -> None:
    result = run("plan", "--age", "300", "--ability", "fit")
    assert result.exit_code == 2
    assert "--age: input should be less than or equal to 120" in result.stderr


def test_explain_lists_rules_sources_exclusions_and_choices(tmp_path: Path) -> None:
    result = run("explain", str(write(tmp_path, ACUTE_VF)))
    assert result.exit_code == 0
    out = result.stdout
    assert "R-VF-2  Acute vertebral fracture" in out
    assert "because: Vertebral fracture under 6 weeks (3 weeks ago)" in out
    assert "Left out by rules" in out and "\n  low_jumps\n      R-FX-2: impact above low\n" in out
    assert "In the plan, and why" in out and "supine_crook_lying: " in out
    assert "[BMJBP-VF]" in out


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**ACUTE_VF, "falls_12mo": 1}, "falls_12mo: unknown field (did you mean 'falls_12m'?)"),
        (
            {**ACUTE_VF, "fractures": [{"site": "wrist", "weeks_since": 3, "date": "2026-11-01"}]},
            "give exactly one of weeks_since or date",
        ),
        ({**ACUTE_VF, "age": 300}, "age: input should be less than or equal to 120"),
        (
            {**ACUTE_VF, "equipment": ["dumbell"]},
            "equipment[0]: unknown equipment; see 'osteoplan exercises --equipment' "
            "(did you mean 'dumbbells'?)",
        ),
        ("age: [1, 2\n", "not valid YAML or JSON"),
        ("just some words\n", "a profile must be a mapping of fields"),
    ],
)
def test_bad_profiles_exit_2_with_a_located_message(
    tmp_path: Path, data: object, message: str
) -> None:
    path = write(tmp_path, data)
    result = run("plan", str(path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_errors_from_a_file_name_the_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "age: 70\nability: fitt\n")
    result = run("plan", str(path))
    assert result.exit_code == 2
    assert f"{path}:2: ability:" in result.stderr
    assert "(did you mean 'fit'?)" in result.stderr


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("assessed_on: 2026-02-30\n", ":3: assessed_on:", "not a real date (day 30 of February)"),
        ("assessed_on: 31/02/2026\n", ":3: assessed_on:", "dates are read day first"),
        ("assessed_on: 9999-12-25\n", ":3: assessed_on:", "must be between 1900-01-01"),
        ("equipment: [dumbbells, frame]\n", ":3: equipment[1]:", "(did you mean 'walking_aid'?)"),
        ("red_flags: [chest_pain]\n", ":3: red_flags[0]:", "(did you mean 'chest_symptoms'?)"),
        ("t_score: .nan\n", ":3: t_score:", "input should be a finite number"),
        ("back_pain: " + "9" * 5001 + "\n", ":3: back_pain:", "more than 4,300 digits"),
        ("loop: &x [1, *x]\n", "", "levels deep"),
    ],
)
def test_profile_errors_name_the_line_and_field_in_plain_words(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    path = write(tmp_path, "age: 70\nability: fit\n" + text)
    for command in ("plan", "explain"):
        result = run(command, str(path))
        assert result.exit_code == 2, result.stderr
        assert f"{path}{where}" in result.stderr and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr and "9999999" not in result.stderr


def test_listed_equipment_adds_to_the_household_basics(tmp_path: Path) -> None:
    path = write(tmp_path, {**ACUTE_VF, "equipment": ["dumbbells"], "lacks": ["pillow"]})
    result = run("plan", str(path), "--format", "json")
    assert result.exit_code == 0, result.stderr
    profile = json.loads(result.stdout)["profile"]
    assert "dumbbells" in profile["equipment"] and "firm_chair" in profile["equipment"]
    assert "pillow" not in profile["equipment"] and profile["lacks"] == ["pillow"]


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run("plan", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "nope.yaml: file not found" in result.stderr


def test_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.7\n\xff\xfe\x00binary")
    result = run("plan", str(path))
    assert result.exit_code == 2
    assert "scan.pdf" in result.stderr and "Traceback" not in result.stderr


def test_arthroplasty_without_approach_plans_with_every_precaution(tmp_path: Path) -> None:
    data = {
        **ACUTE_VF,
        "fractures": [{"site": "hip", "weeks_since": 3, "treatment": "arthroplasty"}],
    }
    result = run("plan", str(write(tmp_path, data)), "--format", "json")
    assert result.exit_code == 0
    assert "approach not given: treated as unknown" in result.stderr
    plan = json.loads(result.stdout)
    assert "R-HIP-5" in {r["id"] for r in plan["rules_fired"]}
    assert {"W_HIP_PRECAUTIONS_POSTERIOR", "W_HIP_PRECAUTIONS_ANTERIOR", "W_SURGEON_CLEARANCE"} <= {
        w["code"] for w in plan["warnings"]
    }


def test_rules_check_passes_on_the_default_rules() -> None:
    result = run("rules", "check")
    assert result.exit_code == 0
    assert result.stdout.startswith("ok: ")


def test_rules_check_reports_a_broken_folder(tmp_path: Path) -> None:
    result = run("rules", "check", str(tmp_path))
    assert result.exit_code == 2
    assert "ruleset.yaml: file not found" in result.stderr


def test_exercises_lists_the_library_by_component() -> None:
    result = run("exercises", "--component", "balance")
    lines = result.stdout.splitlines()
    assert lines and all(" balance " in line for line in lines)
    assert any(line.startswith("tandem_stance ") for line in lines)


def test_profile_template_is_a_valid_profile(tmp_path: Path) -> None:
    result = run("profile-template")
    path = write(tmp_path, result.stdout)
    assert run("plan", str(path)).exit_code == 0


def test_help_does_not_import_weasyprint() -> None:
    code = (
        "import sys\nfrom planner.cli import cli\n"
        "try:\n    cli(['--help'])\nexcept SystemExit:\n    pass\n"
        "assert 'weasyprint' not in sys.modules, 'weasyprint imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, capture_output=True)


def test_python_dash_m_planner_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "planner", "--help"], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0 and "osteoplan" in result.stdout


def test_handout_writes_the_booklet_and_the_clinicians_copy_beside_it(tmp_path: Path) -> None:
    result = run(
        "handout", str(write(tmp_path, ACUTE_VF)), "--html", "-o", str(tmp_path / "vf.html")
    )
    assert result.exit_code == 0
    booklet, copy = tmp_path / "vf.html", tmp_path / "vf-clinician.html"
    assert result.stdout.split() == [str(booklet), str(copy)]
    assert "Your exercise plan" in booklet.read_text() and "Rules fired" not in booklet.read_text()
    assert "Rules fired" in copy.read_text()


def test_handout_into_a_folder_names_both_files_by_the_patient_id(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    result = run("handout", str(write(tmp_path, ACUTE_VF)), "--html", "-o", f"{folder}/")
    assert result.exit_code == 0
    assert result.stdout.split() == [
        str(folder / "P-1-booklet.html"),
        str(folder / "P-1-clinician.html"),
    ]
    elsewhere = tmp_path / "records" / "copy.html"
    elsewhere.parent.mkdir()
    result = run(
        "handout",
        str(write(tmp_path, ACUTE_VF)),
        "--html",
        "-o",
        str(folder),
        "--clinician-copy",
        str(elsewhere),
    )
    assert result.stdout.split() == [str(folder / "P-1-booklet.html"), str(elsewhere)]


def test_handout_refuses_one_name_for_both_documents(tmp_path: Path) -> None:
    out = str(tmp_path / "x.html")
    result = run(
        "handout", "--age", "70", "--ability", "fit", "--html", "-o", out, "--clinician-copy", out
    )
    assert result.exit_code == 2
    assert "need different file names" in result.stderr
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_and_is_in_the_readme(command: str) -> None:
    assert run(command, "--help").exit_code == 0
    assert f"osteoplan {command}" in (REPO / "README.md").read_text()


# --- profile flags, read off the profile model ----------------------------------------------

#: The profile flags as they were before they were read off the model.
TODAYS_FLAGS = set(
    "--id --age --ability --sex --assessed-on --bone-status --t-score --prior-fractures --falls "
    "--tug --chair-stands --balance-stage --one-leg-s --fall-risk --back-pain --injurious-fall --long-lie --syncope --unsteady "
    "--fear-of-falling --kyphosis --supervised --site --weeks-since --fracture-date --cause "
    "--treatment --approach --count --cleared --in-cast --red-flag --equipment --lacks --rules "
    "--preset --start-on --rest-days --minutes-per-day --drop --swap --add --hold --accept-unmet "
    "--clinic".split()
)


def _options(command: click.Command) -> set[str]:
    return {opt for param in command.params for opt in param.opts if opt.startswith("--")}


def test_profile_flags_keep_their_names() -> None:
    assert _options(cli.commands["explain"]) - {"--help"} == TODAYS_FLAGS
    for name in ("plan", "handout"):
        assert TODAYS_FLAGS <= _options(cli.commands[name])


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_no_flag_collides_with_a_commands_own_option(command: str) -> None:
    params = cli.commands[command].params
    names = [p.name for p in params]
    opts = [opt for p in params for opt in p.opts]
    assert len(names) == len(set(names)) and len(opts) == len(set(opts))


class _Extended(Profile):
    grip_kg: float | None = Field(None, ge=0, description="grip strength, kg")
    walking_aid: Literal["none", "stick", "frame"] | None = Field(None, description="aid used")


def test_a_new_profile_field_gets_its_flag() -> None:
    schema = profile_schema(_Extended)
    seen: dict[str, Any] = {}

    @click.command()
    def command(profile: Path | None, rules_path: Path | None, **values: Any) -> None:
        seen.update(flag_data(values, schema))

    command = profile_options(command, schema)
    result = CliRunner().invoke(command, ["--help"])
    assert "--grip-kg FLOAT" in result.stdout and "grip strength, kg" in result.stdout
    assert "[none|stick|frame]" in result.stdout
    result = CliRunner().invoke(command, ["--grip-kg", "31.5", "--walking-aid", "stick"])
    assert result.exit_code == 0, result.output
    assert seen == {"grip_kg": 31.5, "walking_aid": "stick"}


def test_list_flags_repeat_or_take_commas(tmp_path: Path) -> None:
    result = run(
        *("plan", "--age", "70", "--ability", "fit", "--assessed-on", "2026-11-21"),
        *("--red-flag", "new_back_pain", "--red-flag", "wound_problem"),
        *("--equipment", "dumbbells, mat", "--lacks", "pillow,table", "--format", "json"),
    )
    assert result.exit_code == 0, result.output
    profile = json.loads(result.stdout)["profile"]
    assert profile["red_flags"] == ["new_back_pain", "wound_problem"]
    assert {"dumbbells", "mat", "firm_chair"} <= set(profile["equipment"])
    assert profile["lacks"] == ["pillow", "table"]


def test_flag_errors_name_the_fracture_flag() -> None:
    result = run("plan", "--age", "70", "--ability", "fit", "--site", "wrist", "--count", "2")
    assert result.exit_code == 2
    assert "--weeks-since" not in result.stderr  # the problem is the entry, not one flag
    result = run(*("plan", "--age", "70", "--ability", "fit", "--site", "wrist"))
    assert "fractures[0]: give exactly one of weeks_since or date" in result.stderr
    result = run(*("plan", "--age", "70", "--ability", "fit", "--id", "a b"))
    assert "--id: use 1 to 64 letters" in result.stderr


def test_the_docs_name_every_profile_field_and_csv_column() -> None:
    readme = (REPO / "README.md").read_text()
    template = run("profile-template").stdout
    for spec in SCHEMA.fields + SCHEMA.fracture_fields:
        assert f"`{spec.name}`" in readme, spec.name
        assert f"{spec.name}:" in template, spec.name
    for column in COLUMNS:
        if not column.startswith(("fracture2_", "fracture3_")):
            assert f"`{column}`" in readme, column


# --- one error funnel -------------------------------------------------------------------------


def test_batch_start_up_errors_go_through_the_funnel(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_text("id,age,ability\nA1,70,fit\n")
    in_the_way = tmp_path / "file"
    in_the_way.write_text("")
    cases = [
        (["--rules", str(tmp_path / "nowhere")], "is not a folder holding a rulebook"),
        (["--clinic", str(tmp_path / "clinic.yaml")], "clinic.yaml: file not found"),
        (["-o", str(in_the_way / "out")], "cannot create the output folder"),
    ]
    for extra, message in cases:
        args = ["batch", str(src), "-o", str(tmp_path / "out"), "--format", "json", *extra]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert result.stderr.lstrip().startswith("error: ") and message in result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "none.csv"), "-o", str(tmp_path)])
    assert result.exit_code == 2 and "none.csv: cannot open the CSV" in result.stderr


def test_help_imports_no_rendering_code() -> None:
    for args in (["--help"], ["handout", "--help"], ["batch", "--help"], ["plan", "--help"]):
        code = (
            "import sys\nfrom planner.cli import cli\n"
            f"try:\n    cli({args!r})\nexcept SystemExit:\n    pass\n"
            "assert not {'weasyprint', 'pikepdf'} & set(sys.modules), 'rendering imported'\n"
        )
        subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, capture_output=True)
