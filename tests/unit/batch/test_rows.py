"""Which rows a batch still has to do: repeated ids (ignoring case) are errors, and with resume
a row whose files are all whole is skipped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from planner.batch.manifest import RowResult
from planner.batch.rows import rows_to_do
from planner.profile.csvrows import CsvRow


def row(line: int, id: str | None = None, **data: Any) -> CsvRow:
    return CsvRow(line=line, data=({"id": id} if id is not None else {}) | data)


def todo(
    rows: list[CsvRow], out: Path, fmt: str = "json", resume: bool = False
) -> tuple[list[tuple[int, str]], list[RowResult]]:
    done: list[RowResult] = []
    work = [(r.line, stem) for r, stem in rows_to_do(rows, out, fmt, resume, done)]
    return work, done


def test_each_new_row_is_yielded_with_its_file_stem(tmp_path: Path) -> None:
    work, done = todo([row(2, "A1"), row(3, "a b"), row(4)], tmp_path)
    assert work == [(2, "A1"), (3, "a_b"), (4, "row-4")]
    assert done == []


@pytest.mark.parametrize(("first", "second"), [("A1", "A1"), ("A1", "a1"), ("ab", "AB")])
def test_a_repeated_id_is_invalid_whatever_its_case(
    tmp_path: Path, first: str, second: str
) -> None:
    work, done = todo([row(2, first), row(3, "B2"), row(5, second)], tmp_path)
    assert work == [(2, first), (3, "B2")]
    (dup,) = done
    assert (dup.row, dup.id, dup.status) == (5, second, "invalid")
    assert dup.error == "row 5: id: duplicate id, first on row 2"
    assert (dup.output, dup.clinician_copy) == ("", "")


def test_ids_that_would_share_a_file_are_duplicates(tmp_path: Path) -> None:
    work, done = todo([row(2, "a b"), row(3, "a/b"), row(4, "A_B")], tmp_path)
    assert work == [(2, "a_b")]
    assert [(d.row, d.error.endswith("first on row 2")) for d in done] == [(3, True), (4, True)]


def test_rows_without_an_id_are_never_duplicates_of_each_other(tmp_path: Path) -> None:
    work, done = todo([row(2), row(3), row(4, "")], tmp_path)
    assert [stem for _, stem in work] == ["row-2", "row-3", "row-4"]
    assert done == []


def test_a_duplicate_is_reported_as_soon_as_it_is_read(tmp_path: Path) -> None:
    done: list[RowResult] = []
    rows = rows_to_do([row(2, "A1"), row(3, "a1"), row(4, "C3")], tmp_path, "json", False, done)
    assert next(rows)[0].line == 2 and done == []
    assert next(rows)[0].line == 4
    assert [d.row for d in done] == [3]


def test_without_resume_finished_rows_are_done_again(tmp_path: Path) -> None:
    (tmp_path / "A1.json").write_text("{}")
    work, done = todo([row(2, "A1")], tmp_path, resume=False)
    assert work == [(2, "A1")] and done == []


def test_resume_skips_a_json_row_whose_file_is_whole(tmp_path: Path) -> None:
    (tmp_path / "A1.json").write_text('{"schema": "osteoplan/plan-v1"}\n')
    (tmp_path / "B2.json").write_text('{"schema": "osteo')  # cut short by a killed run
    work, done = todo([row(2, "A1"), row(3, "B2"), row(4, "C3")], tmp_path, resume=True)
    assert work == [(3, "B2"), (4, "C3")]
    (skipped,) = done
    assert (skipped.row, skipped.id, skipped.status) == (2, "A1", "skipped")
    assert (skipped.output, skipped.clinician_copy, skipped.error) == ("A1.json", "", "")


def test_resume_skips_a_handout_row_only_when_both_files_are_whole(tmp_path: Path) -> None:
    page = "<!doctype html><html><body>plan</body></html>\n"
    for name in ("A1-booklet.html", "A1-clinician.html", "B2-booklet.html"):
        (tmp_path / name).write_text(page)
    work, done = todo([row(2, "A1"), row(3, "B2")], tmp_path, fmt="html", resume=True)
    assert work == [(3, "B2")]
    (skipped,) = done
    assert skipped.status == "skipped"
    assert (skipped.output, skipped.clinician_copy) == ("A1-booklet.html", "A1-clinician.html")


def test_a_duplicate_of_a_finished_row_is_still_invalid_on_resume(tmp_path: Path) -> None:
    (tmp_path / "A1.json").write_text("{}")
    work, done = todo([row(2, "A1"), row(3, "a1")], tmp_path, resume=True)
    assert work == []
    assert [(d.row, d.status) for d in done] == [(2, "skipped"), (3, "invalid")]


def test_resume_finds_the_file_of_a_row_without_an_id(tmp_path: Path) -> None:
    (tmp_path / "row-4.json").write_text("{}")
    work, done = todo([row(4)], tmp_path, resume=True)
    assert work == []
    assert (done[0].id, done[0].output) == ("", "row-4.json")
