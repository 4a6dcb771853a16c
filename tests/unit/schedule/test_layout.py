"""The week being built: adding exercises, copying, and what each chosen one counts toward."""

from __future__ import annotations

from planner import Rulebook
from planner.engine import decide
from planner.schedule.layout import MAX_RESISTANCE_DAYS, Layout, max_days
from tests.conftest import make_profile


def _first(rulebook: Rulebook, component: str) -> str:
    return next(s for s, ex in rulebook.exercises.items() if ex.component == component)


def test_resistance_is_capped_at_three_days(rulebook: Rulebook) -> None:
    layout = Layout()
    layout.add(rulebook.exercises[_first(rulebook, "resistance")], 7)
    layout.add(rulebook.exercises[_first(rulebook, "balance")], 7)
    assert layout.days == {"resistance": MAX_RESISTANCE_DAYS, "balance": 7}
    assert max_days("resistance") == MAX_RESISTANCE_DAYS and max_days("balance") == 7


def test_adding_twice_keeps_one_copy_and_the_most_days(rulebook: Rulebook) -> None:
    ex = rulebook.exercises[_first(rulebook, "balance")]
    layout = Layout()
    layout.add(ex, 5)
    layout.add(ex, 2)
    assert layout.chosen() == [ex]
    assert layout.days["balance"] == 5


def test_a_copy_changes_without_touching_the_original(rulebook: Rulebook) -> None:
    layout = Layout()
    layout.add(rulebook.exercises[_first(rulebook, "balance")], 3)
    other = layout.copy()
    other.add(rulebook.exercises[_first(rulebook, "posture")], 2)
    other.sets["balance"].clear()
    other.required.add("x")
    assert list(layout.sets) == ["balance"] and layout.sets["balance"]
    assert not layout.required


def test_each_chosen_exercise_counts_toward_the_requirements_it_matches(
    rulebook: Rulebook,
) -> None:
    decisions = decide(make_profile(age=80, falls_12m=2), rulebook)
    req = next(r for r in decisions.requirements if r.requirement.match.component)
    match = req.requirement.match
    ex = next(e for e in rulebook.exercises.values() if match.matches(e))
    layout = Layout()
    layout.add(ex, req.requirement.days)
    layout.assigned[ex.component] = [req]
    assert layout.counts_toward() == {ex.slug: [req]}
