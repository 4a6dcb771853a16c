"""Doses and dates in the words every output prints."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from planner.plan import PlannedDose
from planner.render.wording import day_month, format_dose, long_date, short_date, terminal_date
from planner.rulebook import Rulebook


def dose(**fields: Any) -> PlannedDose:
    empty = {"sets": None, "reps": None, "hold_s": None, "minutes": None, "load": None}
    return PlannedDose(**(empty | fields))


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"minutes": 20}, "20 min"),
        ({"minutes": 5, "sets": 2}, "5 min, 2 times"),
        ({"hold_s": 3, "reps": 5}, "5 holds of 3 s"),
        ({"hold_s": 30, "continuous": True}, "30 s"),
        ({"sets": 2, "reps": 10, "load": "1 kg"}, "2 sets of 10, 1 kg"),
        (
            {"sets": 1, "reps": 8, "load": "body weight", "frequency": "twice a day"},
            "1 set of 8, twice a day",
        ),
        ({"reps": 1}, "once"),
        ({}, "as your physiotherapist shows you"),
    ],
)
def test_a_dose_in_words(fields: dict[str, Any], words: str) -> None:
    assert format_dose(dose(**fields)) == words


def test_dates() -> None:
    day = dt.date(2026, 11, 23)
    assert terminal_date(day) == "Mon 23 Nov 2026" and terminal_date(None) == "-"
    assert long_date(day) == "Monday 23 November 2026" and long_date(None) is None
    assert short_date(day) == "Mon 23 Nov"
    assert day_month(day) == "23 Nov"


def test_a_load_that_goes_without_saying_is_not_printed(rulebook: Rulebook) -> None:
    from planner.build import build_plan
    from planner.render.booklet import booklet_context
    from planner.render.clinic import Clinic
    from tests.conftest import make_profile

    plan = build_plan(make_profile(ability="fit"), rulebook)
    cards = booklet_context(plan, rulebook, Clinic(), dt.date(2026, 11, 21))["cards"]
    loads = {c["slug"]: c["dose_after"] for c in cards}
    assert rulebook.exercises["sit_to_stand"].dose.load == "body weight"
    assert loads["sit_to_stand"] == ""  # "body weight" is never printed
    assert all("body weight" not in after for after in loads.values())
