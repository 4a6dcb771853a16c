"""What a physiotherapist's adjustments ask of the scheduler, once checked against the rules.

The checks (:mod:`planner.tailor`) decide whether an adjustment may be made; this is only what
the scheduler then does with it: leave exercises out, put exercises in, hold doses, keep rest
days free, use another daily budget and start date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace

from planner.plan import Programme
from planner.profile.adjust import Adjustments, weekday_index
from planner.rulebook.exercises import Exercise, Rungs, held_rungs
from planner.vocabulary import Component, Phase

#: Days a week for an added exercise whose kind of session no requirement schedules.
ADDED_DAYS = 3


@dataclass(frozen=True)
class Tailoring:
    """The scheduler's view of the adjustments; the empty one changes nothing."""

    dropped: frozenset[str] = frozenset()  # never chosen: drops and swapped-out exercises
    forced: tuple[str, ...] = ()  # always chosen: adds and swap targets, in the order given
    held: Mapping[str, Phase] = field(default_factory=dict)
    rungs: Mapping[str, Rungs] = field(default_factory=dict)  # a review's next block
    closed: frozenset[Component] = frozenset()  # no new exercise enters these (R-REV-9)
    rest: frozenset[int] = frozenset()  # weekdays, Monday 0
    budget: int | None = None  # daily minutes
    start: dt.date | None = None

    @classmethod
    def of(cls, adjust: Adjustments) -> Tailoring:
        """The tailoring the profile's adjustments ask for."""
        return cls(
            dropped=frozenset(d.exercise for d in adjust.drop)
            | frozenset(s.exercise for s in adjust.swap),
            forced=tuple(
                dict.fromkeys([s.for_ for s in adjust.swap] + [a.exercise for a in adjust.add])
            ),
            held={h.exercise: h.phase for h in adjust.hold},
            rest=frozenset(weekday_index(d) for d in adjust.rest_days),
            budget=adjust.minutes_per_day,
            start=adjust.start_on,
        )

    def dosed(self, exercise: Exercise) -> Exercise:
        """The exercise on the rungs a review set, held where the clinician holds it (later
        phases repeat the held phase's rung, so a hold never raises a dose)."""
        rungs = self.rungs.get(exercise.slug)
        held = self.held.get(exercise.slug)
        if rungs is None and held is None:
            return exercise
        base = rungs or (0, 1, 2)
        if held is not None:  # every phase from the held one on repeats its rung
            first, second, third = held_rungs(held)
            base = (base[first], base[second], base[third])
        return exercise.on_rungs(base)

    def rest_slots(self, start: dt.date) -> frozenset[int]:
        """The rest days as the plan's day numbers (0 is the first day of its week)."""
        return frozenset((day - start.weekday()) % 7 for day in self.rest)


NO_TAILORING = Tailoring()


@dataclass(frozen=True)
class Continuation:
    """A review's next block, as the scheduler takes it: the exercises the review keeps (each
    still checked against the rules on the visit date), the rungs they start on, the components
    no new exercise enters, and whether the balance-minute ramp is past its eighth week."""

    carried: tuple[str, ...]
    rungs: Mapping[str, Rungs] = field(default_factory=dict)
    left: frozenset[str] = frozenset()  # stepped or progressed away from
    closed: frozenset[Component] = frozenset()
    ramp_top: bool = False
    programme: Programme = field(default_factory=Programme)

    def onto(self, tailoring: Tailoring, allowed: Collection[str]) -> Tailoring:
        """The adjustments' tailoring with this block's carried exercises (those ``allowed``
        and not dropped by the clinician) and rungs."""
        kept = [s for s in self.carried if s in allowed and s not in tailoring.dropped]
        return replace(
            tailoring,
            forced=tuple(dict.fromkeys([*kept, *tailoring.forced])),
            dropped=tailoring.dropped | self.left,
            rungs={**self.rungs, **tailoring.rungs},
            closed=tailoring.closed | self.closed,
        )
