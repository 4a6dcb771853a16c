"""Reading a clinic batch CSV: the header check, what spreadsheet exports do (byte-order mark,
';', yes/no, day-first dates, blank lines, short and long rows), and row validation that names
the file line and the CSV column."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.errors import BatchInputError, Problem, ProfileError
from planner.profile.csvrows import (
    COLUMNS,
    REQUIRED_COLUMNS,
    CsvRow,
    CsvRows,
    batch_template,
    column_for,
    profile_from_row,
    row_data,
    translate_problems,
)

#: The batch CSV header as it was before the columns were read off the model, with the re-test
#: results a later visit records beside the TUG.
TODAYS_COLUMNS = (
    (
        "id name age sex assessed_on bone_status t_score prior_fractures falls_12m "
        "injurious_fall_12m long_lie_12m syncope_suspected unsteady fear_of_falling tug_s "
        "chair_stands balance_stage one_leg_s fall_risk "
        "ability back_pain kyphosis red_flags supervision_available equipment lacks preset note"
    ).split()
    + [
        f"fracture{n}_{f}"
        for n in (1, 2, 3)
        for f in "site weeks_since date cause treatment approach cleared in_cast count".split()
    ]
    + "start_on rest_days minutes_per_day drop swap add hold accept_unmet".split()
)


def _csv(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "patients.csv"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8", newline="")
    else:
        path.write_bytes(text)
    return path


def _rows(path: Path) -> list[CsvRow]:
    with CsvRows(path) as rows:
        return list(rows)


def _header_problems(path: Path) -> list[Problem]:
    with pytest.raises(BatchInputError) as err, CsvRows(path):
        pass
    return err.value.problems


def test_the_csv_columns_are_todays() -> None:
    assert list(COLUMNS) == TODAYS_COLUMNS
    assert REQUIRED_COLUMNS == ("age", "ability")


def test_the_template_is_a_header_and_an_example_row_that_validates(tmp_path: Path) -> None:
    text = batch_template()
    header, example = text.splitlines()
    assert header.split(",") == TODAYS_COLUMNS
    (row,) = _rows(_csv(tmp_path, text))
    profile = profile_from_row(row)
    assert (profile.id, profile.age, profile.ability) == ("P001", 74, "limited")
    vertebral, wrist = profile.fractures
    assert (vertebral.site, vertebral.count, vertebral.date) == (
        "vertebral",
        2,
        dt.date(2026, 8, 14),
    )
    assert (wrist.site, wrist.cleared) == ("wrist", True)
    assert len(example.split(",")) == len(TODAYS_COLUMNS)


def test_a_byte_order_mark_and_header_case_and_spaces_are_ignored(tmp_path: Path) -> None:
    path = _csv(tmp_path, "\ufeff ID ,AGE,Ability\nP1,70,fit\n".encode())
    with CsvRows(path) as rows:
        assert rows.columns == ["id", "age", "ability"]
        (row,) = list(rows)
    assert row.given_id == "P1" and profile_from_row(row).age == 70


def test_semicolons_separate_cells_when_the_header_uses_them(tmp_path: Path) -> None:
    path = _csv(tmp_path, "age;ability;equipment\n70;fit;firm_chair|resistance_band\n")
    with CsvRows(path) as rows:
        assert rows.delimiter == ";"
        (row,) = list(rows)
    assert profile_from_row(row).equipment == ("firm_chair", "resistance_band")
    with CsvRows(_csv(tmp_path, "age,ability\n70,fit\n")) as rows:
        assert rows.delimiter == ","


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("yes", True),
        ("Y", True),
        ("TRUE", True),
        ("1", True),
        ("no", False),
        ("n", False),
        ("False", False),
        ("0", False),
    ],
)
def test_yes_no_forms_are_booleans(tmp_path: Path, cell: str, value: bool) -> None:
    (row,) = _rows(_csv(tmp_path, f"age,ability,unsteady\n70,fit,{cell}\n"))
    assert profile_from_row(row).unsteady is value


def test_a_boolean_that_is_no_yes_no_form_names_its_column(tmp_path: Path) -> None:
    (row,) = _rows(_csv(tmp_path, "age,ability,kyphosis\n70,fit,maybe\n"))
    with pytest.raises(ProfileError) as err:
        profile_from_row(row)
    (problem,) = err.value.problems
    assert (problem.field, problem.row) == ("kyphosis", 2)


def test_slashed_dates_are_read_day_first(tmp_path: Path) -> None:
    (row,) = _rows(
        _csv(
            tmp_path,
            "age,ability,assessed_on,fracture1_site,fracture1_date\n70,fit,02/11/2026,wrist,1/2/2026\n",
        )
    )
    profile = profile_from_row(row)
    assert profile.assessed_on == dt.date(2026, 11, 2)
    assert profile.fractures[0].date == dt.date(2026, 2, 1)


def test_iso_dates_are_read_as_they_are(tmp_path: Path) -> None:
    (row,) = _rows(_csv(tmp_path, "age,ability,assessed_on\n70,fit,2026-03-04\n"))
    assert profile_from_row(row).assessed_on == dt.date(2026, 3, 4)


def test_an_impossible_slashed_date_is_refused_in_its_column(tmp_path: Path) -> None:
    (row,) = _rows(
        _csv(tmp_path, "age,ability,fracture1_site,fracture1_date\n70,fit,wrist,31/02/2026\n")
    )
    with pytest.raises(ProfileError) as err:
        profile_from_row(row)
    (problem,) = err.value.problems
    assert (problem.field, problem.row) == ("fracture1_date", 2)


def test_blank_lines_are_skipped_and_rows_keep_their_file_lines(tmp_path: Path) -> None:
    text = "age,ability\r\n\r\n70,fit\r\n,\r\n  ,  \r\n\r\n71,limited\r\n"
    rows = _rows(_csv(tmp_path, text))
    assert [(r.line, r.data["age"]) for r in rows] == [(3, "70"), (7, "71")]


def test_a_cell_over_two_lines_keeps_the_next_rows_line_right(tmp_path: Path) -> None:
    text = 'age,ability,note\n70,fit,"first line\nsecond line"\n71,fit,\n'
    first, second = _rows(_csv(tmp_path, text))
    assert first.data["note"] == "first line\nsecond line"
    assert (first.line, second.line) == (2, 4)


def test_a_short_row_leaves_the_missing_cells_not_given(tmp_path: Path) -> None:
    (row,) = _rows(_csv(tmp_path, "age,ability,unsteady,t_score\n70,fit\n"))
    assert row.data == {"age": "70", "ability": "fit"}
    profile = profile_from_row(row)
    assert (profile.unsteady, profile.t_score) == (False, None)


def test_a_short_row_missing_a_required_cell_says_which(tmp_path: Path) -> None:
    (row,) = _rows(_csv(tmp_path, "id,age,ability\nP1,70\n"))
    with pytest.raises(ProfileError) as err:
        profile_from_row(row)
    assert [(p.field, p.message, p.row) for p in err.value.problems] == [
        ("ability", "is required", 2)
    ]


def test_cells_past_the_header_are_a_row_problem(tmp_path: Path) -> None:
    (row,) = _rows(_csv(tmp_path, "age,ability\n70,fit,extra,more\n"))
    with pytest.raises(ProfileError) as err:
        profile_from_row(row)
    (problem,) = err.value.problems
    assert (problem.message, problem.row) == ("2 cell(s) past the last column of the header", 2)


def test_extra_cells_are_reported_with_the_rows_other_problems(tmp_path: Path) -> None:
    (row,) = _rows(_csv(tmp_path, "age,ability\n300,fit,extra\n"))
    with pytest.raises(ProfileError) as err:
        profile_from_row(row)
    assert [p.field for p in err.value.problems] == [None, "age"]
    assert all(p.row == 2 for p in err.value.problems)


def test_empty_cells_past_the_header_are_harmless(tmp_path: Path) -> None:
    (row,) = _rows(_csv(tmp_path, "age,ability\n70,fit,, \n"))
    assert profile_from_row(row).age == 70


def test_an_unknown_column_gets_a_did_you_mean_in_the_suggestion(tmp_path: Path) -> None:
    (problem,) = _header_problems(_csv(tmp_path, "agee,age,ability\n70,70,fit\n"))
    assert (problem.message, problem.suggestion, problem.row) == (
        "column 1 is not a known column name",
        "age",
        1,
    )
    assert problem.path == tmp_path / "patients.csv"
    assert "did you mean" not in problem.message


def test_an_unknown_column_far_from_any_name_has_no_suggestion(tmp_path: Path) -> None:
    (problem,) = _header_problems(_csv(tmp_path, "age,ability,zzzz\n70,fit,1\n"))
    assert (problem.message, problem.suggestion) == ("column 3 is not a known column name", None)


def test_every_header_problem_is_reported_at_once(tmp_path: Path) -> None:
    problems = _header_problems(_csv(tmp_path, "age,abilty,,age,fracture1_sit\n"))
    assert [(p.message, p.suggestion) for p in problems] == [
        ("column 2 is not a known column name", "ability"),
        ("column 3 has no name", None),
        ("column 'age' appears twice", None),
        ("column 5 is not a known column name", "fracture1_site"),
        ("the required column 'ability' is missing", None),
    ]
    assert {p.row for p in problems} == {1}


@pytest.mark.parametrize("text", ["", "\n\nage,ability\n70,fit\n"])
def test_an_empty_file_or_a_blank_first_line_asks_for_the_header(tmp_path: Path, text: str) -> None:
    (problem,) = _header_problems(_csv(tmp_path, text))
    assert "the first line must be the header" in problem.message


def test_a_file_that_is_not_utf8_says_how_to_save_it(tmp_path: Path) -> None:
    (problem,) = _header_problems(_csv(tmp_path, "âge,ability\n".encode("latin-1")))
    assert "save the file as 'CSV UTF-8' or run again with --encoding cp1252" in problem.message
    assert problem.message.startswith("the header is not utf-8 text")


def test_a_missing_file_is_a_batch_input_error(tmp_path: Path) -> None:
    (problem,) = _header_problems(tmp_path / "none.csv")
    assert problem.message.startswith("cannot open the CSV")
    assert problem.path == tmp_path / "none.csv"


def test_rows_are_read_only_inside_the_with_block(tmp_path: Path) -> None:
    rows = CsvRows(_csv(tmp_path, "age,ability\n70,fit\n"))
    with pytest.raises(RuntimeError, match="context manager"):
        list(rows)


def test_fracture_groups_become_fractures_in_group_order() -> None:
    columns = ["age", "ability", "fracture3_site", "fracture3_weeks_since", "fracture1_site"]
    cells = ["70", "fit", "hip", "5", "wrist"]
    data = row_data(columns, cells)
    assert data["fractures"] == [{"site": "wrist"}, {"site": "hip", "weeks_since": "5"}]
    assert data["_fracture_numbers"] == [1, 3]


def test_list_cells_split_on_bars_and_drop_empty_parts() -> None:
    data = row_data(["red_flags"], [" new_back_pain | | other "])
    assert data == {"red_flags": ["new_back_pain", "other"]}


def test_errors_in_a_later_fracture_group_name_its_columns() -> None:
    columns = ["age", "ability", "fracture3_site", "fracture3_weeks_since"]
    row = CsvRow(line=9, data=row_data(columns, ["70", "fit", "hipp", "six"]))
    with pytest.raises(ProfileError) as err:
        profile_from_row(row)
    problems = {p.field: p for p in err.value.problems}
    assert set(problems) == {"fracture3_site", "fracture3_weeks_since"}
    assert problems["fracture3_site"].suggestion == "hip"
    assert all(p.row == 9 for p in err.value.problems)


@pytest.mark.parametrize(
    ("field", "numbers", "column"),
    [
        ("fractures[0].site", [2], "fracture2_site"),
        ("fractures[1].date", [1, 3], "fracture3_date"),
        ("fractures[1]", [1, 3], "fracture3_*"),
        ("fractures[0].cause", None, "fracture1_cause"),
        ("red_flags[0]", None, "red_flags"),
        ("age", None, "age"),
        (None, None, None),
    ],
)
def test_field_paths_become_csv_columns(
    field: str | None, numbers: list[int] | None, column: str | None
) -> None:
    assert column_for(field, numbers) == column


def test_problems_found_after_validation_are_renamed_to_columns() -> None:
    row = CsvRow(line=5, data={"_fracture_numbers": [2]})
    problems = [
        Problem("unknown equipment", field="equipment[1]"),
        Problem("x", field="fractures[0].site"),
    ]
    assert translate_problems(problems, row) is problems
    assert [(p.field, p.row) for p in problems] == [("equipment", 5), ("fracture2_site", 5)]


def test_a_row_without_an_id_has_no_given_id() -> None:
    assert CsvRow(line=2, data={"age": "70"}).given_id is None


def test_a_fracture_after_the_assessment_names_its_csv_column() -> None:
    columns = ["age", "ability", "assessed_on", "fracture3_site", "fracture3_date"]
    cells = ["70", "fit", "21/11/2026", "wrist", "01/12/2026"]
    with pytest.raises(ProfileError) as err:
        profile_from_row(CsvRow(line=4, data=row_data(columns, cells)))
    (problem,) = err.value.problems
    assert problem.field == "fracture3_date" and "fractures[0]" not in str(problem)


def test_the_separator_is_the_one_that_makes_column_names(tmp_path: Path) -> None:
    with CsvRows(_csv(tmp_path, "id;age;ability;note\nA1;70;fit;a, b, c, d\n")) as rows:
        assert rows.delimiter == ";"
        (row,) = list(rows)
    assert row.data["note"] == "a, b, c, d"
    with CsvRows(_csv(tmp_path, "id\tage\tability\nA1\t70\tfit\n")) as rows:
        assert rows.delimiter == "\t" and list(rows)[0].data["age"] == "70"


def test_a_file_without_its_header_names_none_of_its_cells(tmp_path: Path) -> None:
    (problem,) = _header_problems(_csv(tmp_path, "R1,Margaret Hill,74,limited\n"))
    assert "the first line is not a header" in problem.message and problem.row == 1
    assert "margaret" not in str(problem).lower() and problem.suggestion is None


def test_a_long_unknown_header_cell_gets_no_suggestion(tmp_path: Path) -> None:
    (problem,) = _header_problems(_csv(tmp_path, "age,ability," + "a" * 5000 + "\n"))
    assert (problem.message, problem.suggestion) == ("column 3 is not a known column name", None)


def test_rows_that_cannot_be_read_are_rows_with_a_problem_at_their_line(tmp_path: Path) -> None:
    text = (
        b"id,age,ability,note\nA1,70,fit,\nA2,7\xff,fit,\r\n\n"
        b'A3,"70,fit,\nA4,70,fit,x\nA5;70;fit;x;y;z\nA6,71,fit,\n'
    )
    rows = _rows(_csv(tmp_path, text))
    assert [(r.line, r.problem is None) for r in rows] == [
        (2, True),
        (3, False),
        (5, False),
        (6, True),
        (7, False),
        (8, True),
    ]
    problems = {r.line: r.problem or "" for r in rows}
    assert "not utf-8" in problems[3] and "--encoding" in problems[3]
    assert "quote" in problems[5] and "separated by ';'" in problems[7]
    assert all(r.data == {} for r in rows if r.problem)


def test_a_cr_only_file_keeps_its_line_numbers(tmp_path: Path) -> None:
    rows = _rows(_csv(tmp_path, "age,ability\r70,fit\r\r71,limited\r"))
    assert [(r.line, r.data["age"]) for r in rows] == [(2, "70"), (4, "71")]


def test_a_latin1_file_is_read_when_the_encoding_says_so(tmp_path: Path) -> None:
    path = _csv(tmp_path, "name,age,ability\nZo\xeb,70,fit\n".encode("latin-1"))
    with CsvRows(path, encoding="latin-1") as rows:
        (row,) = list(rows)
    assert row.data["name"] == "Zo\xeb"
