"""Random adjustments on generated profiles: every plan still keeps every safety invariant of
the safety property test, holds never raise a dose, and every refusal says which rule (or which
fact of the profile) forbids the change."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner import Profile, build_plan, load_rulebook
from planner.errors import AdjustmentRefused
from planner.profile.adjust import WEEKDAY_NAMES
from planner.schedule.days import DAY_BUDGET
from planner.schedule.weeks import phase_of
from planner.vocabulary import PHASES
from tests.properties.strategies import EXAMPLES, profiles
from tests.properties.test_safety import check_plan

BOOK = load_rulebook()
SLUGS = sorted(BOOK.exercises)
RULE_IDS = {r.id for r in BOOK.rules}
#: Refusals that name a fact of the profile or of the plan rather than a rule.
NOT_A_RULE = ("needs ", "is not in this plan", "exercise and ", "the daily budget")


@st.composite
def picks(draw: st.DrawFn) -> dict[str, Any]:
    """Adjustments as numbers, turned into exercises by :func:`adjustments` (the choices depend
    on the profile's plan, worked out outside the strategy)."""
    n = st.integers(0, 10_000)
    return {
        "drop": draw(st.lists(n, max_size=2)),
        "add": draw(st.lists(n, max_size=2)),
        "swap": draw(st.lists(st.tuples(n, n), max_size=1)),
        "hold": draw(st.lists(st.tuples(n, st.sampled_from(PHASES)), max_size=2)),
        "wild": draw(st.booleans()),
        "rest_days": draw(st.lists(st.sampled_from(WEEKDAY_NAMES), max_size=3, unique=True)),
        "minutes_per_day": draw(st.none() | st.integers(10, 120)),
        "start_on": draw(st.none() | st.integers(0, 30)),
        "accept_unmet": draw(st.sampled_from([None, "agreed with the patient"])),
    }


def adjustments(profile: Profile, pick: dict[str, Any]) -> dict[str, Any]:
    """Mostly exercises of the plan (to drop, swap or hold) and exercises the rules allow (to
    add or swap in), so most adjustments are made; any library entry when ``wild``, to be
    refused."""
    base = build_plan(profile, BOOK)
    planned = sorted({ex.slug for ex in base.exercises()}) or SLUGS
    allowed = sorted(set(SLUGS) - {e.slug for e in base.excluded}) or SLUGS
    if pick["wild"]:
        planned = allowed = SLUGS
    dropped = list(dict.fromkeys(planned[i % len(planned)] for i in pick["drop"]))
    added = [
        a for a in dict.fromkeys(allowed[i % len(allowed)] for i in pick["add"]) if a not in dropped
    ]
    swaps = []
    for i, j in pick["swap"]:
        old = planned[i % len(planned)]
        same = [s for s in allowed if BOOK.exercises[s].component == BOOK.exercises[old].component]
        new = same[j % len(same)] if same else old
        if new != old and not {old, new} & {*dropped, *added}:
            swaps.append(f"{old}={new}")
    holds = {planned[i % len(planned)]: phase for i, phase in pick["hold"]}
    most = DAY_BUDGET[profile.ability]
    budget = pick["minutes_per_day"]
    return {
        "drop": dropped,
        "add": added,
        "swap": swaps,
        "hold": [f"{h}={phase}" for h, phase in holds.items()],
        "rest_days": pick["rest_days"],
        "minutes_per_day": None if budget is None else min(budget, most),
        "start_on": pick["start_on"],
        "accept_unmet": pick["accept_unmet"],
    }


def _with(profile: Profile, adjust: dict[str, Any]) -> Profile:
    data = profile.model_dump()
    if adjust["start_on"] is not None:
        adjust = {**adjust, "start_on": profile.assessed_on + dt.timedelta(days=adjust["start_on"])}
    data["adjust"] = {k: v for k, v in adjust.items() if v not in (None, [])}
    return Profile.model_validate(data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pick=picks(), profile=profiles())
def test_adjusted_plans_stay_safe(pick: dict[str, Any], profile: Profile) -> None:
    rulebook = BOOK
    adjusted = _with(profile, adjustments(profile, pick))
    try:
        plan = build_plan(adjusted, rulebook)
    except AdjustmentRefused as refused:
        assert refused.refusals
        for refusal in refused.refusals:
            assert (
                refusal.rule in RULE_IDS
                or refusal.reason.startswith(NOT_A_RULE)
                or any(part in refusal.reason for part in NOT_A_RULE)
            ), refusal
        return
    check_plan(adjusted, rulebook, twice=False)
    base = {ex.slug: ex for ex in rulebook.exercises.values()}
    for item in plan.unmet:
        if item.accepted is not None:
            assert adjusted.adjust.accept_unmet is not None
    # A hold never raises a dose above the unadjusted library dose of the week's phase.
    held = {h.exercise for h in adjusted.adjust.hold}
    for week in plan.weeks:
        for day in week.days:
            for session in day.sessions:
                for ex in session.exercises:
                    if ex.slug in held:
                        plain = base[ex.slug].dose.at(phase_of(week.week))
                        for key in ("sets", "reps", "hold_s", "minutes"):
                            given_ = getattr(ex.dose, key)
                            assert given_ is None or given_ <= (getattr(plain, key) or 0)
