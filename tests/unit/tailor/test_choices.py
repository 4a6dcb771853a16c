"""A form offers only what the rules allow: every addition and swap it lists is accepted, and
nothing a fired rule excludes is ever listed."""

from __future__ import annotations

from planner import Rulebook, build_plan
from planner.errors import AdjustmentRefused
from planner.tailor.choices import choices
from tests.conftest import make_profile

WRIST = make_profile(fractures=[{"site": "wrist", "weeks_since": 3, "cause": "other"}])


def test_nothing_excluded_is_offered(rulebook: Rulebook) -> None:
    offered = choices(WRIST, rulebook)
    excluded = {e.slug for e in build_plan(WRIST, rulebook).excluded}
    assert offered.addable and not set(offered.addable) & excluded
    for options in offered.swaps.values():
        assert not set(options) & excluded
    assert "wall_push_up" not in offered.addable


def test_every_offered_swap_stays_within_its_kind_and_is_accepted(rulebook: Rulebook) -> None:
    offered = choices(WRIST, rulebook)
    kinds = {slug: ex.component for slug, ex in rulebook.exercises.items()}
    for old, options in offered.swaps.items():
        assert all(kinds[new] == kinds[old] for new in options)
    old, options = next((o, opts) for o, opts in offered.swaps.items() if opts)
    swapped = WRIST.model_copy(
        update={"adjust": WRIST.adjust.model_validate({"swap": [f"{old}={options[0]}"]})}
    )
    try:
        plan = build_plan(swapped, rulebook)
    except AdjustmentRefused as refused:  # only for leaving a requirement unmet
        assert all(r.kind == "adjustments" for r in refused.refusals)
    else:
        assert options[0] in {ex.slug for ex in plan.exercises()}


def test_equipment_the_patient_lacks_is_not_offered(rulebook: Rulebook) -> None:
    assert "stationary_cycling" not in choices(make_profile(), rulebook).addable
    with_bike = make_profile(equipment=["exercise_bike"])
    assert "stationary_cycling" in choices(with_bike, rulebook).addable
