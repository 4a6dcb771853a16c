"""A clinic's review day: a CSV of visits, one patient a row, each turned into the patient's
next block as 'osteoplan review' would make it, with the batch's manifest, resume, lock, located
errors and privacy."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from planner.batch.context import ReviewInputs
from planner.batch.lock import FolderLock
from planner.batch.manifest import ReviewRowResult, manifest_fields
from planner.batch.run import run_batch
from planner.cli import cli
from planner.errors import BatchInputError, UserError
from planner.review.visit_rows import VisitRows, read_visit_row
from tests.conftest import REPO

EXAMPLES = REPO / "examples"
HEADER = (
    "id,visit_date,kind,falls,injurious_falls,resistance_done,resistance_planned,"
    "balance_done,balance_planned,tug_s,achieved,top_of_range,pain,log,visit_file\n"
)
#: Line 2: a good row with a log; 3: no prescription; 4: a bad date; 5: a log outside its
#: folder; 6: a visit before the plan; 7: a good phone review; 8: a good row from a visit file;
#: 9: a name where the id goes.
ROWS = [
    "P001,2027-02-15,in_person,2027-01-10,,20,24,24,36,11.5,"
    "sit_to_stand=progress|tandem_stance=progress,sit_to_stand,glute_bridge=hold,p001.csv,\n",
    "P099,2027-02-15,phone,,,,,,,,,,,,\n",
    "P002,2027-02-30,phone,,,,,,,,,,,,\n",
    "P003,2027-02-16,in_person,,,,,,,,,,,../secret.csv,\n",
    "P004,2026-10-01,in_person,,,,,,,,,,,,\n",
    "P005,2027-02-17,phone,,,36,36,24,24,,sit_to_stand=progress;wall_push_up=build,"
    "sit_to_stand,,,\n",
    "P007,,,,,,,,,,,,,,visit.yaml\n",
    "Mary Hill,2027-02-17,phone,,,,,,,,,,,,\n",
]
GOOD = {"P001": 2, "P005": 7, "P007": 8}


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Block 1 of every example patient, as 'osteoplan batch --format json' writes it."""
    out = tmp_path_factory.mktemp("plans")
    assert run_batch(EXAMPLES / "patients.csv", out, fmt="json", jobs=1).code == 0
    return out


