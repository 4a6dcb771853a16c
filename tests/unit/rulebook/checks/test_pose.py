"""The picture against the tags: a hip flexed past 90 degrees, a hip behind the trunk beyond an
ordinary stride, or an arm raised to 150 degrees needs the tag the rules leave entries out by."""

from __future__ import annotations

from typing import Any

import pytest

from planner.rulebook.checks.entries import Finding
from planner.rulebook.checks.pose import (
    check_pose_tags,
    hip_angles,
    ordinary_stride,
    shoulder_angles,
)
from tests.unit.rulebook.checks.library import entry, picture


def check(pose: dict[str, Any], **tags: Any) -> list[Finding]:
    return check_pose_tags(entry(tags), picture(pose))


def fields(findings: list[Finding]) -> list[str]:
    return [f.field for f in findings]


def standing_end(near: dict[str, float], far: dict[str, float]) -> dict[str, Any]:
    return {"start": {}, "end": {"near": near, "far": far}}


# --- angles as drawn -------------------------------------------------------------------------


def test_hip_angles_are_each_side_view_figures_hips_and_where_they_are_written() -> None:
    pose = picture(
        {"start": {"place": "seated"}, "end": {"both": {"hip": 30}, "near": {"hip": 350}}}
    ).pose
    assert [(a.frame, a.side, a.degrees, a.keys) for a in hip_angles(pose)] == [
        ("start", "near", 80.0, ("start",)),  # the seated default, written nowhere
        ("start", "far", 80.0, ("start",)),
        ("end", "near", -10.0, ("end", "near", "hip")),  # folded: 350 is 10 behind
        ("end", "far", 30.0, ("end", "both", "hip")),
    ]


def test_front_views_and_hand_close_ups_draw_no_hip() -> None:
    pose = picture({"start": {"view": "front"}, "end": {"place": "hand"}}).pose
    assert hip_angles(pose) == []
    assert shoulder_angles(pose)[0].degrees == 4.0  # a front view still draws the arms


def test_shoulder_angles_are_elevation_from_0_to_180() -> None:
    pose = picture({"start": {"near": {"shoulder": -60}}, "end": {"both": {"shoulder": 194}}}).pose
    assert [a.degrees for a in shoulder_angles(pose)] == [60.0, 4.0, 166.0, 166.0]


def test_the_back_leg_of_a_stride_is_one_behind_while_the_other_is_forward() -> None:
    pose = picture(standing_end({"hip": 7}, {"hip": -20})).pose
    back = next(a for a in hip_angles(pose) if a.degrees < 0)
    assert ordinary_stride(pose, back)
    alone = picture(standing_end({"hip": 0}, {"hip": -10})).pose
    assert not ordinary_stride(alone, next(a for a in hip_angles(alone) if a.degrees < 0))
    lying = picture(
        {
            "start": {"place": "prone"},
            "end": {"place": "prone", "near": {"hip": 10}, "far": {"hip": -10}},
        }
    ).pose
    assert not ordinary_stride(lying, next(a for a in hip_angles(lying) if a.degrees < 0))


# --- hip flexion -----------------------------------------------------------------------------


def test_a_hip_flexed_past_90_needs_hip_flex_gt90() -> None:
    pose = {"start": {"place": "seated"}, "end": {"place": "seated", "near": {"hip": 95}}}
    (found,) = check(pose)
    assert found.field == "exercises[0].tags.hip_flex_gt90"
    assert found.message.startswith(
        "the picture bends the hip to 95 degrees (poses.yaml:8, end, near side) but "
        "hip_flex_gt90 is false"
    )
    assert check(pose, hip_flex_gt90=True) == []


def test_a_hip_at_exactly_90_needs_no_tag() -> None:
    assert (
        check({"start": {"place": "seated"}, "end": {"place": "seated", "both": {"hip": 90}}}) == []
    )


# --- hip behind the trunk --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("near", "far"),
    [
        ({"hip": 7}, {"hip": -20}),  # gait's range
        ({"hip": 20}, {"hip": -5}),
    ],
)
def test_the_back_leg_of_an_ordinary_stride_needs_no_hip_ext_er(
    near: dict[str, float], far: dict[str, float]
) -> None:
    assert check(standing_end(near, far)) == []


@pytest.mark.parametrize(
    ("pose", "degrees"),
    [
        (standing_end({"hip": 7}, {"hip": -21}), 21),  # a stride past gait range
        (standing_end({"hip": 7}, {"hip": -25}), 25),
        (standing_end({"hip": 0}, {"hip": -10}), 10),  # a leg taken back alone
        (
            {
                "start": {"place": "prone"},
                "end": {"place": "prone", "near": {"hip": 10}, "far": {"hip": -10}},
            },
            10,
        ),  # lying down is no stride
    ],
)
def test_a_hip_behind_the_trunk_beyond_a_stride_needs_hip_ext_er(
    pose: dict[str, Any], degrees: int
) -> None:
    drawn = picture(pose)
    (found,) = check_pose_tags(entry(), drawn)
    assert found.field == "exercises[0].tags.hip_ext_er"
    assert f"takes the hip {degrees} degrees behind the trunk" in found.message
    assert f"({drawn.where(('end', 'far', 'hip'))}, end, far side)" in found.message
    assert check(pose, hip_ext_er=True) == []


def test_a_hip_behind_in_a_front_view_is_not_measured() -> None:
    assert check({"start": {}, "end": {"view": "front", "near": {"hip": -40}}}) == []


# --- arm elevation ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pose",
    [
        {"start": {}, "end": {"near": {"shoulder": 150}}},
        {"start": {"view": "front", "both": {"shoulder": 170}}, "end": {}},  # out to the side
        {"start": {}, "end": {"both": {"shoulder": -200}}},  # folds to 160
    ],
)
def test_an_arm_raised_to_150_needs_shoulder_load_or_overhead_load(pose: dict[str, Any]) -> None:
    assert fields(check(pose)) == ["exercises[0].tags.shoulder_load"]
    assert check(pose, shoulder_load=True) == []
    assert check(pose, overhead_load=True) == []


def test_an_arm_below_150_or_in_a_hand_close_up_needs_no_tag() -> None:
    assert check({"start": {}, "end": {"near": {"shoulder": 149}}}) == []
    assert (
        check({"start": {"place": "hand"}, "end": {"place": "hand", "near": {"shoulder": 170}}})
        == []
    )


def test_each_tag_the_picture_needs_is_a_finding_of_its_own() -> None:
    pose = {
        "start": {"place": "seated", "near": {"hip": 100}},
        "end": {"near": {"hip": 0, "shoulder": 160}, "far": {"hip": -15}},
    }
    assert sorted(fields(check(pose))) == [
        "exercises[0].tags.hip_ext_er",
        "exercises[0].tags.hip_flex_gt90",
        "exercises[0].tags.shoulder_load",
    ]
