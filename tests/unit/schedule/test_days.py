"""Placing components on days: resistance on fixed non-adjacent days, the rest spread evenly,
every day within the daily time budget."""

from __future__ import annotations

from planner import Rulebook, build_plan
from planner.schedule.days import DAY_BUDGET, RESISTANCE_DAYS, peak, place_days
from planner.schedule.layout import Layout
from tests.conftest import make_profile


def _layout(rulebook: Rulebook, days: dict[str, int], *slugs: str) -> Layout:
    layout = Layout()
    for slug in slugs:
        ex = rulebook.exercises[slug]
        layout.add(ex, days[ex.component])
        layout.required.add(slug)
    return layout


def _resistance_slugs(rulebook: Rulebook, n: int) -> list[str]:
    return [s for s, ex in rulebook.exercises.items() if ex.component == "resistance"][:n]


def test_resistance_keeps_its_fixed_non_adjacent_days(rulebook: Rulebook) -> None:
    for n in (1, 2, 3):
        layout = _layout(rulebook, {"resistance": n}, *_resistance_slugs(rulebook, 2))
        days = place_days(layout, budget=10_000)
        assert [d for d, comps in enumerate(days) if "resistance" in comps] == list(
            RESISTANCE_DAYS[n]
        )


def test_other_components_spread_evenly_over_the_week(rulebook: Rulebook) -> None:
    walking = next(s for s, ex in rulebook.exercises.items() if ex.component == "aerobic")
    layout = _layout(rulebook, {"aerobic": 3}, walking)
    on = [d for d, comps in enumerate(place_days(layout, budget=10_000)) if comps]
    assert len(on) == 3
    gaps = [(on[(i + 1) % 3] - on[i]) % 7 for i in range(3)]
    assert sorted(gaps) == [2, 2, 3]


def test_fill_ins_are_dropped_when_a_day_is_too_long(rulebook: Rulebook) -> None:
    slugs = _resistance_slugs(rulebook, 4)
    layout = _layout(rulebook, {"resistance": 2}, *slugs)
    layout.required = {slugs[0]}
    longest = peak(layout, place_days(layout.copy(), budget=10_000))
    place_days(layout, budget=longest - 1)
    assert 1 <= len(layout.sets["resistance"]) < len(slugs)
    assert layout.sets["resistance"][0].slug == slugs[0]


def test_high_falls_risk_walks_at_a_comfortable_pace_and_trains_legs_three_days(
    rulebook: Rulebook,
) -> None:
    fall = {"site": "wrist", "weeks_since": 30, "cause": "fall", "cleared": True}
    plan = build_plan(make_profile(ability="fit", fractures=[fall]), rulebook)
    assert plan.fall_risk == "high"
    slugs = {e.slug for e in plan.exercises()}
    assert not slugs & {"brisk_walking", "jog_walk_intervals"}
    for week in plan.weeks:
        legs = [
            any(
                e.component == "resistance" and {"lower_limb", "hip"} & set(e.region)
                for s in d.sessions
                for e in s.exercises
            )
            for d in week.days
        ]
        assert sum(legs) >= 3
        assert not any(legs[i] and legs[(i + 1) % 7] for i in range(7))


def test_no_day_is_longer_than_the_budget(rulebook: Rulebook) -> None:
    for ability in DAY_BUDGET:
        plan = build_plan(make_profile(ability=ability, age=80, falls_12m=2), rulebook)
        for week in plan.weeks:
            assert max(day.minutes for day in week.days) <= DAY_BUDGET[ability]
