"""Weeks and phases: the same week repeated with doses rising by phase, and the review date.

Restrictions never lift with time inside a plan; it carries a review date at the first window
boundary of a restriction inside its horizon instead.
"""

from __future__ import annotations

import datetime as dt

from planner.plan import Day, PlannedDose, PlannedExercise, Session, Week
from planner.profile.model import Profile
from planner.rulebook import Rulebook
from planner.rulebook.conditions import fracture_matches
from planner.rulebook.exercises import Exercise
from planner.schedule.days import session_minutes
from planner.schedule.layout import Layout
from planner.vocabulary import WEEKDAYS, Component, Phase

DEFAULT_WEEKS = 12


def phase_of(week: int) -> Phase:
    """Weeks 1-4 lay the foundation, 5-8 build, 9 onward progress."""
    return "foundation" if week <= 4 else "build" if week <= 8 else "progress"


def phases(n_weeks: int) -> tuple[Phase, ...]:
    """The phases a plan of ``n_weeks`` weeks reaches, in order."""
    return tuple(dict.fromkeys(phase_of(n) for n in range(1, n_weeks + 1)))


def start_date(profile: Profile) -> dt.date:
    """The clinician's start date, else the first Monday on or after the assessment."""
    if profile.adjust.start_on is not None:
        return profile.adjust.start_on
    return profile.assessed_on + dt.timedelta(days=(7 - profile.assessed_on.weekday()) % 7)


def plan_weeks(
    n_weeks: int,
    start: dt.date,
    layout: Layout,
    day_components: list[list[Component]],
    why: dict[str, list[str]],
    available: frozenset[str],
) -> list[Week]:
    """Every week of the plan; weeks of the same phase share their (immutable) days."""
    first = start.weekday()
    tags = {ex.slug: ex.tags.model_dump() for ex in layout.chosen()}
    days_by_phase: dict[Phase, list[Day]] = {}
    for phase in phases(n_weeks):
        sessions = {
            c: Session.model_construct(
                component=c,
                minutes=session_minutes(members, phase),
                exercises=[
                    _planned(ex, phase, why[ex.slug], tags[ex.slug], available) for ex in members
                ],
            )
            for c, members in layout.sets.items()
            if members
        }
        days_by_phase[phase] = [
            Day.model_construct(
                day=i + 1,
                weekday=WEEKDAYS[(first + i) % 7],
                sessions=[sessions[c] for c in comps],
            )
            for i, comps in enumerate(day_components)
        ]
    return [
        Week.model_construct(week=n, phase=phase_of(n), days=days_by_phase[phase_of(n)])
        for n in range(1, n_weeks + 1)
    ]


def _planned(
    ex: Exercise, phase: Phase, why: list[str], tags: dict[str, object], available: frozenset[str]
) -> PlannedExercise:
    point = ex.dose.at(phase)
    return PlannedExercise.model_construct(
        slug=ex.slug,
        name=ex.name,
        component=ex.component,
        position=ex.position,
        region=list(ex.region),
        ability=list(ex.ability),
        equipment=ex.equipment_for(available) or [],
        tags=tags,
        dose=PlannedDose.model_construct(
            sets=point.sets,
            reps=point.reps,
            hold_s=point.hold_s,
            minutes=point.minutes,
            load=ex.dose.load_at(phase),
            continuous=ex.dose.continuous,
            frequency=ex.dose.frequency,
        ),
        minutes=ex.dose.minutes_at(phase),
        why=why,
    )


def review_date(profile: Profile, rulebook: Rulebook, start: dt.date, weeks: int) -> dt.date:
    """The first day after a rule's window boundary inside the plan's horizon, else the plan's
    end: a window still holds on its last day (guidance 10.0 definition 1), so a review on the
    day after it is the first that can lift its restriction (R-REV-18)."""
    end = start + dt.timedelta(weeks=weeks)
    boundaries = []
    for rule in rulebook.rules:
        conditions = [rule.when] + [effect.when for effect in rule.then]
        for match in (m for c in conditions for m in fracture_matches(c)):
            for fracture in profile.fractures:
                if match.site is not None and fracture.site not in match.site:
                    continue
                base = profile.fracture_date(fracture)
                boundaries += [base + dt.timedelta(weeks=w, days=1) for w in match.boundaries()]
    inside = [d for d in boundaries if start < d < end]
    return min(inside) if inside else end