@pytest.fixture(scope="module")
def day(plans: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The review day's folder: the visits CSV, the visit file and the logs folder."""
    folder = tmp_path_factory.mktemp("day")
    (folder / "visits.csv").write_text(HEADER + "".join(ROWS), encoding="utf-8")
    shutil.copy(EXAMPLES / "visit.yaml", folder / "visit.yaml")
    logs = folder / "logs"
    logs.mkdir()
    plan = json.loads((plans / "P001.json").read_text(encoding="utf-8"))
    start, review = plan["start_date"], plan["review_date"]
    (logs / "p001.csv").write_text(
        "date,block,plan_start,review_date,resistance,balance\n"
        f"{start},1,{start},{review},y,y\n2026-11-04,,,,y,n\n",
        encoding="utf-8",
    )
    (folder / "secret.csv").write_text("date\n", encoding="utf-8")
    return folder


def review_day(day: Path, plans: Path, out: Path, *more: str) -> Any:
    args = ["review-batch", str(day / "visits.csv"), "--prescriptions", str(plans)]
    args += ["--logs", str(day / "logs"), "-o", str(out), "--format", "json", "--jobs", "1"]
    return CliRunner().invoke(cli, [*args, *more], catch_exceptions=False)


def manifest(out: Path) -> dict[int, dict[str, str]]:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as f:
        return {int(r["row"]): r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def done(day: Path, plans: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("review")
    result = review_day(day, plans, out)
    assert result.exit_code == 1, result.output  # some rows are invalid
    assert "8 rows: 3 ok, 5 invalid, 0 failed, 0 skipped" in result.output
    return out


def test_every_row_is_in_the_manifest_with_its_status_and_a_located_reason(done: Path) -> None:
    rows = manifest(done)
    assert sorted(rows) == list(range(2, 10))
    assert {n: r["status"] for n, r in rows.items() if r["status"] == "ok"} == {
        line: "ok" for line in GOOD.values()
    }
    errors = {n: r["error"] for n, r in rows.items()}
    assert errors[3].startswith("row 3: id: no prescription for this id: expected P099.json")
    assert errors[4].startswith("row 4: visit_date: not a real date")
    assert errors[5] == "row 5: log: must be a file name inside the logs folder (no .. in it)"
    assert errors[6] == (
        "row 6: visit_date: the visit is not after the last plan's assessment (its assessed_on)"
    )
    assert errors[9].startswith("row 9: id: ") and rows[9]["id"] == ""
    assert "Mary" not in (done / "manifest.csv").read_text(encoding="utf-8")
    assert list(rows[2]) == list(manifest_fields(ReviewRowResult))


def test_good_rows_give_block_2_with_the_review_changes(done: Path) -> None:
    rows = manifest(done)
    assert sorted(p.name for p in done.glob("*.json")) == [
        "P001-block2-plan.json",
        "P005-block2-plan.json",
        "P007-block2-plan.json",
        "manifest.json",
    ]
    for patient, line in GOOD.items():
        plan = json.loads((done / f"{patient}-block2-plan.json").read_text(encoding="utf-8"))
        assert plan["programme"]["block"] == 2 and plan["profile"]["id"] == patient
        changes = [c["change"] for c in plan["review"]["changes"]]
        row = rows[line]
        assert (row["output"], row["plan_json"], row["block"]) == (
            f"{patient}-block2-plan.json",
            f"{patient}-block2-plan.json",
            "2",
        )
        for kind in ("progress", "hold", "step_back", "new", "dropped"):
            assert row[kind] == str(changes.count(kind)), (patient, kind)
        assert set(plan["review"]["rules_fired"]) <= set(row["rules_fired"].split())

    def change(patient: str, slug: str) -> tuple[str, list[str]]:
        plan = json.loads((done / f"{patient}-block2-plan.json").read_text(encoding="utf-8"))
        found = next(c for c in plan["review"]["changes"] if c["slug"] == slug)
        return found["change"], found["rules"]

    assert change("P005", "sit_to_stand") == ("progress", ["R-REV-10"])  # the row's findings
    # The visit file's findings (achieved progress, top of range) meet R-REV-10; with no weight
    # at home there is no harder entry, so it holds at the top of its ladder and says why.
    assert change("P007", "sit_to_stand") == ("hold", ["R-REV-10"])
    p007 = json.loads((done / "P007-block2-plan.json").read_text(encoding="utf-8"))
    assert p007["programme"]["rungs"]["sit_to_stand"] == [2, 2, 2]
    held = next(c for c in p007["review"]["changes"] if c["slug"] == "sit_to_stand")
    assert held["because"][0].startswith("At the top of its ladder")
    assert change("P001", "sit_to_stand") == ("step_back", ["R-REV-6"])  # the log's long break
    assert rows[3]["block"] == rows[3]["progress"] == ""  # nothing known of a row not done


def test_each_row_gives_what_osteoplan_review_gives_for_it_alone(
    done: Path, day: Path, plans: Path, tmp_path: Path
) -> None:
    inline = {
        "visit_date": "2027-02-15",
        "kind": "in_person",
        "falls": [{"date": "2027-01-10"}],
        "sessions": {
            "resistance": {"done": 20, "planned": 24},
            "balance": {"done": 24, "planned": 36},
        },
        "retests": {"tug_s": 11.5},
        "exercises": {
            "sit_to_stand": {"achieved": "progress", "top_of_range": True},
            "tandem_stance": {"achieved": "progress"},
            "glute_bridge": {"pain": "hold"},
        },
    }
    (tmp_path / "p001.yaml").write_text(yaml.safe_dump(inline), encoding="utf-8")
    alone = [
        ("P001", tmp_path / "p001.yaml", day / "logs" / "p001.csv"),
        ("P007", day / "visit.yaml", None),
    ]
    for patient, visit, log in alone:
        args = ["review", str(plans / f"{patient}.json"), "--visit", str(visit)]
        args += ["--log", str(log)] if log else []
        result = CliRunner().invoke(cli, [*args, "-o", str(tmp_path / patient)])
        assert result.exit_code == 0, result.output
        made = (tmp_path / patient / f"{patient}-block2-plan.json").read_text(encoding="utf-8")
        assert made == (done / f"{patient}-block2-plan.json").read_text(encoding="utf-8")


def test_resume_skips_the_rows_done_and_redoes_the_others(
    done: Path, day: Path, plans: Path, tmp_path: Path
) -> None:
    out = tmp_path / "again"
    shutil.copytree(done, out)
    (out / "P005-block2-plan.json").write_text('{"cut', encoding="utf-8")  # a killed run's
    before = (out / "P001-block2-plan.json").stat().st_mtime_ns
    result = review_day(day, plans, out, "--resume")
    assert "8 rows: 1 ok, 5 invalid, 0 failed, 2 skipped" in result.output
    rows = manifest(out)
    assert [rows[line]["status"] for line in GOOD.values()] == ["skipped", "ok", "skipped"]
    assert (out / "P001-block2-plan.json").stat().st_mtime_ns == before
    assert json.loads((out / "P005-block2-plan.json").read_text(encoding="utf-8"))["programme"]
    assert rows[2]["block"] == "2" and rows[2]["rules_fired"] == manifest(done)[2]["rules_fired"]


def test_a_second_run_into_the_same_folder_is_refused(
    day: Path, plans: Path, tmp_path: Path
) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    with FolderLock(out):
        result = CliRunner().invoke(
            cli,
            [
                "review-batch",
                str(day / "visits.csv"),
                "--prescriptions",
                str(plans),
                "-o",
                str(out),
            ],
        )
    assert result.exit_code == 2
    assert "another batch is writing into it" in result.output
    assert not (out / "manifest.csv").exists()


def test_folders_are_checked_before_anything_is_written(
    day: Path, plans: Path, tmp_path: Path
) -> None:
    visits = day / "visits.csv"
    with pytest.raises(UserError, match="prescriptions folder does not exist"):
        run_batch(visits, tmp_path / "a", review=ReviewInputs(tmp_path / "none"))
    with pytest.raises(UserError, match="output folder is the prescriptions folder"):
        run_batch(visits, plans, review=ReviewInputs(plans))
    (tmp_path / "p.csv").write_text("id,visit_dat\nP001,2027-02-15\n", encoding="utf-8")
    with pytest.raises(BatchInputError) as caught:
        run_batch(tmp_path / "p.csv", tmp_path / "b", review=ReviewInputs(plans))
    assert "(did you mean 'visit_date'?)" in str(caught.value)
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_one_pdf_row_has_the_files_osteoplan_review_names(plans: Path, tmp_path: Path) -> None:
    (tmp_path / "v.csv").write_text(HEADER + ROWS[5], encoding="utf-8")
    report = run_batch(tmp_path / "v.csv", tmp_path / "out", jobs=1, review=ReviewInputs(plans))
    assert report.code == 0
    row = report.rows[0]
    assert isinstance(row, ReviewRowResult)
    assert (row.output, row.clinician_copy, row.plan_json) == (
        "P005-block2-booklet.pdf",
        "P005-block2-clinician.pdf",
        "P005-block2-plan.json",
    )
    assert (tmp_path / "out" / "P005-block2-booklet.pdf").read_bytes().startswith(b"%PDF")


def test_the_template_reads_back_as_a_valid_visit(tmp_path: Path, rulebook: Any) -> None:
    result = CliRunner().invoke(cli, ["review-batch-template"])
    path = tmp_path / "t.csv"
    path.write_text(result.stdout, encoding="utf-8")
    with VisitRows(path) as rows:
        (row,) = list(rows)
    found = read_visit_row(row.line, row.data, rulebook.exercises)
    assert found.id == "P001" and found.visit is not None
    falls = found.visit.falls
    assert [(str(f.date), f.injurious) for f in falls] == [
        ("2027-01-10", False),
        ("2027-02-02", True),
    ]
    assert found.visit.exercises["sit_to_stand"].top_of_range
    assert found.visit.sessions and found.visit.sessions["resistance"].done == 20


def test_a_row_problem_names_its_column_and_never_its_text(rulebook: Any) -> None:
    data = {
        "id": "A1",
        "visit_date": "2027-02-15",
        "falls": "2027-01-10",
        "long_lie_falls": "2027-01-11",
        "fall_during": "2027-01-10=Mary's walk",
        "pain": "sit_to_stand=sore",
        "resistance_done": "30",
        "resistance_planned": "24",
        "visit_file": "v.yaml",
    }
    with pytest.raises(UserError) as caught:
        read_visit_row(4, data, rulebook.exercises)
    assert str(caught.value).splitlines()[1:] == [
        "row 4: visit_file: give a visit file or the visit's columns, not both (visit_date)"
    ]
    del data["visit_file"]
    with pytest.raises(UserError) as caught:
        read_visit_row(4, data, rulebook.exercises)
    text = str(caught.value)
    assert "row 4: long_lie_falls: item 1 is not one of the dates in falls" in text
    assert "row 4: fall_during: item 1 is not an exercise of the library" in text
    assert "row 4: pain: item 1: use one of expected, hold, step_back" in text
    assert "row 4: resistance_done: done is more than planned" in text
    assert "Mary" not in text and "sore" not in text


def test_the_progress_bar_draws_on_a_terminal(
    done: Path, day: Path, plans: Path, tmp_path: Path
) -> None:
    command = (
        f"python -m planner review-batch {day / 'visits.csv'} --prescriptions {plans} "
        f"--logs {day / 'logs'} -o {tmp_path / 'tty'} --format json --jobs 2"
    )
    env = {"PYTHONPATH": str(REPO), "COLUMNS": "100", "TERM": "xterm", "PATH": _path()}
    screen = subprocess.run(
        ["script", "-qec", command, "/dev/null"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    ).stdout
    assert "rows" in screen and "8/8" in screen
    assert "8 rows: 3 ok, 5 invalid" in screen
    assert manifest(tmp_path / "tty") == manifest(done)


def _path() -> str:
    import os
    import sys

    return f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
