"""The patient's log read from YAML and JSON: every field of guidance 12.5, the shorthand a
clinician types when copying a paper log, and errors that name the file, line and field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from planner import build_plan
from planner.errors import SourceError
from planner.review.log import MAX_NOTE, PatientLog, Tick, check_matches, read_log
from planner.rulebook import Rulebook
from tests.conftest import make_profile

START = dt.date(2026, 11, 23)
PLAN = {"block": 1, "start": "2026-11-23", "review": "2027-02-15"}
LOG_YAML = """\
plan: {block: 1, start: 2026-11-23, review: 2027-02-15}
days:
  - date: 2026-11-23
    sessions: {aerobic: y, posture: x I, balance: {done: false, reason: H}, resistance: P}
    pain: {score: 5, sharp: yes, where: Fracture site, exercise: sit_to_stand}
    morning_pain: 2
    fall: {injurious: yes, long_lie: no, blacked_out: yes, during: tandem_stance}
    note: felt dizzy after lunch
    exercises:
      sit_to_stand: {reps: 10, effort: 7}
      tandem_stance: {support: one hand}
      heel_drops: {impacts: 30}
      brisk_walking: {minutes: 20}
  - date: 24/11/2026
    sessions: {aerobic: true, posture: no}
"""


def write(tmp_path: Path, text: str, name: str = "log.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_log_holds_every_field_the_review_needs(tmp_path: Path) -> None:
    log = read_log(write(tmp_path, LOG_YAML))
    assert (log.plan.block, log.plan.start, log.plan.review) == (1, START, dt.date(2027, 2, 15))
    first, second = log.days
    assert first.sessions.ticks() == {
        "aerobic": Tick(done=True),
        "posture": Tick(done=False, reason="I"),
        "balance": Tick(done=False, reason="H"),
        "resistance": Tick(done=False, reason="P"),
    }
    assert first.done == ["aerobic"]
    assert first.pain is not None
    assert (first.pain.score, first.pain.sharp, first.pain.where, first.pain.exercise) == (
        5,
        True,
        "fracture_site",
        "sit_to_stand",
    )
    assert first.morning_pain == 2
    assert first.fall is not None and first.fall.injurious and first.fall.blacked_out
    assert not first.fall.long_lie and first.fall.during == "tandem_stance"
    assert first.note == "felt dizzy after lunch"
    extras = first.exercises
    assert (extras["sit_to_stand"].reps, extras["sit_to_stand"].effort) == (10, 7)
    assert extras["tandem_stance"].support == "one_hand"
    assert extras["heel_drops"].impacts == 30 and extras["brisk_walking"].minutes == 20
    assert second.date == dt.date(2026, 11, 24), "slashed dates are read day first"
    assert second.done == ["aerobic"] and log.day(second.date) is second
    assert log.day(dt.date(2026, 11, 25)) is None


def test_json_reads_the_same_as_yaml(tmp_path: Path) -> None:
    data = yaml.safe_load(LOG_YAML)
    data["plan"] = PLAN
    data["days"][0]["date"] = "2026-11-23"
    from_json = read_log(write(tmp_path, json.dumps(data), "log.json"))
    assert from_json == read_log(write(tmp_path, LOG_YAML))


@pytest.mark.parametrize(
    ("written", "tick"),
    [
        ("y", Tick(done=True)),
        ("Done", Tick(done=True)),
        ("\u2713", Tick(done=True)),
        (True, Tick(done=True)),
        ("n", Tick(done=False)),
        ("x", Tick(done=False)),
        (False, Tick(done=False)),
        ("t", Tick(done=False, reason="T")),
        ("X  o", Tick(done=False, reason="O")),
        ({"done": False}, Tick(done=False)),
    ],
)
def test_a_session_is_written_the_way_the_paper_log_is(written: Any, tick: Tick) -> None:
    assert Tick.model_validate(written) == tick


def errors(tmp_path: Path, text: str, name: str = "log.yaml") -> list[str]:
    with pytest.raises(SourceError) as caught:
        read_log(write(tmp_path, text, name))
    assert str(caught.value).startswith("The log is not valid:")
    return [str(p) for p in caught.value.problems]


def test_errors_name_the_file_line_and_field_with_a_did_you_mean(tmp_path: Path) -> None:
    text = """\
