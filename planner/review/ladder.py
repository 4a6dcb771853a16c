"""Steps on an exercise's ladder (guidance 12.0 items 2 and 8): where the next block starts.

A ladder is an exercise's doses by phase, rung 0 (the start), 1 (halfway) and 2 (the target).
One step up from the top is the ``progression`` entry at its first rung; one step down from the
bottom is the ``regression`` entry at its top rung, and with none the exercise leaves the plan.
A step never lands on an entry the rules exclude on the visit date (R-REV-2): then the exercise
stays where it was. A balance exercise held on a support progresses by one change of hand support
a review (two hands, one hand, fingertips) and, from fingertips at its top rung, to its
``progression`` entry with two hands again (R-REV-11); hands never come off the support, since
every such entry is coded as held throughout (position ``standing_support``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from planner.rulebook.exercises import Exercise, Rungs
from planner.rulebook.review_rules import OutcomeName
from planner.vocabulary import PHASES

TOP = 2
Support = Literal["two_hands", "one_hand", "fingertips"]
#: Hand support on a balance exercise, most first (guidance 12.0 item 2).
SUPPORTS: tuple[Support, ...] = ("two_hands", "one_hand", "fingertips")


@dataclass(frozen=True)
class Step:
    """Where an exercise goes: its entry (the same, or a linked one) and its rungs; no entry
    means it leaves the plan."""

    slug: str | None
    rungs: Rungs
    support: Support | None = None  # the hand support for the next block, when it changes


def achieved_rung(achieved: str, last: Rungs) -> int:
    """The rung of the last plan's phase the patient achieved ('none': below its first)."""
    if achieved == "none":
        return last[0] - 1
    return last[PHASES.index(achieved)]


def next_step(
    exercise: Exercise,
    achieved: int,
    outcome: OutcomeName,
    *,
    restart: bool,
    regress: bool,
    allowed: Callable[[str], bool],
    held: bool = False,
    seen: Support | None = None,
) -> Step:
    """Where ``exercise`` stands in the next block, from the rung achieved and the outcome;
    ``held``: a balance exercise done holding a support, ``seen`` with this support at the
    review (None: not recorded)."""
    if regress:
        return _down_entry(exercise, allowed)
    if restart or outcome == "step_back":
        below = achieved - 1
        return Step(exercise.slug, (below,) * 3) if below >= 0 else _down_entry(exercise, allowed)
    if achieved < 0:  # not even the first rung done: begin again there
        return Step(exercise.slug, (0, 0, 0) if outcome == "hold" else (0, 1, 2))
    if outcome == "hold":
        return Step(exercise.slug, (achieved,) * 3)
    if held:
        return _less_support(exercise, achieved, seen, allowed)
    if achieved < TOP:
        return Step(exercise.slug, (achieved, min(achieved + 1, TOP), min(achieved + 2, TOP)))
    harder = next((s for s in exercise.progression if allowed(s)), None)
    return Step(harder, (0, 1, 2)) if harder else Step(exercise.slug, (TOP,) * 3)


def _down_entry(exercise: Exercise, allowed: Callable[[str], bool]) -> Step:
    easier = next((s for s in exercise.regression if allowed(s)), None)
    return Step(easier, (TOP,) * 3)


def _less_support(
    exercise: Exercise, achieved: int, seen: Support | None, allowed: Callable[[str], bool]
) -> Step:
    """One change of hand support (R-REV-11); support not recorded changes nothing but the
    rungs inside the block, since a missing fact means hold (R-REV-17)."""
    rungs = (achieved, min(achieved + 1, TOP), min(achieved + 2, TOP))
    if seen is None or (seen == "fingertips" and achieved < TOP):
        return Step(exercise.slug, rungs)
    if seen != "fingertips":
        return Step(exercise.slug, rungs, SUPPORTS[SUPPORTS.index(seen) + 1])
    harder = next((s for s in exercise.progression if allowed(s)), None)
    return Step(harder, (0, 1, 2), "two_hands") if harder else Step(exercise.slug, (TOP,) * 3)
