"""One batch row in a worker: ok (its file written), invalid (its line and column), failed (a
short reason, never the patient's text)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import planner.build
from planner.batch import worker
from planner.batch.worker import (
    Settings,
    close_worker,
    closed_words,
    die_with_parent,
    init_worker,
    process,
    process_chunk,
)
from planner.errors import PlannerError
from planner.profile.csvrows import CsvRow, row_data

COLUMNS = ["id", "name", "note", "age", "ability", "assessed_on", "equipment", "fracture1_site"]
COLUMNS += ["fracture1_weeks_since"]
GOOD = {
    "id": "A1",
    "name": "Ann Example",
    "note": "bring water",
    "age": "74",
    "ability": "limited",
    "assessed_on": "2026-11-02",
    "fracture1_site": "vertebral",
    "fracture1_weeks_since": "3",
}


def csv_row(line: int, **cells: str) -> CsvRow:
    """A row as the CSV reader hands it over: a cell for every column, empty unless given."""
    return CsvRow(line=line, data=row_data(COLUMNS, [cells.get(c, "") for c in COLUMNS]))


@pytest.fixture
def out(tmp_path: Path) -> Iterator[Path]:
    init_worker(
        Settings(
            rules_path=None,
            out_dir=tmp_path,
            fmt="json",
            large_print=False,
            clinic=None,
            parts_dir=None,
            today=dt.date(2026, 11, 2),
        )
    )
    yield tmp_path
    close_worker()


def test_a_good_row_is_planned_and_written_under_its_stem(out: Path) -> None:
    result = process(csv_row(2, **GOOD), "A1")
    assert (result.row, result.id, result.status, result.error) == (2, "A1", "ok", "")
    assert (result.output, result.clinician_copy) == ("A1.json", "")
    assert sorted(p.name for p in out.iterdir()) == ["A1.json"]
    plan = json.loads((out / "A1.json").read_text(encoding="utf-8"))
    assert plan["schema"] == "osteoplan/plan-v1"
    assert (plan["profile"]["id"], plan["profile"]["name"], plan["profile"]["age"]) == (
        "A1",
        "Ann Example",
        74,
    )
    assert result.rules_fired == [r["id"] for r in plan["rules_fired"]]
    assert result.warnings == [w["code"] for w in plan["warnings"]]
    assert "R-VF-2" in result.rules_fired
    assert (result.fall_risk, result.review_date) == (plan["fall_risk"], plan["review_date"] or "")
    assert result.supervision_required is plan["supervision"]["required"]
    assert result.unmet == [u["rule"] for u in plan["unmet"]]


def test_the_file_stem_names_the_file_not_the_id(out: Path) -> None:
    result = process(csv_row(9, name="Ann", age="70", ability="fit"), "row-9")
    assert (result.id, result.status, result.output) == ("", "ok", "row-9.json")
    assert (out / "row-9.json").is_file()


def test_an_invalid_row_names_its_line_and_column_and_writes_nothing(out: Path) -> None:
    cells = {"id": "A3", "name": "Cy Secret", "age": "70", "ability": "fit"}
    result = process(csv_row(4, **cells, fracture1_site="hipp", fracture1_weeks_since="8"), "A3")
    assert (result.row, result.id, result.status, result.output) == (4, "A3", "invalid", "")
    assert result.error.startswith("row 4: fracture1_site: ")
    assert "(did you mean 'hip'?)" in result.error
    assert "Cy Secret" not in result.error
    assert not list(out.iterdir())


def test_every_problem_of_an_invalid_row_is_reported(out: Path) -> None:
    cells = {"id": "A4", "ability": "fitt", "fracture1_site": "wrist"}
    result = process(csv_row(5, **cells, fracture1_weeks_since="six"), "A4")
    assert result.status == "invalid"
    problems = result.error.split("; ")
    assert "row 5: age: is required" in problems
    assert any(p.startswith("row 5: ability: ") and "(did you mean 'fit'?)" in p for p in problems)
    assert any(p.startswith("row 5: fracture1_weeks_since: ") for p in problems)


def test_unknown_equipment_is_invalid_and_names_the_column(out: Path) -> None:
    cells = {"id": "A6", "age": "66", "ability": "fit", "equipment": "firm_chair|dumbels"}
    result = process(csv_row(7, **cells), "A6")
    assert result.status == "invalid"
    assert result.error.startswith("row 7: equipment: ")
    assert "did you mean 'dumbbells'" in result.error and "(item 2)" in result.error
    assert "'dumbels'" not in result.error  # the cell's text is never repeated
    assert not list(out.iterdir())


def test_an_invalid_row_has_no_plan_facts_and_no_invalid_id(out: Path) -> None:
    result = process(csv_row(3, id="Mary Hill", age="70", ability="fit"), "Mary_Hill")
    assert (result.id, result.status) == ("", "invalid")
    assert "Mary" not in result.error and result.error.startswith("row 3: id: ")
    assert (result.rules_fired, result.fall_risk, result.supervision_required) == ([], "", None)


def test_the_closed_words_are_vocabularies_not_cells() -> None:
    from planner.rulebook import load_rulebook

    words = closed_words(load_rulebook(None))
    assert {"dumbbells", "hip", "fracture1_site", "limited", "high"} <= words
    assert "Mary" not in words


def test_a_worker_whose_parent_is_gone_ends_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    ended: list[int] = []

    def exit_now(code: int) -> None:
        ended.append(code)
        raise SystemExit(code)

    monkeypatch.setattr(worker.os, "_exit", exit_now)
    monkeypatch.setattr(worker, "PR_SET_PDEATHSIG", 0)  # ask prctl for nothing in this process
    with pytest.raises(SystemExit):
        die_with_parent(parent=-1)  # never this process's parent
    assert ended == [1]


def test_resume_skips_a_row_whose_file_is_whole_with_its_plan_facts(out: Path) -> None:
    (out / "A1.json").write_text('{"schema": "osteoplan/plan-v1"}\n')
    (out / "B2.json").write_text('{"schema": "osteo')  # cut short by a killed run
    first = process(csv_row(2, **GOOD), "A1", resume=True)
    second = process(csv_row(3, **(GOOD | {"id": "B2"})), "B2", resume=True)
    assert (first.status, first.output, first.error) == ("skipped", "A1.json", "")
    assert (out / "A1.json").read_text() == '{"schema": "osteoplan/plan-v1"}\n'  # not redone
    assert "R-VF-2" in first.rules_fired and first.warnings and first.fall_risk
    assert second.status == "ok" and json.loads((out / "B2.json").read_text())["profile"]["id"]
    assert process(csv_row(4, **(GOOD | {"id": "C3"})), "A1", resume=False).status == "ok"


def test_resume_skips_a_handout_row_only_when_both_files_are_whole(tmp_path: Path) -> None:
    init_worker(
        Settings(
            rules_path=None,
            out_dir=tmp_path,
            fmt="html",
            large_print=False,
            clinic=None,
            parts_dir=None,
            today=dt.date(2026, 11, 2),
        )
    )
    page = "<!doctype html><html><body>plan</body></html>\n"
    for name in ("A1-booklet.html", "A1-clinician.html", "B2-booklet.html"):
        (tmp_path / name).write_text(page)
    try:
        skipped = process(csv_row(2, **GOOD), "A1", resume=True)
        assert skipped.status == "skipped"
        assert (skipped.output, skipped.clinician_copy) == ("A1-booklet.html", "A1-clinician.html")
        redone = process(csv_row(3, **(GOOD | {"id": "B2"})), "B2", resume=True)
        assert redone.status == "ok"
        assert (tmp_path / "B2-clinician.html").read_text().rstrip().endswith("</html>")
    finally:
        close_worker()


def test_an_output_that_cannot_be_written_fails_the_row(out: Path) -> None:
    (out / "A1.json").mkdir()  # something in the way of the file
    result = process(csv_row(2, **GOOD), "A1")
    assert (result.status, result.output) == ("failed", "")
    assert result.error.startswith("row 2: ") and "is a folder" in result.error
    assert "Ann Example" not in result.error


def test_an_unexpected_error_fails_the_row_naming_only_its_type(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("Ann Example, bring water")

    monkeypatch.setattr(planner.build, "build_plan", broken)
    result = process(csv_row(2, **GOOD), "A1")
    assert result.status == "failed"
    assert result.error == "row 2: could not produce the output (ValueError)"
    assert not list(out.iterdir())


def test_a_planner_error_fails_the_row_with_its_message(
    out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*args: object, **kwargs: object) -> None:
        raise PlannerError("the rulebook has no exercise for this")

    monkeypatch.setattr(planner.build, "build_plan", refused)
    result = process(csv_row(2, **GOOD), "A1")
    assert (result.status, result.error) == (
        "failed",
        "row 2: the rulebook has no exercise for this",
    )


def test_patients_with_the_same_facts_share_a_plan_and_keep_their_identity(out: Path) -> None:
    other = GOOD | {"id": "B2", "name": "Bo Other", "note": ""}
    results = process_chunk([(csv_row(2, **GOOD), "A1"), (csv_row(3, **other), "B2")])
    assert [r.status for r in results] == ["ok", "ok"]
    assert worker._current is not None and len(worker._current.plans) == 1
    first = json.loads((out / "A1.json").read_text(encoding="utf-8"))["profile"]
    second = json.loads((out / "B2.json").read_text(encoding="utf-8"))["profile"]
    assert (first["id"], first["name"], first["note"]) == ("A1", "Ann Example", "bring water")
    assert (second["id"], second["name"], second["note"]) == ("B2", "Bo Other", None)
    assert {k: v for k, v in first.items() if k not in ("id", "name", "note")} == {
        k: v for k, v in second.items() if k not in ("id", "name", "note")
    }


def test_different_facts_get_their_own_plans(out: Path) -> None:
    older = {"id": "B2", "age": "88", "ability": "frail", "assessed_on": "2026-11-02"}
    process_chunk([(csv_row(2, **GOOD), "A1"), (csv_row(3, **older), "B2")])
    assert worker._current is not None and len(worker._current.plans) == 2
    a = json.loads((out / "A1.json").read_text(encoding="utf-8"))
    b = json.loads((out / "B2.json").read_text(encoding="utf-8"))
    assert (a["profile"]["ability"], b["profile"]["ability"]) == ("limited", "frail")


def test_a_row_needs_an_initialised_worker() -> None:
    close_worker()
    with pytest.raises(RuntimeError, match="init_worker"):
        process(csv_row(2, **GOOD), "A1")
