"""The rule and exercise data themselves, where the loader cannot judge them: the rule set and
library are complete, every exclusion reads and selects something, no entry links to itself.

Citations, references, pictures, equipment labels and handout text are checked by the loader
itself (tests/unit/rulebook/test_load.py)."""

from __future__ import annotations

import pytest

from planner import Rulebook
from planner.rulebook.effects import Exclude

SECTION_10_RULES = {
    "R-GEN-1",
    "R-GEN-2",
    "R-GEN-3",
    "R-GEN-4",
    "R-GEN-5",
    "R-GEN-6",
    "R-OP-1",
    "R-IMP-1",
    "R-IMP-2",
    "R-IMP-3",
    "R-IMP-4",
    "R-RES-1",
    "R-RES-2",
    "R-VF-1",
    "R-VF-2",
    "R-VF-3",
    "R-HIP-1",
    "R-HIP-2",
    "R-HIP-3",
    "R-HIP-4",
    "R-HIP-5",
    "R-HIP-6",
    "R-WR-1",
    "R-WR-2",
    "R-WR-3",
    "R-HUM-1",
    "R-HUM-2",
    "R-PEL-1",
    "R-FX-1",
    "R-FX-2",
    "R-FALL-1",
    "R-FALL-2",
    "R-FALL-3",
    "R-FALL-4",
    "R-FLOOR-1",
    "R-FRAIL-1",
    "R-SYNC-1",
    "R-RED-0",
    "R-RED-1",
}
DO_NOT_PRESCRIBE = {"sit_up_crunch", "standing_toe_touch", "loaded_trunk_twist", "knees_to_chest"}


def test_the_default_rule_set_is_complete(rulebook: Rulebook) -> None:
    assert {r.id for r in rulebook.rules} == SECTION_10_RULES


def test_the_library_holds_all_78_entries(rulebook: Rulebook) -> None:
    assert len(rulebook.exercises) == 78
    dnp = {slug for slug, ex in rulebook.exercises.items() if ex.do_not_prescribe}
    assert dnp == DO_NOT_PRESCRIBE


def test_every_exclusion_has_a_reason_a_patient_or_clinician_can_read(rulebook: Rulebook) -> None:
    for rule in rulebook.rules:
        for effect in rule.then:
            if isinstance(effect, Exclude):
                assert effect.reason or effect.exclude.text(), rule.id


def test_every_exclusion_selects_at_least_one_exercise(rulebook: Rulebook) -> None:
    for rule in rulebook.rules:
        for effect in rule.then:
            if isinstance(effect, Exclude):
                hits = [ex for ex in rulebook.exercises.values() if effect.exclude.matches(ex)]
                if effect.exclude.tag and set(effect.exclude.tag) <= {
                    "hip_add_past_midline",
                    "hip_ir",
                }:
                    continue  # the library deliberately has no such entries (exercises.md)
                assert hits, f"{rule.id}: {effect.exclude.text()} selects nothing"


def test_no_exercise_progresses_or_regresses_to_itself(rulebook: Rulebook) -> None:
    for ex in rulebook.exercises.values():
        assert ex.slug not in ex.progression + ex.regression, ex.slug


@pytest.mark.parametrize("code", ["W_STOP_SYMPTOMS", "W_PAIN_GUIDE", "W_MEDICAL_REVIEW_FIRST"])
def test_stop_warnings_are_marked_for_the_stop_section(rulebook: Rulebook, code: str) -> None:
    assert rulebook.warnings[code].kind == "stop"
