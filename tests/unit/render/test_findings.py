"""The profile as the clinician's copy prints it: one finding a row, each fracture a sentence,
in clinical words and never a field name or a code."""

from __future__ import annotations

from typing import Any

from planner import Rulebook, build_plan
from planner.render.findings import profile_rows
from tests.conftest import having_only, make_profile


def rows(rulebook: Rulebook, **fields: Any) -> dict[str, str]:
    found = profile_rows(build_plan(make_profile(**fields), rulebook), rulebook)
    assert len(found) == len(dict(found)), "each finding once"
    return dict(found)


def test_a_plain_profile_reads_as_nothing_reported(rulebook: Rulebook) -> None:
    assert rows(rulebook) == {
        "Age and sex": "70, sex not given",
        "Ability": "independent mobility",
        "Bone density": "not known",
        "Earlier fractures not listed": "0",
        "Falls in the last 12 months": "none",
        "Falls screening": "nothing reported",
        "Timed Up and Go": "not measured",
        "Clinician's falls-risk grade": "not given",
        "Back pain": "not given",
        "Hyperkyphosis": "no",
        "Red flags": "none",
        "Supervision available": "no",
        "Equipment": "household basics",
    }


def test_every_finding_in_words(rulebook: Rulebook) -> None:
    labels = rulebook.equipment.labels
    found = rows(
        rulebook,
        age=81,
        sex="female",
        ability="limited",
        bone_status="osteoporosis",
        t_score=-2.7,
        prior_fractures=2,
        falls_12m=2,
        injurious_fall_12m=True,
        long_lie_12m=True,
        unsteady=True,
        fear_of_falling=True,
        syncope_suspected=True,
        tug_s=13.5,
        chair_stands=9,
        balance_stage=2,
        one_leg_s=3,
        fall_risk="high",
        back_pain=4,
        kyphosis=True,
        red_flags=["wound_problem", "new_back_pain"],
        supervision_available=True,
        **having_only("firm_chair", "wall"),
        note="Keep going",
    )
    assert found == {
        "Age and sex": "81, female",
        "Ability": "limited mobility",
        "Bone density": "osteoporosis, T-score -2.7",
        "Earlier fractures not listed": "2",
        "Falls in the last 12 months": (
            "2, with an injurious fall and a long lie (on the floor for an hour or more)"
        ),
        "Falls screening": "feels unsteady; worried about falling; suspected syncope",
        "Timed Up and Go": "13.5 s",
        "Chair stand and balance tests": (
            "30-second chair stand: 9 stands; 4-stage balance test: stage 2 held 10 s; "
            "single-leg stance: 3 s"
        ),
        "Clinician's falls-risk grade": "high",
        "Back pain": "4/10",
        "Hyperkyphosis": "yes",
        "Red flags": "new back pain and a problem with the wound",
        "Supervision available": "yes",
        "Equipment": "household basics except "
        + "; ".join(
            labels[e] for e in rulebook.equipment.household if e not in ("firm_chair", "wall")
        ),
        "Note printed in the booklet": "Keep going",
    }


def test_equipment_says_the_household_basics_what_is_lacking_and_what_is_added(
    rulebook: Rulebook,
) -> None:
    labels = rulebook.equipment.labels
    assert rows(rulebook)["Equipment"] == "household basics"
    found = rows(rulebook, equipment=["resistance_band"], lacks=["pillow", "table"])["Equipment"]
    assert found == (
        f"household basics except {labels['pillow']}; {labels['table']}; "
        f"and {labels['resistance_band']}"
    )
    assert "_" not in found


def test_the_re_tests_are_findings_and_the_grade_row_is_the_clinicians_own(
    rulebook: Rulebook,
) -> None:
    # R-REV-16: a re-test past its cut-off raises the plan's grade, with the re-test as its
    # reason; the clinician's grade stays what the clinician gave.
    plan = build_plan(make_profile(fall_risk="low", one_leg_s=3, balance_stage=0), rulebook)
    found = dict(profile_rows(plan, rulebook))
    assert found["Clinician's falls-risk grade"] == "low"
    assert found["Chair stand and balance tests"] == (
        "4-stage balance test: no stage held 10 s; single-leg stance: 3 s"
    )
    assert plan.fall_risk == "intermediate"
    assert plan.explanation.fall_risk_reasons == [
        "4-stage balance test: cannot hold the tandem stance for 10 s",
        "single-leg stance 3 s (under 5 s)",
    ]
