"""Decisions -> the weeks of a plan, each step deterministic.

1. The pool (:mod:`.pool`): library entries no fired rule excludes and whose equipment the
   patient has.
2. Requirements (:mod:`.requirements`), most specific first. Resistance fits on at most 3 days,
   never adjacent (Sunday-Monday included).
3. Filling (:mod:`.sessions`): each scheduled session topped up to a sensible size.
4. Minutes a week (:mod:`.minutes`): sessions grown until their doses state the time asked for.
5. Days (:mod:`.days`): components spread over the week within the daily time budget.
6. Weeks (:mod:`.weeks`): the same week repeated with doses rising by phase, and a review date.

Nothing here ever adds an excluded exercise: a requirement that cannot be met is reported, not
forced.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planner.engine import ActiveRequirement, Decisions
from planner.plan import UnmetRequirement, Week
from planner.profile.model import Profile
from planner.rulebook import Rulebook
from planner.rulebook.exercises import Exercise
from planner.schedule.days import DAY_BUDGET, place_days
from planner.schedule.layout import Layout
from planner.schedule.minutes import meet_minutes, minutes_needs
from planner.schedule.pool import Pool
from planner.schedule.requirements import meet_requirements, unmet_supervision
from planner.schedule.sessions import fill_sessions
from planner.schedule.tailoring import ADDED_DAYS, NO_TAILORING, Tailoring
from planner.schedule.trim import trim_to_budget
from planner.schedule.weeks import DEFAULT_WEEKS, phases, plan_weeks, review_date, start_date


@dataclass(frozen=True)
class Schedule:
    """What the scheduler made of the decisions: the weeks, and what they were chosen from."""

    pool: Pool
    budget: int  # daily minutes
    chosen: list[Exercise]  # component by component, each in library order
    counts: dict[str, list[ActiveRequirement]]  # chosen slug -> the requirements it meets
    unmet: list[UnmetRequirement]
    start: dt.date
    review: dt.date | None  # None when a red flag stops the programme
    weeks: list[Week]


def schedule(
    profile: Profile,
    decisions: Decisions,
    rulebook: Rulebook,
    *,
    weeks: int = DEFAULT_WEEKS,
    tailoring: Tailoring = NO_TAILORING,
) -> Schedule:
    """Lay the decisions out as ``weeks`` weeks; none when a red flag stops the programme.

    ``tailoring`` is the physiotherapist's adjustments, already checked against the rules.
    """
    pool = Pool.of(profile, decisions, rulebook, tailoring)
    start = start_date(profile)
    layout = Layout(rest=tailoring.rest_slots(start))
    budget = tailoring.budget or DAY_BUDGET[profile.ability]
    if not decisions.stop:
        for slug in tailoring.forced:
            if (exercise := pool.get(slug)) is not None:
                layout.add(exercise, 0)
                layout.required.add(slug)
        meet_requirements(layout, decisions, pool, rulebook)
        fill_sessions(
            layout, [ex for ex in pool.exercises if ex.component not in tailoring.closed], profile
        )
        reached = phases(weeks)
        for component, need in minutes_needs(decisions).items():
            layout = meet_minutes(layout, component, need, pool.exercises, budget, reached)
        for component in layout.sets:
            if not layout.days.get(component):
                layout.days[component] = min(ADDED_DAYS, layout.max_days(component))
        if tailoring.budget is not None:
            trim_to_budget(layout, budget, decisions, reached)
    day_components = place_days(layout, budget)
    if not decisions.stop:
        layout.unmet += unmet_supervision(profile, decisions)
    library_order = {slug: i for i, slug in enumerate(rulebook.exercises)}
    for members in layout.sets.values():
        members.sort(key=lambda ex: library_order[ex.slug])

    counts = layout.counts_toward()
    why = {slug: sorted({req.rule for req in reqs}) for slug, reqs in counts.items()}
    return Schedule(
        pool=pool,
        budget=budget,
        chosen=layout.chosen(),
        counts=counts,
        unmet=layout.unmet,
        start=start,
        review=None if decisions.stop else review_date(profile, rulebook, start, weeks),
        weeks=[]
        if decisions.stop
        else plan_weeks(weeks, start, layout, day_components, why, pool.available),
    )
