"""The picture against the tags: a hip or arm drawn further than the entry's tags allow.

Rules leave out entries by tag (``hip_flex_gt90``, ``hip_ext_er``, ``shoulder_load``), so an
entry drawn doing more than its tags say escapes the rule written for it.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal

from planner.pictures.extremes import pose_extremes
from planner.pictures.pose import ExercisePose, Figure
from planner.rulebook.checks.entries import Entry, Finding, Picture
from planner.yamlfile import Loc

Frame = Literal["start", "end"]
Side = Literal["near", "far"]
_SIDES: Final[tuple[Side, Side]] = ("near", "far")

#: A hip drawn flexed past a right angle (strictly more than 90) needs ``hip_flex_gt90``. No
#: allowance: 90 is the posterior-approach line itself, and chairs are drawn below it (hip 80).
HIP_FLEXION_LIMIT: Final = 90.0
#: An arm raised this far or further needs ``shoulder_load`` or ``overhead_load``.
SHOULDER_ELEVATION_LIMIT: Final = 150.0
#: The back leg of a stride may be drawn this far behind the trunk without ``hip_ext_er``: the
#: ordinary hip extension of walking (10-20 degrees), which the review accepts.
STRIDE_EXTENSION_LIMIT: Final = 20.0


@dataclass(frozen=True)
class JointAngle:
    """One joint angle a picture draws: hip flexion (+) or extension (-), or arm elevation."""

    frame: Frame
    side: Side
    degrees: float
    keys: Loc  # where the value is written in the pose record (the figure, for a default)

    def label(self) -> str:
        return f"{self.frame}, {self.side} side"


_RECORD: Final = JointAngle("start", "near", 0.0, ())  # when no figure shows the joint


def hip_angles(pose: ExercisePose) -> list[JointAngle]:
    """Each side-view figure's hips, as :func:`~planner.pictures.extremes.pose_extremes` does."""
    return [
        JointAngle(
            frame, side, _fold(fig.angle(side, "hip") or 0.0), _written(fig, frame, side, "hip")
        )
        for frame, fig in _figures(pose)
        if fig.view == "side"
        for side in _SIDES
    ]


def shoulder_angles(pose: ExercisePose) -> list[JointAngle]:
    """Each figure's arm elevation, 0 (hanging) to 180 (straight up), side or front view."""
    return [
        JointAngle(
            frame,
            side,
            abs(_fold(fig.angle(side, "shoulder") or 0.0)),
            _written(fig, frame, side, "shoulder"),
        )
        for frame, fig in _figures(pose)
        for side in _SIDES
    ]


def ordinary_stride(pose: ExercisePose, angle: JointAngle) -> bool:
    """Whether a hip behind the trunk is the back leg of a stride: a standing figure, side view,
    the other leg forward (hip flexed), this one no more than gait's 20 degrees behind."""
    fig = pose.start if angle.frame == "start" else pose.end
    other = _fold(fig.angle("far" if angle.side == "near" else "near", "hip") or 0.0)
    return fig.place == "standing" and other > 0 and -angle.degrees <= STRIDE_EXTENSION_LIMIT


def check_pose_tags(entry: Entry, picture: Picture) -> list[Finding]:
    """The picture against the hip and shoulder tags (library-corrections.md section 2 step 2,
    section 5 item 5), measured by :func:`planner.pictures.extremes.pose_extremes`:

    - a hip flexed past 90 degrees needs ``hip_flex_gt90``;
    - a hip behind the trunk needs ``hip_ext_er``, unless it is the back leg of an ordinary
      stride (:func:`ordinary_stride`): walking, stairs, tandem, heel, toe and backwards walking,
      or a staggered stance;
    - an arm raised 150 degrees or more needs ``shoulder_load`` or ``overhead_load``.
    """
    tags, pose = entry.exercise.tags, picture.pose
    extremes = pose_extremes(pose)
    out: list[Finding] = []
    if extremes.hip_flexion_max > HIP_FLEXION_LIMIT and not tags.hip_flex_gt90:
        worst = max(hip_angles(pose), key=lambda a: a.degrees, default=_RECORD)
        out.append(
            entry.finding(
                ("tags", "hip_flex_gt90"),
                f"the picture bends the hip to {_deg(worst.degrees)} degrees "
                f"({picture.where(worst.keys)}, {worst.label()}) but hip_flex_gt90 is false; "
                "a hip flexed past 90 degrees needs hip_flex_gt90: true (or redraw the movement)",
            )
        )
    if extremes.hip_extension_max > 0 and not tags.hip_ext_er:
        behind = [a for a in hip_angles(pose) if a.degrees < 0 and not ordinary_stride(pose, a)]
        if behind:
            worst = min(behind, key=lambda a: a.degrees)
            out.append(
                entry.finding(
                    ("tags", "hip_ext_er"),
                    f"the picture takes the hip {_deg(-worst.degrees)} degrees behind the trunk "
                    f"({picture.where(worst.keys)}, {worst.label()}) but hip_ext_er is false; "
                    "a hip behind the body needs hip_ext_er: true unless it is the back leg of a "
                    f"stride of at most {_deg(STRIDE_EXTENSION_LIMIT)} degrees",
                )
            )
    if extremes.shoulder_elevation_max >= SHOULDER_ELEVATION_LIMIT and not (
        tags.shoulder_load or tags.overhead_load
    ):
        worst = max(shoulder_angles(pose), key=lambda a: a.degrees, default=_RECORD)
        out.append(
            entry.finding(
                ("tags", "shoulder_load"),
                f"the picture raises the arm to {_deg(worst.degrees)} degrees "
                f"({picture.where(worst.keys)}, {worst.label()}) but shoulder_load and "
                "overhead_load are false; an arm raised 150 degrees or more needs one of them",
            )
        )
    return out


def _figures(pose: ExercisePose) -> Iterator[tuple[Frame, Figure]]:
    frames: tuple[tuple[Frame, Figure], ...] = (("start", pose.start), ("end", pose.end))
    for frame, fig in frames:
        if fig.place != "hand":  # a hand close-up draws no hip or shoulder
            yield frame, fig


def _written(fig: Figure, frame: Frame, side: Side, joint: str) -> Loc:
    if getattr(getattr(fig, side), joint) is not None:
        return (frame, side, joint)
    if getattr(fig.both, joint) is not None:
        return (frame, "both", joint)
    return (frame,)


def _fold(deg: float) -> float:
    """An angle folded into (-180, 180], as pose_extremes folds it."""
    folded = math.fmod(deg, 360.0)
    return folded + (360.0 if folded <= -180 else -360.0 if folded > 180 else 0.0)


def _deg(value: float) -> str:
    return f"{value:g}"
