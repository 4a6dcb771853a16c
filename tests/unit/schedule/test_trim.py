"""A clinician's smaller daily budget: days shortened, what no longer fits reported."""

from __future__ import annotations

from planner import Rulebook
from planner.engine import decide
from planner.schedule.days import peak, place_days
from planner.schedule.layout import Layout
from planner.schedule.pool import Pool
from planner.schedule.requirements import meet_requirements
from planner.schedule.sessions import fill_sessions
from planner.schedule.trim import trim_to_budget
from tests.conftest import make_profile


def layout_for(rulebook: Rulebook) -> tuple[Layout, object]:
    profile = make_profile()
    decisions = decide(profile, rulebook)
    layout = Layout()
    pool = Pool.of(profile, decisions, rulebook)
    meet_requirements(layout, decisions, pool, rulebook)
    fill_sessions(layout, pool.exercises, profile)
    return layout, decisions


def test_a_budget_that_fits_changes_nothing(rulebook: Rulebook) -> None:
    layout, decisions = layout_for(rulebook)
    before = layout.copy()
    trim_to_budget(layout, 75, decisions, ("foundation", "build", "progress"))  # type: ignore[arg-type]
    assert layout.sets == before.sets and layout.unmet == before.unmet


def test_a_small_budget_trims_and_reports_every_requirement_it_breaks(rulebook: Rulebook) -> None:
    layout, decisions = layout_for(rulebook)
    trim_to_budget(layout, 10, decisions, ("foundation", "build", "progress"))  # type: ignore[arg-type]
    assert peak(layout, place_days(layout, 10)) <= 10
    reported = {(u.rule, u.label) for u in layout.unmet}
    assert ("R-GEN-2", "walking on 3 days, building toward 150 minutes a week") in reported
    assert all("daily time budget of 10 minutes" in u.reason for u in layout.unmet)
