"""The profile as the clinician's copy prints it: one finding a row, each fracture a sentence,
in clinical words and never a field name or a code."""

from __future__ import annotations

from typing import Any

import pytest

from planner import Rulebook, build_plan
from planner.plan import PlanFracture
from planner.render.findings import fracture_line, profile_rows
from tests.conftest import make_profile


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
        "Equipment": "household basics (the default)",
    }


def test_every_finding_in_words(rulebook: Rulebook) -> None:
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
        fall_risk="high",
        back_pain=4,
        kyphosis=True,
        red_flags=["wound_problem", "new_back_pain"],
        supervision_available=True,
        equipment=["firm_chair", "wall"],
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
        "Clinician's falls-risk grade": "high",
        "Back pain": "4/10",
        "Hyperkyphosis": "yes",
        "Red flags": "new back pain and a problem with the wound",
        "Supervision available": "yes",
        "Equipment": "a firm chair; a clear stretch of wall",
        "Note printed in the booklet": "Keep going",
    }


def test_equipment_is_named_by_its_labels_or_as_the_household_default(
    rulebook: Rulebook,
) -> None:
    household = list(reversed(rulebook.equipment.household))
    assert rows(rulebook, equipment=household)["Equipment"] == "household basics (the default)"
    assert rows(rulebook, equipment=[])["Equipment"] == "none"
    found = rows(rulebook, equipment=["resistance_band", "exercise_bike"])["Equipment"]
    labels = rulebook.equipment.labels
    assert found == f"{labels['resistance_band']}; {labels['exercise_bike']}"
    assert "_" not in found


def test_one_fall_and_a_score_without_a_category(rulebook: Rulebook) -> None:
    found = rows(rulebook, falls_12m=1, t_score=-1.2, back_pain=0)
    assert found["Falls in the last 12 months"] == "1"
    assert found["Bone density"] == "not known, T-score -1.2"
    assert found["Back pain"] == "0/10"


def fracture(**fields: Any) -> PlanFracture:
    data: dict[str, Any] = {
        "date": None,
        "cause": "unknown",
        "treatment": "conservative",
        "approach": None,
        "cleared": False,
        "in_cast": False,
        "count": 1,
    }
    return PlanFracture(**(data | fields))


@pytest.mark.parametrize(
    ("fields", "line"),
    [
        (
            {
                "site": "hip",
                "weeks_since": 3,
                "cause": "fall",
                "treatment": "arthroplasty",
                "approach": "posterior",
            },
            "Hip fracture 3 weeks ago: caused by a fall; joint replacement (posterior approach); "
            "not yet cleared",
        ),
        (
            {"site": "hip", "weeks_since": 5, "treatment": "arthroplasty", "approach": "unknown"},
            "Hip fracture 5 weeks ago: cause not known; joint replacement (approach not "
            "recorded); not yet cleared",
        ),
        (
            {
                "site": "vertebral",
                "weeks_since": 40,
                "cause": "lifting",
                "count": 3,
                "cleared": True,
            },
            "Vertebral fracture about 9 months ago: caused by lifting; treated without surgery; "
            "3 vertebrae; cleared",
        ),
        (
            {
                "site": "wrist",
                "weeks_since": 3,
                "cause": "fall",
                "treatment": "cast",
                "in_cast": True,
            },
            "Wrist fracture 3 weeks ago: caused by a fall; treated in a cast; in a cast or "
            "splint; not yet cleared",
        ),
        (
            {"site": "humerus", "weeks_since": 1.43, "in_cast": True},
            "Upper-arm fracture 10 days ago: cause not known; treated without surgery; in a "
            "sling; not yet cleared",
        ),
        (
            {"site": "pelvis", "weeks_since": 150, "cause": "spontaneous", "treatment": "fixation"},
            "Pelvic fracture about 3 years ago: no clear cause; fixed surgically; not yet cleared",
        ),
    ],
)
def test_a_fracture_as_a_clinician_would_write_it(fields: dict[str, Any], line: str) -> None:
    assert fracture_line(fracture(**fields)) == line


def test_a_single_vertebra_is_not_counted(rulebook: Rulebook) -> None:
    plan = build_plan(
        make_profile(fractures=[{"site": "vertebral", "weeks_since": 3, "cause": "lifting"}]),
        rulebook,
    )
    (line,) = [fracture_line(f) for f in plan.profile.fractures]
    assert line == (
        "Vertebral fracture 3 weeks ago: caused by lifting; treated without surgery; not yet cleared"
    )
