"""The closed vocabularies shared by profiles, the exercise library, rules and plans.

Names follow the exercise library's tag definitions (exercises.md) and the profile contract
(DESIGN.md, version 1). Ordered levels are listed lowest first, so their index is their rank.
"""

from __future__ import annotations

from typing import Literal, get_args

Component = Literal["impact", "aerobic", "resistance", "posture", "balance", "mobility"]
Position = Literal[
    "seated",
    "standing_support",
    "standing_free",
    "walking",
    "supine",
    "prone",
    "sidelying",
    "quadruped",
]
Region = Literal[
    "lower_limb",
    "hip",
    "spine",
    "trunk",
    "whole_body",
    "upper_limb",
    "upper_back",
    "shoulder",
    "chest",
    "neck",
    "wrist",
    "forearm",
    "hand",
]
Ability = Literal["frail", "limited", "independent", "fit"]
FallRisk = Literal["low", "intermediate", "high"]
Sex = Literal["female", "male", "other"]
BoneStatus = Literal["normal", "osteopenia", "osteoporosis", "unknown"]
Site = Literal["vertebral", "hip", "pelvis", "wrist", "humerus", "other"]
Cause = Literal["fall", "lifting", "spontaneous", "other", "unknown"]
Treatment = Literal["conservative", "cast", "fixation", "arthroplasty", "augmentation"]
Approach = Literal["posterior", "anterior", "lateral", "unknown"]
RedFlag = Literal[
    "new_back_pain",
    "chest_symptoms",
    "suspected_clot",
    "cast_problem",
    "wound_problem",
    "leg_neuro_symptoms",
    "other",
]
Phase = Literal["foundation", "build", "progress"]
PHASES: tuple[Phase, ...] = get_args(Phase)

BoolTag = Literal[
    "spinal_flexion",
    "spinal_rotation",
    "end_range_flexion",
    "wrist_wb",
    "upper_limb_wb",
    "hand_load",
    "shoulder_load",
    "overhead_load",
    "hip_flex_gt90",
    "hip_add_past_midline",
    "hip_ir",
    "hip_ext_er",
    "resisted_hip_abduction",
    "heavy_lift",
    "floor_transfer",
]
LevelTag = Literal["impact", "aerobic_intensity", "balance_challenge"]
ImpactLevel = Literal["none", "low", "moderate", "high"]
AerobicLevel = Literal["none", "light", "moderate", "vigorous"]

COMPONENTS: tuple[Component, ...] = get_args(Component)
POSITIONS: tuple[Position, ...] = get_args(Position)
ABILITIES: tuple[Ability, ...] = get_args(Ability)
FALL_RISKS: tuple[FallRisk, ...] = get_args(FallRisk)
BOOL_TAGS: tuple[BoolTag, ...] = get_args(BoolTag)
LEVEL_TAGS: dict[LevelTag, tuple[str, ...]] = {
    "impact": get_args(ImpactLevel),
    "aerobic_intensity": get_args(AerobicLevel),
    "balance_challenge": get_args(ImpactLevel),
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

#: Plain words for the handout and the terminal.
COMPONENT_LABELS: dict[Component, str] = {
    "impact": "Impact",
    "aerobic": "Walking and aerobic",
    "resistance": "Strength",
    "posture": "Posture and back",
    "balance": "Balance",
    "mobility": "Mobility",
}


def level_rank(tag: LevelTag, level: str) -> int:
    """The rank of ``level`` on ``tag``'s scale (0 = none)."""
    return LEVEL_TAGS[tag].index(level)
