"""What a physiotherapist's adjustments ask of the scheduler, once checked against the rules.

The checks (:mod:`planner.tailor`) decide whether an adjustment may be made; this is only what
the scheduler then does with it: leave exercises out, put exercises in, hold doses, keep rest
days free, use another daily budget and start date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from planner.profile.adjust import Adjustments, weekday_index
from planner.vocabulary import Phase

#: Days a week for an added exercise whose kind of session no requirement schedules.
ADDED_DAYS = 3


@dataclass(frozen=True)
class Tailoring:
    """The scheduler's view of the adjustments; the empty one changes nothing."""

    dropped: frozenset[str] = frozenset()  # never chosen: drops and swapped-out exercises
    forced: tuple[str, ...] = ()  # always chosen: adds and swap targets, in the order given
    held: Mapping[str, Phase] = field(default_factory=dict)
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

    def rest_slots(self, start: dt.date) -> frozenset[int]:
        """The rest days as the plan's day numbers (0 is the first day of its week)."""
        return frozenset((day - start.weekday()) % 7 for day in self.rest)


NO_TAILORING = Tailoring()
