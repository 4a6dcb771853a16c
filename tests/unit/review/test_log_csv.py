"""A patient's log typed into a spreadsheet: one row per day, the columns documented, and errors
that name the row and column, never a cell's text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.errors import SourceError
from planner.review.log import Tick, read_log
from planner.review.log_csv import CSV_COLUMNS, MAX_CELL, read_log_csv
from planner.vocabulary import COMPONENTS

HEADER = (
    "date,block,plan_start,review_date,aerobic,balance,pain,pain_sharp,pain_where,pain_exercise,"
    "morning_pain,fall,fall_injurious,fall_long_lie,fall_blacked_out,fall_during,note,"
    "sit_to_stand.reps,sit_to_stand.effort,tandem_stance.support"
)
ROWS = [
    "2026-11-23,1,2026-11-23,2026-12-12,y,I,4,no,muscle,,1,,,,,,,10,6,one hand",
    "24/11/2026,,,,y,n,7,yes,joint,sit_to_stand,3,yes,no,yes,no,tandem_stance,rang the GP,,,",
    ",,,,,,,,,,,,,,,,,,,",
    "2026-11-26,,,,H,x h,,,,,0,,,,,,,,,",
]


def write(tmp_path: Path, lines: list[str], name: str = "log.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_every_column_is_read_into_the_days_of_the_log(tmp_path: Path) -> None:
    log = read_log(write(tmp_path, [HEADER, *ROWS]))
    assert (log.plan.block, log.plan.start, log.plan.review) == (
        1,
        dt.date(2026, 11, 23),
        dt.date(2026, 12, 12),
    )
    assert [d.date.day for d in log.days] == [23, 24, 26], "a blank row is skipped"
    first, second, third = log.days
    assert first.sessions.ticks() == {
        "aerobic": Tick(done=True),
        "balance": Tick(done=False, reason="I"),
    }
    assert first.pain is not None and (first.pain.score, first.pain.where) == (4, "muscle")
    assert first.fall is None and first.morning_pain == 1
    assert first.exercises["sit_to_stand"].reps == 10
    assert first.exercises["tandem_stance"].support == "one_hand"
    assert second.pain is not None and second.pain.sharp and second.pain.exercise == "sit_to_stand"
    assert second.fall is not None and second.fall.injurious is False
    assert second.fall.long_lie and second.fall.during == "tandem_stance"
    assert second.note == "rang the GP"
    assert third.sessions.ticks() == {
        "aerobic": Tick(done=False, reason="H"),
        "balance": Tick(done=False, reason="H"),
    }


def test_spreadsheet_quirks_are_read(tmp_path: Path) -> None:
    semicolons = [
        "\ufeffDate;Block;Plan_Start;Review_Date;Balance;Fall",
        '2026-11-23;1;2026-11-23;2026-12-12;"y";Yes',
    ]
    log = read_log_csv(write(tmp_path, semicolons))
    assert log.days[0].done == ["balance"] and log.days[0].fall is not None
    tabs = ["date\tblock\tplan_start\treview_date", "2026-11-23\t1\t23/11/2026\t12/12/2026"]
    assert read_log_csv(write(tmp_path, tabs)).plan.review == dt.date(2026, 12, 12)


def problems(tmp_path: Path, lines: list[str]) -> list[str]:
    with pytest.raises(SourceError) as caught:
        read_log_csv(write(tmp_path, lines))
    assert str(caught.value).startswith("The log is not valid:")
    return [str(p) for p in caught.value.problems]


def test_a_bad_header_is_named_by_column_number_with_a_did_you_mean(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    assert problems(tmp_path, ["date,ballance,Mrs Example,date"]) == [
        f"{path} row 1: column 2 is not a known column name (did you mean 'balance'?)",
        f"{path} row 1: column 3 is not a known column name",
        f"{path} row 1: column 4 repeats an earlier column",
    ]
    assert problems(tmp_path, ["block,aerobic"]) == [
        f"{path} row 1: the header has no 'date' column"
    ]


def test_bad_cells_are_named_by_row_and_column_and_every_bad_row_is_reported(
    tmp_path: Path,
) -> None:
    path = tmp_path / "log.csv"
    lines = [
        HEADER,
        "2026-11-23,1,2026-11-23,2026-12-12,maybe,,12,,jiont,,,,,,,,,,11,",
        "2026-11-24,,,,,,,,,,,no,yes,,,,,,,",
        "2026-11-25,2,,,,,,,,,,,,,,,,,,",
        "2026-11-26,,,,,,,yes,,,,,,,,,,,,",
        "31/02/2026,,,,,,,,,,,,,,,,,,,",
    ]
    assert problems(tmp_path, lines) == [
        f"{path} row 2: aerobic: write y (done), n (not done) or, for a session not done, its "
        "reason letter: I ill, H in hospital, P pain, T no time, O another reason",
        f"{path} row 2: pain: input should be less than or equal to 10",
        f"{path} row 2: pain_where: input should be 'muscle', 'joint', 'back' or 'fracture_site' "
        "(did you mean 'joint'?)",
        f"{path} row 2: sit_to_stand.effort: input should be less than or equal to 10",
        f"{path} row 3: fall: says no fall, but the fall columns describe one",
        f"{path} row 4: block: differs from row 2; a log is of one plan",
        f"{path} row 5: pain: is required",
        f"{path} row 6: date: not a real date (day 31 of February); dates are read day first "
        "(DD/MM/YYYY); writing YYYY-MM-DD avoids doubt",
    ]


def test_the_plan_must_be_named_and_days_must_fall_inside_it(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    assert problems(tmp_path, ["date,aerobic", "2026-11-23,y"]) == [
        f"{path}: give block, plan_start, review_date on the first row at least"
    ]
    lines = [
        "date,block,plan_start,review_date",
        "2026-11-23,1,2026-11-23,2026-12-12",
        "2026-11-22,,,",
    ]
    assert problems(tmp_path, lines) == [f"{path} row 3: date: is before the plan's start"]
    lines[1] = "2026-11-23,1,2026-11-23,2026-11-20"
    assert problems(tmp_path, lines[:2]) == [
        f"{path} row 2: review_date: is not after the plan's start"
    ]


def test_cells_and_rows_are_bounded_and_their_text_never_repeated(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    long_note = "Mrs Example " + "x" * MAX_CELL
    lines = [
        "date,block,plan_start,review_date,note",
        f"2026-11-23,1,2026-11-23,2026-12-12,{long_note}",
        "2026-11-24,,,,,Mrs Example",
    ]
    found = problems(tmp_path, lines)
    assert found == [
        f"{path} row 2: note: is longer than {MAX_CELL} characters",
        f"{path} row 3: has more cells than the header has columns",
    ]
    assert not any("Mrs Example" in p for p in found)
    lines = ["date,block,plan_start,review_date,note", '2026-11-23,1,2026-11-23,2026-12-12,"open']
    assert problems(tmp_path, lines)[0].startswith(f"{path} row 2: a quote is never closed")


def test_every_component_and_field_of_a_day_has_a_column() -> None:
    assert set(COMPONENTS) <= set(CSV_COLUMNS)
    for column in ("pain", "pain_sharp", "pain_where", "pain_exercise", "morning_pain", "note"):
        assert column in CSV_COLUMNS
    for column in ("fall", "fall_injurious", "fall_long_lie", "fall_blacked_out", "fall_during"):
        assert column in CSV_COLUMNS
