"""What a patient's log tells a review (guidance 12.0 items 5 to 7): adherence per component,
the longest break, each exercise's pain band (and where it hurt) and the falls.

Each function takes the log, or None when the patient brought none (then adherence and the
bands are unknown), and the visit date: only the days before it count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from planner.plan import Plan
from planner.review.log import BANDS, LogDay, PainBand, PainSite, PatientLog, Reason
from planner.vocabulary import COMPONENTS, Component

#: Pain at these sites always steps an exercise back (guidance 12.0 item 6).
_STEP_BACK_SITES: tuple[PainSite, ...] = ("joint", "fracture_site")
#: Each day of a plan with exercise: its components and, for each, the exercises planned.
Planned = Mapping[dt.date, Mapping[Component, Sequence[str]]]


def planned_days(plan: Plan) -> dict[dt.date, dict[Component, tuple[str, ...]]]:
    """The plan's days with exercise, by date: each component planned and its exercises."""
    out: dict[dt.date, dict[Component, tuple[str, ...]]] = {}
    for week in plan.weeks:
        for day in week.days:
            if day.sessions:
                date = plan.start_date + dt.timedelta(days=(week.week - 1) * 7 + day.day - 1)
                out[date] = {s.component: tuple(e.slug for e in s.exercises) for s in day.sessions}
    return out


@dataclass(frozen=True)
class Adherence:
    """One component's sessions done of those planned; ``done`` is None without a log."""

    done: int | None
    planned: int

    @property
    def share(self) -> Fraction | None:
        """Done over planned, exactly; None when unknown or nothing was planned."""
        return Fraction(self.done, self.planned) if self.done is not None and self.planned else None

    def below(self, share: Fraction) -> bool:
        """Whether adherence is below ``share``; unknown counts as below every share."""
        return self.share is None or self.share < share


def adherence(
    log: PatientLog | None, planned: Planned, before: dt.date
) -> dict[Component, Adherence]:
    """Per component planned before ``before`` (the visit day): sessions done and planned.

    A session is a day the plan schedules the component; done means ticked in the log for that
    day. Without a log, adherence is unknown (guidance 12.0 item 5)."""
    counts: dict[Component, list[int]] = {}
    for date, components in sorted(planned.items()):
        if date >= before:
            continue
        day = log.day(date) if log is not None else None
        for component in components:
            count = counts.setdefault(component, [0, 0])
            count[1] += 1
            if day is not None and component in day.done:
                count[0] += 1
    return {
        c: Adherence(done if log is not None else None, planned_n)
        for c, (done, planned_n) in sorted(counts.items(), key=lambda kv: COMPONENTS.index(kv[0]))
    }


@dataclass(frozen=True)
class Break:
    """The longest run of days with no session at all, and the reasons written in it."""

    days: int
    first: dt.date | None
    reasons: tuple[Reason, ...]

    @property
    def why(self) -> Literal["illness", "hospital", "other"] | None:
        """The break as a review records it: a hospital stay, illness or other."""
        if not self.days:
            return None
        return "hospital" if "H" in self.reasons else "illness" if "I" in self.reasons else "other"


def longest_break(log: PatientLog | None, before: dt.date) -> Break | None:
    """The longest run of days from the plan's start to the day before ``before`` on which no
    session was ticked (rest days count; the earliest run wins a tie); None without a log."""
    if log is None:
        return None
    best, run = Break(0, None, ()), list[dt.date]()
    total = max(0, (before - log.plan.start).days)
    for date in [log.plan.start + dt.timedelta(days=n) for n in range(total)] + [before]:
        day = log.day(date)
        if date < before and not (day and day.done):
            run.append(date)
            continue
        if len(run) > best.days:
            best = Break(len(run), run[0], _reasons(log, run))
        run = []
    return best


def _reasons(log: PatientLog, dates: list[dt.date]) -> tuple[Reason, ...]:
    found: dict[Reason, None] = {}
    for day in filter(None, map(log.day, dates)):
        found.update({t.reason: None for t in day.sessions.ticks().values() if t.reason})
    return tuple(found)


