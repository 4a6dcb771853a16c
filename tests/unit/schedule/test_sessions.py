"""Filling sessions: topped up to a size for the patient's ability, one variant a movement."""

from __future__ import annotations

from planner import Rulebook
from planner.engine import decide
from planner.schedule.layout import Layout
from planner.schedule.pool import Pool
from planner.schedule.requirements import meet_requirements
from planner.schedule.sessions import SESSION_SIZE, fill_sessions, variants
from tests.conftest import make_profile


def _filled(rulebook: Rulebook, ability: str) -> Layout:
    profile = make_profile(ability=ability, age=80, falls_12m=2)
    decisions = decide(profile, rulebook)
    pool = Pool.of(profile, decisions, rulebook)
    layout = Layout()
    meet_requirements(layout, decisions, pool, rulebook)
    fill_sessions(layout, pool.exercises, profile)
    return layout


def test_sessions_are_filled_up_to_the_size_for_the_ability(rulebook: Rulebook) -> None:
    for ability in ("frail", "fit"):
        layout = _filled(rulebook, ability)
        for component, members in layout.sets.items():
            assert len(members) <= max(SESSION_SIZE[component][ability], 1)
        assert any(
            len(members) == SESSION_SIZE[component][ability] > 1
            for component, members in layout.sets.items()
        )


def test_a_session_holds_one_variant_of_each_movement(rulebook: Rulebook) -> None:
    for members in _filled(rulebook, "fit").sets.values():
        for i, a in enumerate(members):
            assert not any(variants(a, b) for b in members[i + 1 :])


def test_variants_are_the_library_progressions_and_regressions(rulebook: Rulebook) -> None:
    ex = next(e for e in rulebook.exercises.values() if e.progression)
    harder = rulebook.exercises[ex.progression[0]]
    assert variants(ex, harder) and variants(harder, ex)
