"""What a patient's log tells a review (guidance 12.0 items 5 to 7): adherence, the longest
break, each exercise's pain band, and the falls."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from planner import build_plan
from planner.review.log import PatientLog
from planner.review.log_summary import (
    Adherence,
    Break,
    LoggedFall,
    adherence,
    falls,
    growing,
    longest_break,
    pain_bands,
    pain_sites,
    planned_days,
)
from planner.rulebook import Rulebook
from tests.conftest import make_profile

START = dt.date(2026, 11, 23)
TWO_THIRDS = Fraction(2, 3)


def day(n: int) -> dt.date:
    return START + dt.timedelta(days=n)


def make_log(*days: dict[str, Any]) -> PatientLog:
    plan = {"block": 1, "start": START, "review": day(84)}
    return PatientLog.model_validate(
        {"plan": plan, "days": [{**d, "date": day(d["date"])} for d in days]}
    )


#: Strength and balance on day 0, balance and walking on day 1, strength again on day 2.
PLANNED = {
    day(0): {"resistance": ("sit_to_stand", "wall_push_up"), "balance": ("tandem_stance",)},
    day(1): {"balance": ("tandem_stance",), "aerobic": ("brisk_walking",)},
    day(2): {"resistance": ("sit_to_stand", "wall_push_up")},
}
VISIT = day(3)


def test_planned_days_are_the_plans_days_with_exercise_by_date(rulebook: Rulebook) -> None:
    plan = build_plan(make_profile(), rulebook)
    planned = planned_days(plan)
    week = plan.weeks[0]
    assert min(planned) == plan.start_date and max(planned) < plan.review_date
    for offset, weekday in enumerate(week.days):
        date = plan.start_date + dt.timedelta(days=offset)
        if not weekday.sessions:
            assert date not in planned
            continue
        assert planned[date] == {
            s.component: tuple(e.slug for e in s.exercises) for s in weekday.sessions
        }
    assert len(planned) == 12 * sum(1 for d in week.days if d.sessions)


def test_adherence_counts_ticked_sessions_of_the_planned_days_before_the_visit() -> None:
    log = make_log(
        {"date": 0, "sessions": {"resistance": "y", "balance": "n"}},
        {"date": 1, "sessions": {"balance": "y", "resistance": "y"}},  # strength not planned
        {"date": 2, "sessions": {"resistance": "I"}},
        {"date": 3, "sessions": {"resistance": "y"}},  # the visit day itself
    )
    assert adherence(log, PLANNED, VISIT) == {
        "aerobic": Adherence(0, 1),
        "resistance": Adherence(1, 2),
        "balance": Adherence(1, 2),
    }
    assert adherence(log, PLANNED, day(1))["resistance"] == Adherence(1, 1)


def test_two_thirds_is_exact_and_no_log_is_below_every_threshold() -> None:
    # the worked example of guidance 12.3: resistance 20 of 24, balance 24 of 36
    assert not Adherence(20, 24).below(TWO_THIRDS)
    assert Adherence(24, 36).share == TWO_THIRDS and not Adherence(24, 36).below(TWO_THIRDS)
    assert Adherence(23, 36).below(TWO_THIRDS)
    unknown = adherence(None, PLANNED, VISIT)
    assert unknown["resistance"] == Adherence(None, 2)
    assert all(a.share is None and a.below(Fraction(0)) for a in unknown.values())


def test_the_longest_break_counts_every_day_without_a_session_and_its_reasons() -> None:
    log = make_log(
        {"date": 0, "sessions": {"balance": "y"}},
        {"date": 1, "sessions": {"balance": "n"}},
        {"date": 2, "sessions": {"balance": "y"}},
        {"date": 3, "sessions": {"balance": "I"}},
        {"date": 4},  # a rest day counts
        {"date": 6, "sessions": {"balance": "H", "aerobic": "x i"}},
        {"date": 9, "sessions": {"balance": "P"}},
        {"date": 10, "sessions": {"aerobic": "y"}},
    )
    found = longest_break(log, day(20))
    assert found == Break(days=9, first=day(11), reasons=())
    assert found.why == "other"
    before = longest_break(log, day(12))
    assert before == Break(days=7, first=day(3), reasons=("I", "H", "P"))
    assert before.why == "hospital"
    assert Break(3, day(1), ("P", "I")).why == "illness"
    none = longest_break(log, day(1))
    assert none == Break(0, None, ()) and none.why is None
    assert longest_break(None, day(20)) is None


def bands(*days: dict[str, Any], before: dt.date = VISIT) -> dict[str, str] | None:
    return pain_bands(make_log(*days), PLANNED, before)


DONE_0 = {"resistance": "y", "balance": "y"}


@pytest.mark.parametrize(
    ("pain", "band"),
    [
        ({"score": 0}, "expected"),
        ({"score": 3, "where": "muscle"}, "expected"),
        ({"score": 4}, "hold"),
        ({"score": 5, "where": "back"}, "hold"),
        ({"score": 6, "where": "muscle"}, "step_back"),
        ({"score": 2, "sharp": True}, "step_back"),
        ({"score": 2, "where": "joint"}, "step_back"),
        ({"score": 1, "where": "fracture_site"}, "step_back"),
    ],
)
def test_a_pain_an_exercise_caused_sets_that_exercises_band(
    pain: dict[str, Any], band: str
) -> None:
    found = bands({"date": 0, "sessions": DONE_0, "pain": {**pain, "exercise": "sit_to_stand"}})
    assert found == {
        "sit_to_stand": band,
        "wall_push_up": "expected",
        "tandem_stance": "expected",
        "brisk_walking": "expected",
    }


def test_a_pain_tied_to_no_exercise_counts_against_every_exercise_done_that_day() -> None:
    found = bands(
        {"date": 0, "sessions": {"resistance": "y", "balance": "n"}, "pain": {"score": 4}}
    )
    assert found is not None
    assert (found["sit_to_stand"], found["wall_push_up"]) == ("hold", "hold")
    assert found["tandem_stance"] == "expected", "balance was not done that day"
    # with nothing ticked, it counts against everything planned that day
    found = bands({"date": 0, "pain": {"score": 5}})
    assert found is not None
    assert {found[s] for s in ("sit_to_stand", "wall_push_up", "tandem_stance")} == {"hold"}
    assert found["brisk_walking"] == "expected"


def test_the_worst_session_before_the_visit_sets_the_band() -> None:
    found = bands(
        {"date": 0, "sessions": DONE_0, "pain": {"score": 4, "exercise": "tandem_stance"}},
        {
            "date": 1,
            "sessions": {"balance": "y"},
            "pain": {"score": 1, "exercise": "tandem_stance"},
        },
        {
            "date": 3,
            "sessions": {"balance": "y"},
            "pain": {"score": 9, "exercise": "tandem_stance"},
        },
    )
    assert found is not None and found["tandem_stance"] == "hold"


def test_morning_pain_after_a_session_counts_unless_it_is_the_usual_ache() -> None:
    after = bands({"date": 0, "sessions": DONE_0}, {"date": 1, "morning_pain": 5})
    assert after is not None and after["sit_to_stand"] == "hold"
    usual = bands(
        {"date": 0, "sessions": DONE_0, "morning_pain": 5},
        {"date": 1, "morning_pain": 5},
        {"date": 2, "morning_pain": 5},
        {"date": 3, "morning_pain": 5},
    )
    assert usual is not None and set(usual.values()) == {"expected"}


def test_pain_lasting_more_than_two_days_steps_back() -> None:
    lasting = [
        {"date": 0, "sessions": DONE_0, "pain": {"score": 2, "exercise": "wall_push_up"}},
        {"date": 1, "morning_pain": 2},
        {"date": 2, "morning_pain": 1},
        {"date": 3, "morning_pain": 1},
    ]
    found = bands(*lasting)
    assert found is not None and found["wall_push_up"] == "step_back"
    gone = bands(*lasting[:3], {"date": 3, "morning_pain": 0})
    assert gone is not None and gone["wall_push_up"] == "expected"


def test_without_a_log_the_bands_are_unknown() -> None:
    assert pain_bands(None, PLANNED, VISIT) is None


def test_pain_sites_say_where_each_exercise_hurt() -> None:
    log = make_log(
        {"date": 0, "sessions": DONE_0, "pain": {"score": 3, "where": "joint"}},
        {"date": 1, "pain": {"score": 2, "where": "fracture_site", "exercise": "brisk_walking"}},
        {"date": 2, "pain": {"score": 0, "where": "back", "exercise": "sit_to_stand"}},
    )
    assert pain_sites(log, PLANNED, VISIT) == {
        "sit_to_stand": {"joint"},
        "wall_push_up": {"joint"},
        "tandem_stance": {"joint"},
        "brisk_walking": {"fracture_site"},
    }
    assert pain_sites(None, PLANNED, VISIT) == {}


def test_falls_come_with_their_dates_and_details() -> None:
    log = make_log(
        {"date": 5, "fall": {"long_lie": True}},
        {"date": 1, "fall": {"injurious": True, "during": "tandem_stance"}},
        {"date": 2},
    )
    assert falls(log) == [
        LoggedFall(
            day(1), injurious=True, long_lie=False, blacked_out=False, during="tandem_stance"
        ),
        LoggedFall(day(5), injurious=False, long_lie=True, blacked_out=False, during=None),
    ]
    assert falls(None) == []


@pytest.mark.parametrize(
    ("scores", "grows"),
    [
        ((1, 2, 3), True),
        ((2, 3, 5), True),
        ((1, 3, 2), False),
        ((0, 1, 2), False),
        ((3, 3, 2), False),
    ],
)
def test_pain_growing_from_session_to_session_steps_back(
    scores: tuple[int, int, int], grows: bool
) -> None:
    # 12.0 item 6: three sessions in a row, each with more pain than the one before.
    log = make_log(
        *(
            {"date": n, "sessions": {"resistance": "y"}, "pain": {"score": s}}
            for n, s in zip((0, 2, 4), scores, strict=True)
        )
    )
    planned = {day(n): {"resistance": ("sit_to_stand",)} for n in (0, 2, 4)}
    assert (growing(log, planned, day(5)) == {"sit_to_stand"}) is grows
    assert (pain_bands(log, planned, day(5)) or {})["sit_to_stand"] == (
        "step_back" if grows else "expected"
    )
