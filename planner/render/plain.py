"""Text written for the rule engine made readable for a clinician: names become words."""

from __future__ import annotations

import re

from planner.rulebook import Rulebook
from planner.vocabulary import BOOL_TAGS

LEVEL_WORDS = {
    "impact": "impact",
    "aerobic_intensity": "aerobic effort",
    "balance_challenge": "balance challenge",
}
TAG_WORDS = {
    "spinal_flexion": "bending the spine forward",
    "spinal_rotation": "twisting the spine",
    "end_range_flexion": "bending to the end of range",
    "wrist_wb": "weight through the wrist",
    "upper_limb_wb": "weight through the arms",
    "hand_load": "a load held in the hands",
    "shoulder_load": "a load on the shoulder",
    "overhead_load": "a load overhead",
    "hip_flex_gt90": "hip bending past a right angle",
    "hip_add_past_midline": "the leg crossing the midline",
    "hip_ir": "turning the hip inwards",
    "hip_ext_er": "hip extension with the foot turned out",
    "resisted_hip_abduction": "resisted hip abduction",
    "heavy_lift": "heavy lifting",
    "floor_transfer": "getting down to the floor",
}
OTHER_WORDS = {
    "standing_support": "standing with support",
    "standing_free": "standing without support",
    "sidelying": "side-lying",
    "lower_limb": "legs",
    "upper_limb": "arms",
    "upper_back": "upper back",
    "whole_body": "whole body",
    "do_not_prescribe": "do-not-prescribe",
}
_SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_KEY_VALUE = re.compile(r"\b([a-z][a-z_]*)=([^\s,;)]+)")


class Plain:
    """Makes text written for the rule engine readable for a clinician: exercise slugs become
    exercise names, tag and vocabulary names become words, ``key=value`` pairs lose their
    punctuation. The last resort for any name left is to print it with spaces."""

    def __init__(self, book: Rulebook) -> None:
        words = {slug: ex.name for slug, ex in book.exercises.items()}
        words |= dict(book.equipment.labels)
        words |= TAG_WORDS | OTHER_WORDS
        words |= {tag: LEVEL_WORDS.get(tag, tag) for tag in LEVEL_WORDS}
        words |= {tag: tag.replace("_", " ") for tag in BOOL_TAGS if tag not in words}
        self.words = words

    def __call__(self, text: str) -> str:
        text = _KEY_VALUE.sub(lambda m: f"{m.group(1)} {m.group(2).replace('/', ' or ')}", text)
        return _SNAKE.sub(lambda m: self.words.get(m.group(0), m.group(0).replace("_", " ")), text)
