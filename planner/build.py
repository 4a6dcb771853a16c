"""The pipeline, profile -> plan: check the equipment, decide, tailor, schedule, assemble."""

from __future__ import annotations

from collections.abc import Mapping

from planner.assemble import assemble
from planner.engine import decide
from planner.plan import Plan
from planner.profile.adjust import Adjustments
from planner.profile.model import Profile
from planner.rulebook import Rulebook, load_rulebook
from planner.schedule.pool import check_equipment
from planner.schedule.scheduler import schedule
from planner.schedule.tailoring import Tailoring
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
) -> Plan:
    """The weekly plan for one profile: decisions from the rules, the physiotherapist's
    adjustments checked against them, then the schedule.

    ``presets`` are a clinic's named adjustments, for a profile that names one. Adjustments
    the rules forbid raise :class:`~planner.errors.AdjustmentRefused`.
    """
    book = rulebook if rulebook is not None else load_rulebook()
    check_equipment(profile, book)
    profile = with_preset(profile, presets)
    check_names(profile, book)
    decisions = decide(profile, book)
    base = schedule(profile, decisions, book, weeks=weeks)
    if profile.adjust.empty:
        return assemble(profile, decisions, book, base)
    guard(profile, decisions, book, base)
    adjusted = schedule(
        profile, decisions, book, weeks=weeks, tailoring=Tailoring.of(profile.adjust)
    )
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
    )
