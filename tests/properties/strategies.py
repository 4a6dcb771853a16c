"""Hypothesis strategies for valid profiles, and an enumerated grid over the clinical space."""

from __future__ import annotations

import itertools
import os
from typing import Any, get_args

from hypothesis import strategies as st

from planner import vocabulary
from planner.profile.model import Profile
from planner.rulebook.load import load_rulebook
from tests.conftest import ASSESSED

#: Raise locally, e.g. OSTEOPLAN_EXAMPLES=5000 pytest tests/properties
EXAMPLES = int(os.environ.get("OSTEOPLAN_EXAMPLES", "100"))

SITES = list(get_args(vocabulary.Site))
# Window edges of the rules (6, 12 and 52 weeks) and either side of them.
WEEKS = st.one_of(
    st.sampled_from([0, 1, 3, 5.9, 6, 6.1, 8, 11.9, 12, 12.1, 20, 51.9, 52, 52.1, 100]),
    st.floats(min_value=0, max_value=400, allow_nan=False),
)
_BOOK_EQUIPMENT = load_rulebook().equipment
RED_FLAGS = list(get_args(vocabulary.RedFlag))


@st.composite
def fractures(draw: st.DrawFn) -> dict[str, Any]:
    site = draw(st.sampled_from(SITES))
    treatment = draw(st.sampled_from(get_args(vocabulary.Treatment)))
    fx: dict[str, Any] = {
        "site": site,
        "weeks_since": draw(WEEKS),
        "cause": draw(st.sampled_from(get_args(vocabulary.Cause))),
        "treatment": treatment,
        "cleared": draw(st.booleans()),
        "in_cast": draw(st.booleans()),
    }
    if treatment == "arthroplasty":
        approach = draw(st.sampled_from([*get_args(vocabulary.Approach), None]))
        if approach:
            fx["approach"] = approach
    if site == "vertebral":
        fx["count"] = draw(st.integers(1, 4))
    return fx


@st.composite
def profiles(draw: st.DrawFn) -> Profile:
    data: dict[str, Any] = {
        "age": draw(st.integers(18, 120)),
        "ability": draw(st.sampled_from(vocabulary.ABILITIES)),
        "assessed_on": ASSESSED,
        "bone_status": draw(st.sampled_from(get_args(vocabulary.BoneStatus))),
        "fractures": draw(st.lists(fractures(), max_size=3)),
        "prior_fractures": draw(st.integers(0, 3)),
        "falls_12m": draw(st.integers(0, 4)),
        "injurious_fall_12m": draw(st.booleans()),
        "long_lie_12m": draw(st.booleans()),
        "syncope_suspected": draw(st.booleans()),
        "unsteady": draw(st.booleans()),
        "fear_of_falling": draw(st.booleans()),
        "kyphosis": draw(st.booleans()),
        "supervision_available": draw(st.booleans()),
        "red_flags": draw(st.lists(st.sampled_from(RED_FLAGS), max_size=2, unique=True))
        if draw(st.integers(0, 5)) == 0
        else [],
    }
    for key, strategy in {
        "t_score": st.floats(-4.5, 1, allow_nan=False),
        "tug_s": st.floats(5, 40, allow_nan=False),
        "back_pain": st.integers(0, 10),
        "fall_risk": st.sampled_from(vocabulary.FALL_RISKS),
        "equipment": st.lists(st.sampled_from(_BOOK_EQUIPMENT.on_request), unique=True),
        "lacks": st.lists(st.sampled_from(_BOOK_EQUIPMENT.household), unique=True),
    }.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    return Profile.model_validate(data)


def enumerated_profiles() -> list[Profile]:
    """Every site x window x treatment x ability, with and without falls and clearance."""
    out = []
    treatments = {
        "vertebral": [("conservative", None), ("augmentation", None)],
        "hip": [
            ("fixation", None),
            ("arthroplasty", "posterior"),
            ("arthroplasty", "anterior"),
            ("arthroplasty", "lateral"),
            ("arthroplasty", None),
        ],
        "pelvis": [("conservative", None)],
        "wrist": [("cast", None), ("fixation", None)],
        "humerus": [("conservative", None), ("fixation", None)],
        "other": [("conservative", None)],
    }
    abilities = list(vocabulary.ABILITIES)
    for site, options in treatments.items():
        for (treatment, approach), weeks, ability, cleared, fell in itertools.product(
            options, [3, 6, 9, 12, 60], abilities, [False, True], [False, True]
        ):
            fx: dict[str, Any] = {
                "site": site,
                "weeks_since": weeks,
                "treatment": treatment,
                "cleared": cleared,
                "cause": "fall" if fell else "other",
                "in_cast": treatment == "cast" and weeks < 6,
            }
            if approach:
                fx["approach"] = approach
            out.append(
                Profile.model_validate(
                    {
                        "age": 72,
                        "ability": ability,
                        "assessed_on": ASSESSED,
                        "bone_status": "osteoporosis",
                        "fractures": [fx],
                        "falls_12m": 1 if fell else 0,
                    }
                )
            )
    for ability in abilities:
        for bone in ["osteopenia", "osteoporosis"]:
            out.append(
                Profile.model_validate(
                    {"age": 60, "ability": ability, "assessed_on": ASSESSED, "bone_status": bone}
                )
            )
    return out
