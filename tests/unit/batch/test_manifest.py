"""The manifest: both files written from the row model, formula-safe CSV cells, rows in order."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from planner.batch.manifest import (
    MANIFEST_CSV,
    MANIFEST_FIELDS,
    MANIFEST_JSON,
    MAX_ERROR,
    Manifest,
    RowResult,
    clean_error,
    neutralise,
    write_manifest,
)
from planner.errors import OutputError

ROWS = [
    RowResult(
        row=2,
        id="A1",
        status="ok",
        output="A1-booklet.pdf",
        clinician_copy="A1-clinician.pdf",
        rules_fired=["R-GEN-1", "R-VF-2"],
        warnings=["W_STOP_SYMPTOMS"],
        fall_risk="high",
        review_date="2026-12-14",
        supervision_required=True,
        unmet=["R-FALL-1"],
    ),
    RowResult(row=3, id="=HYPERLINK(1)", status="invalid", error="row 3: age: is required"),
    RowResult(row=5, id="", status="failed", error="-row 5: could not produce the output"),
    RowResult(row=7, id="A7", status="skipped", output="A7.json"),
]


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_the_columns_are_the_row_models_fields_in_order() -> None:
    assert MANIFEST_FIELDS == (
        "row",
        "id",
        "status",
        "output",
        "clinician_copy",
        "rules_fired",
        "warnings",
        "fall_risk",
        "review_date",
        "supervision_required",
        "unmet",
        "error",
    )
    assert list(RowResult.model_fields) == list(MANIFEST_FIELDS)


def test_both_files_are_written_into_the_folder_and_their_paths_returned(tmp_path: Path) -> None:
    csv_path, json_path = write_manifest(tmp_path, ROWS)
    assert (csv_path, json_path) == (tmp_path / MANIFEST_CSV, tmp_path / MANIFEST_JSON)
    assert (MANIFEST_CSV, MANIFEST_JSON) == ("manifest.csv", "manifest.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.csv", "manifest.json"]


def test_csv_has_the_header_then_one_line_per_row_in_the_order_given(tmp_path: Path) -> None:
    csv_path, _ = write_manifest(tmp_path, ROWS)
    lines = read_csv(csv_path)
    assert lines[0] == list(MANIFEST_FIELDS)
    assert [line[0] for line in lines[1:]] == ["2", "3", "5", "7"]
    assert lines[1] == [
        "2",
        "A1",
        "ok",
        "A1-booklet.pdf",
        "A1-clinician.pdf",
        "R-GEN-1 R-VF-2",
        "W_STOP_SYMPTOMS",
        "high",
        "2026-12-14",
        "yes",
        "R-FALL-1",
        "",
    ]
    assert lines[2][MANIFEST_FIELDS.index("supervision_required")] == ""  # not known
    assert csv_path.read_bytes().count(b"\r") == 0, "plain newlines between lines"


def test_json_is_the_manifest_model_and_agrees_with_the_csv(tmp_path: Path) -> None:
    csv_path, json_path = write_manifest(tmp_path, ROWS)
    text = json_path.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    manifest = Manifest.model_validate_json(text)
    assert manifest.rows == ROWS
    data = json.loads(text)
    assert list(data) == ["rows"]
    assert data["rows"][0]["rules_fired"] == ["R-GEN-1", "R-VF-2"]  # a list, not a string
    assert data["rows"][0]["supervision_required"] is True
    assert [list(r) for r in data["rows"]] == [list(MANIFEST_FIELDS)] * len(ROWS)
    lines = read_csv(csv_path)[1:]
    assert [(int(line[0]), line[2]) for line in lines] == [(r.row, r.status) for r in ROWS]


def test_formula_cells_are_neutralised_in_the_csv_but_kept_as_typed_in_the_json(
    tmp_path: Path,
) -> None:
    csv_path, json_path = write_manifest(tmp_path, ROWS)
    by_row = {line[0]: dict(zip(MANIFEST_FIELDS, line, strict=True)) for line in read_csv(csv_path)}
    assert by_row["3"]["id"] == "'=HYPERLINK(1)"
    assert by_row["5"]["error"] == "'-row 5: could not produce the output"
    assert by_row["3"]["error"] == "row 3: age: is required"
    rows = json.loads(json_path.read_text(encoding="utf-8"))["rows"]
    assert rows[1]["id"] == "=HYPERLINK(1)"
    assert rows[2]["error"].startswith("-row 5")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_gets_a_leading_quote(start: str) -> None:
    assert neutralise(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize("cell", ["", "A1", "1+1", "a=b", "R-GEN-1", " =1", "'quoted"])
def test_other_cells_are_left_as_they_are(cell: str) -> None:
    assert neutralise(cell) == cell


def test_an_empty_batch_writes_a_header_and_no_rows(tmp_path: Path) -> None:
    csv_path, json_path = write_manifest(tmp_path, [])
    assert read_csv(csv_path) == [list(MANIFEST_FIELDS)]
    assert json.loads(json_path.read_text(encoding="utf-8")) == {"rows": []}


def test_writing_again_replaces_the_manifest_and_leaves_no_temporary_file(
    tmp_path: Path,
) -> None:
    write_manifest(tmp_path, ROWS)
    csv_path, json_path = write_manifest(tmp_path, ROWS[:1])
    assert len(read_csv(csv_path)) == 2
    assert len(json.loads(json_path.read_text(encoding="utf-8"))["rows"]) == 1
    assert not list(tmp_path.glob(".*.tmp"))


def test_the_pair_is_replaced_together_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_manifest(tmp_path, ROWS)
    before = [(tmp_path / n).read_bytes() for n in (MANIFEST_CSV, MANIFEST_JSON)]
    import planner.batch.manifest as manifest_module

    def full(result: RowResult) -> str:
        if result.row == 5:
            raise OSError(28, "No space left on device")
        return result.model_dump_json()

    monkeypatch.setattr(manifest_module, "_json_line", full)
    with pytest.raises(OutputError, match="No space left on device"):
        write_manifest(tmp_path, ROWS[:1] + ROWS[2:])
    assert [(tmp_path / n).read_bytes() for n in (MANIFEST_CSV, MANIFEST_JSON)] == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST_CSV, MANIFEST_JSON]


def test_a_clean_error_keeps_closed_words_and_drops_cell_text() -> None:
    text = "row 4: equipment: unknown equipment 'mary_hill_lives_alone' (did you mean 'dumbbells'?)"
    assert clean_error(text, {"dumbbells"}) == (
        "row 4: equipment: unknown equipment (did you mean 'dumbbells'?)"
    )


def test_a_clean_error_is_short_and_on_one_line() -> None:
    cleaned = clean_error("row 2: " + "word " * 500 + "\nmore")
    assert len(cleaned) <= MAX_ERROR and cleaned.endswith(" ...") and "\n" not in cleaned
