"""The pipeline, profile -> plan: check the equipment, decide, schedule, assemble."""

from __future__ import annotations

from planner.assemble import assemble
from planner.engine import decide
from planner.plan import Plan
from planner.profile.model import Profile
from planner.rulebook import Rulebook, load_rulebook
from planner.schedule.pool import check_equipment
from planner.schedule.scheduler import schedule
from planner.schedule.weeks import DEFAULT_WEEKS


def build_plan(
    profile: Profile, rulebook: Rulebook | None = None, *, weeks: int = DEFAULT_WEEKS
) -> Plan:
    """The weekly plan for one profile: decisions from the rules, then the schedule."""
    book = rulebook if rulebook is not None else load_rulebook()
    check_equipment(profile, book)
    decisions = decide(profile, book)
    return assemble(profile, decisions, book, schedule(profile, decisions, book, weeks=weeks))
