"""``batch`` and ``batch-template`` on their own: the exit code is the report's, the summary is
the last line, usage errors exit 2 and start-up errors are raised (the funnel shows them)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from planner.commands.batch import batch, batch_template_command, count_rows
from planner.errors import BatchInputError, RulebookError
from planner.profile.csvrows import COLUMNS, batch_template

HEADER = "id,name,age,ability,assessed_on\n"


def invoke(command: object, *args: str) -> Result:
    return CliRunner().invoke(command, list(args))  # type: ignore[arg-type]


def write_csv(tmp_path: Path, *rows: str, header: str = HEADER) -> Path:
    path = tmp_path / "patients.csv"
    path.write_text(header + "".join(rows), encoding="utf-8", newline="")
    return path


def test_all_rows_ok_exits_0_with_the_summary_on_stdout(tmp_path: Path) -> None:
    src = write_csv(tmp_path, "A1,Ann,74,limited,2026-11-02\n", "B2,Bo,70,fit,2026-11-02\n")
    out = tmp_path / "out"
    result = invoke(batch, str(src), "-o", str(out), "--format", "json", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"2 rows: 2 ok, 0 invalid, 0 failed, 0 skipped; manifest {out / 'manifest.csv'}\n"
    )
    assert sorted(p.name for p in out.iterdir()) == [
        "A1.json",
        "B2.json",
        "manifest.csv",
        "manifest.json",
    ]


def test_an_invalid_row_exits_1_and_the_others_are_still_done(tmp_path: Path) -> None:
    src = write_csv(tmp_path, "A1,Ann,74,limited,2026-11-02\n", "A2,Bo,,fit,2026-11-02\n")
    out = tmp_path / "out"
    result = invoke(batch, str(src), "-o", str(out), "--format", "json", "--jobs", "1")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-1].startswith("2 rows: 1 ok, 1 invalid, 0 failed")
    assert (out / "A1.json").is_file() and not (out / "A2.json").exists()
    assert "Ann" not in result.output and "Bo" not in result.output


def test_resume_skips_what_is_done(tmp_path: Path) -> None:
    src = write_csv(tmp_path, "A1,Ann,74,limited,2026-11-02\n")
    args = (str(src), "-o", str(tmp_path / "out"), "--format", "json", "--jobs", "1")
    assert invoke(batch, *args).exit_code == 0
    result = invoke(batch, *args, "--resume")
    assert result.exit_code == 0
    assert "1 rows: 0 ok, 0 invalid, 0 failed, 1 skipped" in result.stdout


def test_a_bad_header_is_raised_before_anything_is_written(tmp_path: Path) -> None:
    src = write_csv(tmp_path, "A1,70,fit\n", header="id,agee,ability\n")
    result = invoke(batch, str(src), "-o", str(tmp_path / "out"), "--format", "json")
    assert isinstance(result.exception, BatchInputError)
    assert "column 2 is not a known column name" in str(result.exception)
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


def test_a_bad_rulebook_is_raised(tmp_path: Path) -> None:
    src = write_csv(tmp_path, "A1,Ann,74,limited,2026-11-02\n")
    args = ("-o", str(tmp_path / "out"), "--format", "json", "--rules", str(tmp_path / "none"))
    result = invoke(batch, str(src), *args)
    assert isinstance(result.exception, RulebookError)
    assert not (tmp_path / "out").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    src = str(write_csv(tmp_path, "A1,Ann,74,limited,2026-11-02\n"))
    out = str(tmp_path / "out")
    for args, says in (
        ([src], "Missing option '-o' / '--out'"),
        ([src, "-o", out, "--jobs", "0"], "--jobs"),
        ([src, "-o", out, "--format", "docx"], "--format"),
        (["-o", out], "Missing argument 'PATIENTS'"),
    ):
        result = invoke(batch, *args)
        assert result.exit_code == 2, args
        assert says in result.output, args
    assert not (tmp_path / "out").exists()


def test_count_rows_counts_the_non_blank_lines_after_the_header(tmp_path: Path) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "A1,,70,fit,\n\n  \nB2,,70,fit,\r\nC3,,70,fit,", encoding="utf-8")
    assert count_rows(path) == 3
    path.write_text(HEADER, encoding="utf-8")
    assert count_rows(path) == 0
    path.write_text("", encoding="utf-8")
    assert count_rows(path) == 0
    assert count_rows(tmp_path / "missing.csv") is None


def test_batch_template_prints_the_header_and_an_example_row() -> None:
    result = invoke(batch_template_command)
    assert result.exit_code == 0
    assert result.stdout == batch_template()
    header, example = result.stdout.splitlines()
    assert tuple(header.split(",")) == COLUMNS
    assert example.startswith("P001,")


def test_batch_template_explains_dates_and_lists_on_stderr_only() -> None:
    result = invoke(batch_template_command)
    assert result.stderr.startswith("note: one patient per row")
    assert "DD/MM/YYYY (day first, always)" in result.stderr
    assert "separate several red_flags or equipment or lacks names with '|'" in result.stderr
    assert "note:" not in result.stdout


def test_the_template_is_a_batch_that_runs(tmp_path: Path) -> None:
    src = tmp_path / "template.csv"
    src.write_text(invoke(batch_template_command).stdout, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke(batch, str(src), "-o", str(out), "--format", "json", "--jobs", "1")
    assert result.exit_code == 0, result.output
    plan = json.loads((out / "P001.json").read_text(encoding="utf-8"))
    assert [f["site"] for f in plan["profile"]["fractures"]] == ["vertebral", "wrist"]
