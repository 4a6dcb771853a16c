"""Tailoring from the command line and from a clinic's CSV: the flags, the columns, presets
from a clinic file, refusals with exit code 2, and the record in every output."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from planner.cli import cli
from planner.profile.csvrows import COLUMNS

BASE = ["--age", "74", "--ability", "independent", "--assessed-on", "2026-11-21"]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_every_adjustment_has_a_flag() -> None:
    code, out, err = run(
        "plan",
        *BASE,
        "--format",
        "json",
        "--drop",
        "tandem_stance: cannot manage it",
        "--swap",
        "brisk_walking=comfortable_walking: knee pain",
        "--add",
        "shoulder_blade_squeeze",
        "--hold",
        "sit_to_stand=foundation",
        "--rest-days",
        "sat,sun",
        "--start-on",
        "2026-12-07",
        "--minutes-per-day",
        "60",
    )
    assert code == 0, err
    plan = json.loads(out)
    kinds = [a["kind"] for a in plan["adjustments"]]
    assert kinds == ["drop", "swap", "add", "hold", "rest_days", "minutes_per_day", "start_on"]
    assert plan["start_date"] == "2026-12-07"
    assert plan["profile"]["adjust"]["drop"] == [
        {"exercise": "tandem_stance", "reason": "cannot manage it"}
    ]


def test_a_refused_adjustment_exits_2_naming_exercise_rule_and_reason() -> None:
    code, out, err = run("plan", *BASE, "--ability", "limited", "--add", "hopping")
    assert code == 2 and not out
    assert "add hopping: not suited to limited mobility (R-GEN-5)" in err
    assert "Traceback" not in err


def test_an_unknown_exercise_flag_gets_a_did_you_mean_naming_the_flag() -> None:
    code, _, err = run("plan", *BASE, "--drop", "tai_chii")
    assert code == 2
    assert "--drop: no such exercise" in err and "did you mean 'tai_chi'?" in err


def test_rest_days_flag_checks_its_names() -> None:
    code, _, err = run("plan", *BASE, "--rest-days", "sun,funday")
    assert code == 2 and "rest_days" in err.replace("--rest-days", "rest_days")


def test_accept_unmet_from_the_command_line_and_explain_shows_it() -> None:
    args = [*BASE, "--site", "wrist", "--weeks-since", "3", "--rest-days", "sun"]
    code, _, err = run("plan", *args)
    assert code == 2 and "R-WR-1" in err and "accept_unmet" in err
    code, out, _ = run("explain", *args, "--accept-unmet", "family day")
    assert code == 0
    assert "Adjusted by the clinician" in out
    assert "accepted by the clinician: family day" in out


def test_flags_add_to_the_files_adjustments(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        yaml.safe_dump(
            {
                "age": 74,
                "ability": "independent",
                "assessed_on": "2026-11-21",
                "adjust": {"drop": ["tandem_stance"]},
            }
        )
    )
    code, out, err = run("plan", str(profile), "--format", "json", "--rest-days", "sun")
    assert code == 0, err
    adjust = json.loads(out)["profile"]["adjust"]
    assert [d["exercise"] for d in adjust["drop"]] == ["tandem_stance"]
    assert adjust["rest_days"] == ["sun"]


def test_a_preset_from_the_clinic_file(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(
        yaml.safe_dump({"name": "Riverside", "presets": {"post_hip_class": {"rest_days": ["sun"]}}})
    )
    code, out, err = run(
        "plan", *BASE, "--preset", "post_hip_class", "--clinic", str(clinic), "--format", "json"
    )
    assert code == 0, err
    assert json.loads(out)["profile"]["adjust"]["rest_days"] == ["sun"]
    code, _, err = run("plan", *BASE, "--preset", "post_hip_clas", "--clinic", str(clinic))
    assert code == 2 and "did you mean 'post_hip_class'?" in err


def test_the_csv_has_a_column_for_each_adjustment() -> None:
    for column in (
        "preset",
        "start_on",
        "rest_days",
        "minutes_per_day",
        "drop",
        "swap",
        "add",
        "hold",
        "accept_unmet",
    ):
        assert column in COLUMNS


def test_a_batch_reads_adjustments_and_reports_a_refused_row(tmp_path: Path) -> None:
    rows = tmp_path / "patients.csv"
    rows.write_text(
        "id,age,ability,drop,swap,rest_days,add,preset\n"
        "A1,74,independent,tandem_stance: no,brisk_walking=comfortable_walking,sat|sun,,\n"
        "A2,74,limited,,,,hopping,\n"
        "A3,74,independent,,,,,class\n"
    )
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(yaml.safe_dump({"presets": {"class": {"drop": ["tai_chi"]}}}))
    out = tmp_path / "out"
    code, _, err = run(
        "batch", str(rows), "-o", str(out), "--format", "json", "--clinic", str(clinic)
    )
    assert code == 1, err  # one row invalid
    with (out / "manifest.csv").open(encoding="utf-8") as handle:
        manifest = {r["id"]: r for r in csv.DictReader(handle)}
    assert manifest["A1"]["status"] == "ok" and manifest["A3"]["status"] == "ok"
    assert manifest["A2"]["status"] == "invalid"
    assert "add hopping: not suited to limited mobility (R-GEN-5)" in manifest["A2"]["error"]
    plan = json.loads((out / "A1.json").read_text())
    assert plan["profile"]["adjust"]["rest_days"] == ["sat", "sun"]
    assert [a["kind"] for a in plan["adjustments"]] == ["drop", "swap", "rest_days"]
    assert json.loads((out / "A3.json").read_text())["adjustments"][0]["exercise"] == "tai_chi"
