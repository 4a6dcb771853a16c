"""The largest hip and shoulder angles a pose draws, for checking it against its exercise's tags."""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.pictures.pose import PLACE_DEFAULTS, ExercisePose


@dataclass(frozen=True)
class PoseExtremes:
    """The largest joint angles a pose draws, in degrees (see :func:`pose_extremes`)."""

    hip_flexion_max: float
    hip_extension_max: float
    shoulder_elevation_max: float


def _signed(deg: float) -> float:
    """An angle folded into (-180, 180]."""
    folded = math.fmod(deg, 360.0)
    folded += 360.0 if folded <= -180 else -360.0 if folded > 180 else 0.0
    return folded


def pose_extremes(pose: ExercisePose) -> PoseExtremes:
    """The most the pose bends the hips and raises the arms, over the start and the finish
    figure and both sides (near and far), as the picture draws them.

    - ``hip_flexion_max``: the largest anatomical hip flexion, the angle of the thigh in front of
      the line of the lower trunk (pelvis to chest) carried on down through the hip; standing
      upright is 0, sitting on a level seat 90, knees towards the chest above 90. Side views
      only; a front view does not show flexion, so a front figure counts as its place's default
      (seated: the default seat angle, quadruped: 90, all others: 0), and its ``hip`` values,
      which lift the leg out to the side (abduction), are ignored.
    - ``hip_extension_max``: the largest angle of a thigh *behind* that trunk line (anatomical
      hip extension), 0 when no hip goes behind the body. Side views only (front views: 0).
    - ``shoulder_elevation_max``: the largest angle between an upper arm and the upper trunk's
      line pointing down from the shoulder, 0 (hanging along the trunk) to 180 (straight up
      past the head). A side view measures it forwards and upwards (flexion; an arm taken back
      counts by the same angle, and no real pose takes an arm back past about 90); a front view
      measures it out to the side (abduction). An arm past the overhead line (written as more
      than 180) folds back below 180: 194 counts as 166.

    Angles are the pose's own joint angles (unset: the default for the figure's place), folded
    into -180..180 first; a hand close-up (place ``hand``) contributes nothing. All three are
    0 or more.
    """
    flexion = extension = elevation = 0.0
    for fig in (pose.start, pose.end):
        if fig.place == "hand":
            continue
        for side in ("near", "far"):
            shoulder = _signed(fig.angle(side, "shoulder") or 0.0)
            elevation = max(elevation, abs(shoulder))
            if fig.view == "front":
                flexion = max(flexion, PLACE_DEFAULTS[fig.place].get("hip", 0.0))
                continue
            hip = _signed(fig.angle(side, "hip") or 0.0)
            flexion, extension = max(flexion, hip), max(extension, -hip)
    return PoseExtremes(flexion, extension, elevation)
