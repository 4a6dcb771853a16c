"""run_batch on tiny CSVs (JSON plans): the report's counts, code and order, the manifest, resume,
and the start-up errors that stop a batch before it writes anything."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from planner.batch.manifest import RowResult
from planner.batch.run import FORMATS, BatchReport, run_batch
from planner.errors import BatchInputError, OutputError, RulebookError, SourceError, UserError

HEADER = "id,name,age,ability,assessed_on,fracture1_site,fracture1_weeks_since\n"
GOOD = "A1,Ann One,74,limited,2026-11-02,vertebral,3\n"


def write_csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "patients.csv"
    path.write_text(header + "".join(rows), encoding="utf-8", newline="")
    return path


def test_a_batch_of_good_rows_is_code_0_with_a_file_each(tmp_path: Path) -> None:
    src = write_csv(tmp_path, GOOD, "B2,Bo Two,70,fit,2026-11-02,,\n")
    out = tmp_path / "out"
    report = run_batch(src, out, fmt="json", jobs=1)
    assert report.code == 0
    assert [(r.row, r.id, r.status) for r in report.rows] == [(2, "A1", "ok"), (3, "B2", "ok")]
    assert sorted(p.name for p in out.iterdir()) == [
        "A1.json",
        "B2.json",
        "manifest.csv",
        "manifest.json",
    ]
    assert (report.manifest_csv, report.manifest_json) == (
        out / "manifest.csv",
        out / "manifest.json",
    )


def test_counts_and_code_1_when_some_rows_are_invalid(tmp_path: Path) -> None:
    src = write_csv(
        tmp_path,
        GOOD,
        "A2,Bob Two,,limited,2026-11-02,,\n",  # line 3: no age
        "a1,Cy Three,70,fit,2026-11-02,,\n",  # line 4: A1 again
        "\n",
        "A5,Di Five,66,fit,2026-11-02,,\n",  # line 6
    )
    report = run_batch(src, tmp_path / "out", fmt="json", jobs=1)
    assert report.code == 1
    assert [r.row for r in report.rows] == [2, 3, 4, 6]
    assert [report.count(s) for s in ("ok", "invalid", "failed", "skipped")] == [2, 2, 0, 0]
    assert report.summary() == (
        f"4 rows: 2 ok, 2 invalid, 0 failed, 0 skipped; manifest {tmp_path / 'out' / 'manifest.csv'}"
    )
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert [RowResult.model_validate(r) for r in manifest["rows"]] == report.rows


def test_progress_hears_of_every_row_once(tmp_path: Path) -> None:
    src = write_csv(tmp_path, GOOD, "A2,,,limited,,,\n", "A1,,70,fit,,,\n")
    heard: list[int] = []
    report = run_batch(
        src, tmp_path / "out", fmt="json", jobs=1, progress=lambda r: heard.append(r.row)
    )
    assert sorted(heard) == [2, 3, 4] == [r.row for r in report.rows]


def test_rows_are_reported_by_row_whatever_order_they_finish_in(tmp_path: Path) -> None:
    # With two workers the duplicate (line 4) is known before the planned rows come back.
    src = write_csv(tmp_path, GOOD, "B2,,70,fit,2026-11-02,,\n", "a1,,70,fit,2026-11-02,,\n")
    finished: list[int] = []
    report = run_batch(
        src, tmp_path / "out", fmt="json", jobs=2, progress=lambda r: finished.append(r.row)
    )
    assert finished != sorted(finished), "the duplicate is heard of before the planned rows"
    assert [r.row for r in report.rows] == [2, 3, 4]
    with (tmp_path / "out" / "manifest.csv").open(encoding="utf-8") as f:
        assert [line.split(",", 1)[0] for line in f][1:] == ["2", "3", "4"]


def test_resume_skips_the_rows_already_done(tmp_path: Path) -> None:
    src = write_csv(tmp_path, GOOD, "B2,Bo Two,70,fit,2026-11-02,,\n")
    out = tmp_path / "out"
    run_batch(src, out, fmt="json", jobs=1)
    (out / "B2.json").write_text('{"cut sh')
    (out / ".A1.json.k3j2.tmp").write_text("{")  # left by a killed run
    report = run_batch(src, out, fmt="json", jobs=1, resume=True)
    assert [(r.row, r.status) for r in report.rows] == [(2, "skipped"), (3, "ok")]
    assert report.code == 0
    assert json.loads((out / "B2.json").read_text(encoding="utf-8"))["profile"]["id"] == "B2"
    assert not list(out.glob(".*.tmp"))


def test_an_empty_csv_makes_an_empty_manifest(tmp_path: Path) -> None:
    report = run_batch(write_csv(tmp_path), tmp_path / "out", fmt="json", jobs=1)
    assert (report.rows, report.code) == ([], 0)
    assert json.loads((tmp_path / "out" / "manifest.json").read_text()) == {"rows": []}


def test_the_report_counts_each_status() -> None:
    report = BatchReport(counts=Counter({"ok": 2, "skipped": 1}), manifest_csv=Path("m.csv"))
    assert (report.count("ok"), report.count("skipped"), report.count("failed")) == (2, 1, 0)
    assert report.summary() == "3 rows: 2 ok, 0 invalid, 0 failed, 1 skipped; manifest m.csv"


def test_the_summary_says_what_was_done_when_the_manifest_could_not_be_written() -> None:
    report = BatchReport(
        counts=Counter({"ok": 2, "invalid": 1}), out_dir=Path("out"), manifest_error="disk full"
    )
    assert report.summary() == (
        "3 rows: 2 ok, 1 invalid, 0 failed, 0 skipped; the manifest could not be written "
        "(disk full): the files of the 2 rows done are in out"
    )
    assert report.rows == []


# --- start-up errors: a UserError, nothing written ------------------------------------------


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="unknown format 'docx'; use pdf, html or json"):
        run_batch(write_csv(tmp_path, GOOD), tmp_path / "out", fmt="docx", jobs=1)  # type: ignore[arg-type]
    assert FORMATS == ("pdf", "html", "json")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("header", "error", "message"),
    [
        ("id,agee,ability\n", BatchInputError, "column 2 is not a known column name"),
        ("id,age\n", BatchInputError, "the required column 'ability' is missing"),
        ("id,age,age,ability\n", BatchInputError, "column 'age' appears twice"),
        ("\n", BatchInputError, "the CSV is empty"),
    ],
)
def test_a_bad_header_stops_the_batch(
    tmp_path: Path, header: str, error: type[UserError], message: str
) -> None:
    src = write_csv(tmp_path, "A1,70,fit\n", header=header)
    with pytest.raises(error) as caught:
        run_batch(src, tmp_path / "out", fmt="json", jobs=1)
    assert message in str(caught.value)
    assert not (tmp_path / "out").exists()


def test_a_missing_csv_stops_the_batch(tmp_path: Path) -> None:
    with pytest.raises(BatchInputError, match="cannot open the CSV"):
        run_batch(tmp_path / "none.csv", tmp_path / "out", fmt="json", jobs=1)
    assert not (tmp_path / "out").exists()


def test_a_bad_rulebook_stops_the_batch(tmp_path: Path) -> None:
    with pytest.raises(RulebookError, match="is not a folder holding a rulebook"):
        run_batch(
            write_csv(tmp_path, GOOD), tmp_path / "out", fmt="json", rules_path=tmp_path / "none"
        )
    assert not (tmp_path / "out").exists()


def test_a_missing_clinic_file_stops_the_batch(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="clinic.yaml: file not found"):
        run_batch(
            write_csv(tmp_path, GOOD), tmp_path / "out", fmt="json", clinic=tmp_path / "clinic.yaml"
        )
    assert not (tmp_path / "out").exists()


def test_an_output_folder_that_cannot_be_made_stops_the_batch(tmp_path: Path) -> None:
    in_the_way = tmp_path / "file"
    in_the_way.write_text("")
    with pytest.raises(OutputError, match="cannot create the output folder"):
        run_batch(write_csv(tmp_path, GOOD), in_the_way / "out", fmt="json", jobs=1)
