"""``pose_extremes`` reads the angles a pose draws, and the reviewed movements stay within
what their tags allow."""

from __future__ import annotations

from typing import Any

import pytest

from planner.pictures import ExercisePose, PoseExtremes, pose_extremes
from tests.unit.pictures.library import POSES


def extremes(start: dict[str, Any], end: dict[str, Any] | None = None) -> PoseExtremes:
    return pose_extremes(ExercisePose.model_validate({"start": start, "end": end or {}}))


def test_extremes_of_plain_standing() -> None:
    # the standing default: hips straight, arms hanging 4 degrees forward of the trunk
    assert extremes({}) == PoseExtremes(0.0, 0.0, 4.0)


def test_hip_flexion_is_measured_from_the_trunk() -> None:
    # leaning the trunk does not change the hip angle: 100 is past a right angle either way
    assert extremes({"place": "seated", "both": {"hip": 100}}).hip_flexion_max == 100
    assert extremes({"place": "seated", "trunk": 30, "both": {"hip": 100}}).hip_flexion_max == 100
    # a seated figure with nothing set sits a little higher than its knees
    assert extremes({"place": "seated"}).hip_flexion_max == 80


def test_hip_behind_the_trunk_is_extension() -> None:
    x = extremes({"near": {"hip": 25}, "far": {"hip": -15}})
    assert (x.hip_flexion_max, x.hip_extension_max) == (25, 15)
    # a whole body leaning forward in one line from the heels has no hip behind it
    assert extremes({"trunk": 20, "far": {"hip": 0}}).hip_extension_max == 0


def test_extremes_take_both_frames_and_both_sides() -> None:
    x = extremes(
        {"near": {"hip": 10, "shoulder": 30}, "far": {"hip": -5}},
        {"near": {"hip": -12}, "far": {"hip": 95, "shoulder": 160}},
    )
    assert x == PoseExtremes(95.0, 12.0, 160.0)
    # ``both`` and the place defaults count like the side's own values
    assert extremes({"place": "quadruped"}).hip_flexion_max == 90
    assert extremes({"place": "quadruped"}).shoulder_elevation_max == 90


def test_front_view_hip_angles_are_abduction_not_flexion() -> None:
    x = extremes({"view": "front", "near": {"hip": 30}, "far": {"hip": -20}})
    assert (x.hip_flexion_max, x.hip_extension_max) == (0, 0)
    # a seated front figure counts as sitting on the default seat
    x = extremes({"place": "seated", "view": "front", "both": {"hip": 120}})
    assert (x.hip_flexion_max, x.hip_extension_max) == (80, 0)


def test_shoulder_elevation_in_side_and_front_views() -> None:
    assert extremes({"both": {"shoulder": 170}}).shoulder_elevation_max == 170
    assert extremes({"view": "front", "both": {"shoulder": 130}}).shoulder_elevation_max == 130
    # an arm taken back counts by its angle; one past the overhead line folds back below 180
    assert extremes({"both": {"shoulder": -35}}).shoulder_elevation_max == 35
    assert extremes({"place": "prone", "both": {"shoulder": 194}}).shoulder_elevation_max == 166
    assert extremes({"near": {"hip": 370, "shoulder": -330}}) == PoseExtremes(10.0, 0.0, 30.0)


def test_a_hand_close_up_has_no_extremes() -> None:
    assert extremes({"place": "hand"}, {"place": "hand", "grip": 1}) == PoseExtremes(0, 0, 0)


@pytest.mark.parametrize("slug", sorted(POSES))
def test_every_pose_has_finite_extremes(slug: str) -> None:
    x = pose_extremes(POSES[slug])
    for value in (x.hip_flexion_max, x.hip_extension_max, x.shoulder_elevation_max):
        assert 0 <= value <= 180


# --- corrected movements (physiotherapist's review of the library) -------------------------


def test_raised_seat_sit_to_stand_keeps_the_hip_below_a_right_angle() -> None:
    pose = POSES["sit_to_stand_raised_seat"]
    assert {"armchair", "cushion"} <= {p.kind for p in pose.props}
    assert pose_extremes(pose).hip_flexion_max <= 85
    start = pose.start
    thigh = (start.angle("near", "hip") or 0) - (start.trunk or 0)  # from straight down
    assert thigh <= 75, "the seat is clearly higher than the knees"
    assert (start.angle("near", "shoulder") or 0) < 0, "hands pushing on the chair arms"
    assert (start.angle("near", "knee") or 0) < (start.angle("far", "knee") or 0), "leg forward"


def test_calf_stretch_back_hip_is_not_behind_the_trunk() -> None:
    assert pose_extremes(POSES["calf_stretch"]).hip_extension_max == 0
