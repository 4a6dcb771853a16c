"""The steps against the equipment: every item the printed words need is listed, as required,
as an alternative or as optional."""

from __future__ import annotations

from typing import Any

import pytest

from planner.rulebook.checks.entries import Finding
from planner.rulebook.checks.equipment import check_step_equipment, equipment_mentions
from tests.unit.rulebook.checks.library import entry


def needs(step: str, equipment: list[Any], **fields: Any) -> list[Finding]:
    """Findings for one step of an entry whose other words need nothing."""
    data = {"support": "Sit tall.", "safety_cue": "Stop if it hurts.", **fields}
    return check_step_equipment(
        entry(instructions=["Sit tall.", step], equipment=equipment, **data)
    )


CASES = [
    # step, listed before, what is found, listed after the correction
    (
        "Stand on a low, stable step with a rail or helper beside you.",
        ["low_step"],
        '"rail" or "helper"',
        "counter_or_sturdy_support, helper, pool, stairs_with_rail",
        ["low_step", "helper"],
    ),
    (
        "Sit tall and loop a band round your feet or a fixed point in front of you.",
        ["resistance_band", "firm_chair"],
        '"fixed point"',
        "band_anchor",
        ["resistance_band", "firm_chair", "band_anchor"],
    ),
    (
        "Join a class or follow a video suited to beginners.",
        [],
        '"class" or "video"',
        "class_or_video",
        ["class_or_video"],
    ),
    (
        "Use a firm chair raised with a cushion so your hips stay higher than your knees.",
        ["firm_chair"],
        '"cushion"',
        "firm_cushion",
        ["firm_chair_with_arms", "firm_cushion"],
    ),
    (
        "Sit in a chair or lie on your bed with your legs out in front.",
        [],
        '"chair" or "bed"',
        "firm_bed_or_mat, firm_chair, firm_chair_with_arms",
        [["firm_chair", "firm_bed_or_mat"]],
    ),
]


@pytest.mark.parametrize(("step", "before", "said", "names", "after"), CASES)
def test_an_item_the_lists_leave_out_is_found_and_the_corrected_list_passes(
    step: str, before: list[Any], said: str, names: str, after: list[Any]
) -> None:
    (found,) = needs(step, before)
    assert found.field == "exercises[0].instructions[1]"
    assert found.message.startswith(f"says {said} but the equipment lists none of: {names};")
    assert needs(step, after) == []


@pytest.mark.parametrize(
    "text",
    [
        "Sit upright in a firm chair (with an ankle cuff weight strapped on, once you have one).",
        "Follow a beginners' class or video; a cushion can be kept nearby.",
        "Use a firm chair (raise the seat with a firm cushion if you need to).",
        "Do it without the stick, one hand flat on your chest.",
        "Keep a pillow between your knees if you have had a hip replacement.",
    ],
)
def test_conditional_and_negated_mentions_need_nothing(text: str) -> None:
    assert needs(text, ["firm_chair", "class_or_video"]) == []


@pytest.mark.parametrize("listed", [["firm_chair"], ["firm_bed_or_mat"]])
def test_either_alternative_will_do(listed: list[str]) -> None:
    assert needs("Sit in a chair or lie on your bed.", listed) == []


def test_optional_equipment_counts_as_listed() -> None:
    step = "Hold a light weight in each hand."
    assert needs(step, [], optional_equipment=["household_weights"]) == []
    (found,) = needs(step, [])
    assert "household_weights" in found.message


def test_the_most_specific_words_claim_the_item() -> None:
    (found,) = needs("Sit in a chair with arms.", ["firm_chair"])
    assert found.message.startswith(
        'says "chair with arms" but the equipment lists none of: firm_chair_with_arms;'
    )
    assert needs("Sit in a chair with arms.", ["firm_chair_with_arms"]) == []


def test_a_step_as_a_movement_is_no_platform() -> None:
    assert needs("Step to the side, then take 10 steps.", ["firm_chair"]) == []
    (found,) = needs("Stand on a low step.", ["firm_chair"])
    assert 'says "on a low step"' in found.message and "low_step" in found.message


def test_the_support_and_the_cue_are_read_too() -> None:
    found = check_step_equipment(
        entry(
            equipment=["firm_chair"],
            support="Hold the back of a chair or the wall.",
            safety_cue="Keep a towel nearby.",
        )
    )
    assert [f.field for f in found] == ["exercises[0].safety_cue"]
    assert "rolled_towel" in found[0].message


def test_equipment_mentions_name_the_words_and_the_items_that_would_do() -> None:
    found = equipment_mentions(
        "Stand on a low step beside a chair with arms; hold a band. Do not use the stick."
    )
    assert [(m.said, sorted(m.names)) for m in found] == [
        ("on a low step", ["low_step"]),
        ("chair with arms", ["firm_chair_with_arms"]),
        ("band", ["resistance_band"]),
    ]