plan: {block: 1, start: 2026-11-23, review: 2027-02-15}
days:
  - date: 2026-11-23
    sessions: {aerobic: maybe, balence: y}
    pain: {score: 11, where: jiont}
    morning_pain: -1
    falls: {injurious: yes}
"""
    path = tmp_path / "log.yaml"
    assert errors(tmp_path, text) == [
        f"{path}:4: days[0].sessions.aerobic: write y (done), n (not done) or, for a session "
        "not done, its reason letter: I ill, H in hospital, P pain, T no time, O another reason",
        f"{path}:4: days[0].sessions.balence: unknown field (did you mean 'balance'?)",
        f"{path}:5: days[0].pain.score: input should be less than or equal to 10",
        f"{path}:5: days[0].pain.where: input should be 'muscle', 'joint', 'back' or "
        "'fracture_site' (did you mean 'joint'?)",
        f"{path}:6: days[0].morning_pain: input should be greater than or equal to 0",
        f"{path}:7: days[0].falls: unknown field (did you mean 'fall'?)",
    ]


def test_a_day_twice_or_before_the_plan_and_a_reason_for_a_done_session_are_refused(
    tmp_path: Path,
) -> None:
    text = """\
plan: {block: 1, start: 2026-11-23, review: 2027-02-15}
days:
  - {date: 2026-11-23, sessions: {aerobic: {done: true, reason: I}}}
"""
    assert errors(tmp_path, text)[0].endswith(
        "days[0].sessions.aerobic: a reason is given only for a session not done"
    )
    twice = """\
plan: {block: 1, start: 2026-11-23, review: 2027-02-15}
days:
  - {date: 2026-11-23}
  - {date: 2026-11-23}
  - {date: 2026-11-22}
"""
    assert errors(tmp_path, twice) == [
        f"{tmp_path / 'log.yaml'}:4: days[1].date: repeats the date of an earlier day"
    ]
    early = twice.replace("  - {date: 2026-11-23}\n  - {date: 2026-11-23}\n", "")
    assert errors(tmp_path, early) == [
        f"{tmp_path / 'log.yaml'}:3: days[0].date: is before the plan's start"
    ]
    backwards = "plan: {block: 1, start: 2026-11-23, review: 2026-11-23}\ndays: []\n"
    assert errors(tmp_path, backwards) == [
        f"{tmp_path / 'log.yaml'}:1: plan.review: is not after the plan's start"
    ]


def test_the_note_is_bounded_and_never_repeated_in_a_message(tmp_path: Path) -> None:
    secret = "Mrs Example " + "x" * MAX_NOTE
    text = f"plan: {PLAN}\ndays:\n  - {{date: 2026-11-23, note: '{secret}'}}\n"
    found = errors(tmp_path, text)
    assert len(found) == 1 and "days[0].note" in found[0]
    assert "Mrs Example" not in found[0]


def test_a_file_that_is_no_log_is_refused_plainly(tmp_path: Path) -> None:
    for text in ("- just a list\n", "42\n"):
        with pytest.raises(SourceError, match="a log is a mapping with 'plan' and 'days'"):
            read_log(write(tmp_path, text))
    with pytest.raises(SourceError, match="file not found"):
        read_log(tmp_path / "missing.yaml")


def test_a_log_kept_for_another_plan_is_refused(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(), rulebook)
    log = PatientLog.model_validate({"plan": PLAN, "days": []})
    assert plan.review_date == log.plan.review
    check_matches(log, plan)
    other = log.model_copy(
        update={"plan": log.plan.model_copy(update={"start": START.replace(day=30)})}
    )
    with pytest.raises(SourceError, match="is the log of a plan from 2026-11-30"):
        check_matches(other, plan, "log.yaml")
