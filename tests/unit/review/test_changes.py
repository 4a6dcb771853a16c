"""What a review reports for each exercise says what the next block does: a progress that
changes no dose or entry reads as a hold, and mobility entries follow section 10 alone, except
that after a fall, a long break or pain in the step-back band their dose never rises."""

from __future__ import annotations

import pytest

from planner import Rulebook
from planner.plan import Plan, ReviewChange
from planner.review.block import review
from tests.unit.review.test_block import ALL_DONE, first_plan, visit

TOP = {"achieved": "progress", "top_of_range": True}
TOP_OF_LADDER = "At the top of its ladder; no harder entry is allowed on the visit date"
WRIST = [{"site": "wrist", "weeks_since": 8, "cause": "other"}]


def found(plan: Plan, slug: str) -> ReviewChange:
    assert plan.review is not None
    return next(c for c in plan.review.changes if c.slug == slug)


NO_SUPPORT = "At the top of its ladder; hand support not recorded, so no change of support or entry"


@pytest.mark.parametrize(
    ("slug", "rule", "extra", "reason"),
    [
        ("glute_bridge", "R-REV-10", {}, TOP_OF_LADDER),  # no progression entry
        ("chin_tuck", "R-REV-13", {}, TOP_OF_LADDER),
        ("sideways_walking", "R-REV-11", {"support": "fingertips"}, TOP_OF_LADDER),
        ("tandem_stance", "R-REV-11", {}, NO_SUPPORT),  # a missing fact changes no entry
    ],
)
def test_a_progress_at_the_top_with_nowhere_to_go_is_a_hold(
    rulebook: Rulebook, slug: str, rule: str, extra: dict[str, str], reason: str
) -> None:
    plan = review(
        first_plan(rulebook), visit(sessions=ALL_DONE, exercises={slug: {**TOP, **extra}}), rulebook
    ).plan
    change = found(plan, slug)
    assert change.change == "hold" and change.replacement is None
    assert change.rules == [rule]  # the rule that wanted progress stays in the trace
    assert change.because[0] == reason
    assert plan.programme.rungs[slug] == (2, 2, 2)


def test_a_progression_entry_not_allowed_on_the_visit_date_is_a_hold(rulebook: Rulebook) -> None:
    # R-REV-2: the sit to stand's progression (goblet squat) needs a weight the patient lacks.
    plan = review(
        first_plan(rulebook), visit(sessions=ALL_DONE, exercises={"sit_to_stand": TOP}), rulebook
    ).plan
    change = found(plan, "sit_to_stand")
    assert (change.change, change.rules, change.replacement) == ("hold", ["R-REV-10"], None)
    assert TOP_OF_LADDER in change.because


def test_a_real_progress_is_still_a_progress(rulebook: Rulebook) -> None:
    plan = review(
        first_plan(rulebook), visit(sessions=ALL_DONE, exercises={"wall_push_up": TOP}), rulebook
    ).plan
    assert found(plan, "wall_push_up").change == "progress"
    assert TOP_OF_LADDER not in found(plan, "wall_push_up").because


def test_a_mobility_entry_follows_section_10_alone(rulebook: Rulebook) -> None:
    # R-REV-17: no adherence is logged for it, yet R-REV-9 does not hold it at its first rung.
    previous = first_plan(rulebook, fractures=WRIST)
    assert "finger_and_wrist_rom" in {ex.slug for ex in previous.exercises()}
    plan = review(previous, visit(sessions=ALL_DONE), rulebook).plan
    change = found(plan, "finger_and_wrist_rom")
    assert change.change == "hold" and change.rules == ["R-REV-17"]
    assert "R-REV-9" not in change.rules
    assert plan.programme.rungs.get("finger_and_wrist_rom", (0, 1, 2)) == (0, 1, 2)


def rom(plan: Plan) -> tuple[int, int, int]:
    """The finger and wrist movement's rungs in the block (section 10's ramp: 0, 1, 2)."""
    return plan.programme.rungs.get("finger_and_wrist_rom", (0, 1, 2))


@pytest.mark.parametrize(
    ("achieved", "rungs"),
    [("foundation", (0, 0, 0)), ("build", (0, 0, 0)), ("progress", (1, 1, 1))],
)
def test_a_mobility_entry_steps_back_after_pain_in_the_step_back_band(
    rulebook: Rulebook, achieved: str, rungs: tuple[int, int, int]
) -> None:
    # The more restrictive rule wins: R-REV-7 steps it back; from its bottom rung, with no
    # easier entry, it stays there, since section 10 requires it every day.
    exercises = {"finger_and_wrist_rom": {"achieved": achieved, "pain": "step_back"}}
    plan = review(
        first_plan(rulebook, fractures=WRIST),
        visit(sessions=ALL_DONE, exercises=exercises),
        rulebook,
    ).plan
    change = found(plan, "finger_and_wrist_rom")
    assert (change.change, change.rules) == ("step_back", ["R-REV-7"])
    assert rom(plan) == rungs
    assert "finger_and_wrist_rom" in {ex.slug for ex in plan.exercises()}
    assert "R-REV-7" in next(w.rules for w in plan.warnings if w.code == "W_PAIN_GUIDE")


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ({"falls": [{"date": "2027-01-10"}]}, "R-REV-5"),
        ({"longest_break_days": 14}, "R-REV-6"),
    ],
)
def test_a_mobility_entry_holds_after_a_fall_or_a_long_break(
    rulebook: Rulebook, fields: dict[str, object], rule: str
) -> None:
    # Section 10's ramp would raise it (0, 1, 2); after a fall or a break it holds at the dose
    # achieved in the last block, and says which rule held it.
    exercises = {"finger_and_wrist_rom": {"achieved": "build"}}
    plan = review(
        first_plan(rulebook, fractures=WRIST),
        visit(sessions=ALL_DONE, exercises=exercises, **fields),
        rulebook,
    ).plan
    change = found(plan, "finger_and_wrist_rom")
    assert (change.change, change.rules) == ("hold", [rule])
    assert rom(plan) == (1, 1, 1)
