"""The pipeline, profile -> plan: check the equipment, decide, tailor, schedule, assemble."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from planner.assemble import assemble
from planner.engine import ActiveRequirement, Decisions, decide
from planner.plan import Plan
from planner.profile.adjust import Adjustments
from planner.profile.model import Profile
from planner.rulebook import Rulebook, load_rulebook
from planner.rulebook.effects import PhaseMinutes
from planner.schedule.pool import Pool, check_equipment
from planner.schedule.scheduler import schedule
from planner.schedule.tailoring import NO_TAILORING, Continuation, Tailoring
from planner.schedule.weeks import DEFAULT_WEEKS
from planner.tailor.guard import guard
from planner.tailor.names import check_names, with_preset
from planner.tailor.record import applied, check_budget, check_holds, settle_unmet


def build_plan(
    profile: Profile,
    rulebook: Rulebook | None = None,
    *,
    weeks: int = DEFAULT_WEEKS,
    presets: Mapping[str, Adjustments] | None = None,
    continuation: Continuation | None = None,
) -> Plan:
    """The weekly plan for one profile: decisions from the rules, the physiotherapist's
    adjustments checked against them, then the schedule.

    ``presets`` are a clinic's named adjustments, for a profile that names one;
    ``continuation`` is a review's next block (:mod:`planner.review`). Adjustments the rules
    forbid raise :class:`~planner.errors.AdjustmentRefused`.
    """
    book = rulebook if rulebook is not None else load_rulebook()
    check_equipment(profile, book)
    profile = with_preset(profile, presets)
    check_names(profile, book)
    decisions = decide(profile, book)
    start = NO_TAILORING
    if continuation is not None:
        if continuation.ramp_top:
            decisions = ramp_at_top(decisions)
        pool = {ex.slug for ex in Pool.of(profile, decisions, book).exercises}
        start = continuation.onto(NO_TAILORING, pool)
    base = schedule(profile, decisions, book, weeks=weeks, tailoring=start)
    programme = continuation.programme if continuation is not None else None
    if profile.adjust.empty:
        return assemble(profile, decisions, book, base, programme=programme)
    guard(profile, decisions, book, base)
    tailoring = Tailoring.of(profile.adjust)
    if continuation is not None:
        tailoring = continuation.onto(tailoring, pool)
    adjusted = schedule(profile, decisions, book, weeks=weeks, tailoring=tailoring)
    check_holds(profile, adjusted)
    check_budget(profile, adjusted)
    unmet = settle_unmet(profile, base, adjusted)
    return assemble(
        profile,
        decisions,
        book,
        adjusted,
        unmet=unmet,
        adjustments=applied(profile, book, base, adjusted),
        programme=programme,
    )


def ramp_at_top(decisions: Decisions) -> Decisions:
    """The decisions with every minutes requirement at its last phase's value in every phase:
    a balance-minute ramp past its eighth week (guidance 12.0 item 1)."""

    def top(req: ActiveRequirement) -> ActiveRequirement:
        minutes = req.requirement.minutes
        if minutes is None:
            return req
        level = minutes.progress
        flat = PhaseMinutes(foundation=level, build=level, progress=level)
        return ActiveRequirement(req.rule, req.requirement.model_copy(update={"minutes": flat}))

    return replace(decisions, requirements=[top(r) for r in decisions.requirements])