def pain_bands(
    log: PatientLog | None, planned: Planned, before: dt.date
) -> dict[str, PainBand] | None:
    """Each exercise's pain band (guidance 12.0 item 6): that of its worst session before
    ``before``. None without a log.

    A day's pain counts against the exercise it names or, naming none, every exercise of the
    components ticked that day (of those planned, if none was ticked). Step back: 6/10 or more,
    sharp, in a joint or at a fracture site, or still there on each of the next 3 mornings (above
    that day's own morning score), or growing over the block (:func:`growing`); hold: 4 or 5;
    expected otherwise. The next morning's score counts as the session's pain when it is above
    that day's own morning score, so a usual ache no worse than before the session stays
    expected.
    """
    if log is None:
        return None
    bands: dict[str, PainBand] = {
        slug: "expected"
        for date, day in planned.items()
        if date < before
        for slugs in day.values()
        for slug in slugs
    }
    for day in log.days:
        if day.date >= before:
            continue
        band = _band(log, day)
        for slug in _targets(day, planned.get(day.date, {})):
            bands[slug] = max(bands.get(slug, "expected"), band, key=BANDS.index)
    for slug in growing(log, planned, before):
        bands[slug] = "step_back"
    return bands


#: Sessions in a row, each with more pain than the one before, that make pain "growing".
GROWING_RUN = 3


def growing(log: PatientLog, planned: Planned, before: dt.date) -> set[str]:
    """The exercises whose pain grew from session to session over the block (guidance 12.0
    item 6): in :data:`GROWING_RUN` of its sessions in a row, each scored above the one before.
    An exercise's sessions are the days before ``before`` its component was ticked, or its pain
    logged; a session with no pain against it scores 0 and breaks the run."""
    scores: dict[str, list[int]] = {}
    for day in sorted(log.days, key=lambda d: d.date):
        if day.date >= before:
            continue
        components = planned.get(day.date, {})
        pained = _targets(day, components) if day.pain is not None else set()
        sessions = {s for c in day.done for s in components.get(c, ())} | pained
        for slug in sessions:
            score = day.pain.score if day.pain is not None and slug in pained else 0
            scores.setdefault(slug, []).append(score)
    return {
        slug
        for slug, run in scores.items()
        if any(
            0 < run[i] and all(run[j] < run[j + 1] for j in range(i, i + GROWING_RUN - 1))
            for i in range(len(run) - GROWING_RUN + 1)
        )
    }


def pain_sites(
    log: PatientLog | None, planned: Planned, before: dt.date
) -> dict[str, set[PainSite]]:
    """Where each exercise brought on pain before ``before`` (a joint, a fracture site...): the
    sites of the pains above 0 that count against it, as :func:`pain_bands` counts them."""
    found: dict[str, set[PainSite]] = {}
    for day in log.days if log is not None else ():
        if day.date < before and day.pain is not None and day.pain.score and day.pain.where:
            for slug in _targets(day, planned.get(day.date, {})):
                found.setdefault(slug, set()).add(day.pain.where)
    return found


def _morning(log: PatientLog, date: dt.date) -> int:
    day = log.day(date)
    return day.morning_pain if day is not None and day.morning_pain is not None else 0


def _band(log: PatientLog, day: LogDay) -> PainBand:
    """The band of one day's session pain, the next mornings included."""
    base = _morning(log, day.date)
    after = [_morning(log, day.date + dt.timedelta(days=n)) for n in (1, 2, 3)]
    score = max(day.pain.score if day.pain else 0, after[0] if after[0] > base else 0)
    lasting = score > 0 and all(m > base for m in after)
    where = day.pain.where if day.pain and day.pain.score else None
    if score >= 6 or lasting or (day.pain and day.pain.sharp) or where in _STEP_BACK_SITES:
        return "step_back"
    return "hold" if score >= 4 else "expected"


def _targets(day: LogDay, planned: Mapping[Component, Sequence[str]]) -> set[str]:
    """The exercises a day's pain counts against."""
    if day.pain is not None and day.pain.exercise is not None:
        return {day.pain.exercise}
    components = day.done or (list(planned) if day.pain is not None else [])
    return {slug for c in components for slug in planned.get(c, ())}


@dataclass(frozen=True)
class LoggedFall:
    """A fall the log records, with its date."""

    date: dt.date
    injurious: bool
    long_lie: bool
    blacked_out: bool
    during: str | None


def falls(log: PatientLog | None) -> list[LoggedFall]:
    """Every fall in the log, by date (none without a log)."""
    days = sorted((d for d in log.days if d.fall) if log else [], key=lambda d: d.date)
    return [LoggedFall(d.date, **d.fall.model_dump()) for d in days if d.fall]
