"""The exercise pictures: poses from rules/poses.yaml drawn as start and finish line drawings.

A pose record (:mod:`~planner.pictures.pose`) is drawn by :func:`render_pose_svg` as one
self-contained inline ``<svg>``, the figures filling their panels, with no text in it (the page
prints the "Start" and "Finish" captions). The figure is forward kinematics over fixed segment
lengths (:mod:`~planner.pictures.kinematics`), dropped onto whatever is beneath it (floor, bed,
mat, step, stairs, pillow); near-side limbs are black, far-side ones grey. :func:`pose_extremes`
reads the largest hip and shoulder angles a pose draws, for checking poses against the
exercise's tags. Code that needs only the records imports :mod:`planner.pictures.pose`.
"""

from planner.pictures.draw import render_pose_svg
from planner.pictures.extremes import PoseExtremes, pose_extremes
from planner.pictures.pose import ExercisePose, load_poses

__all__ = ["ExercisePose", "PoseExtremes", "load_poses", "pose_extremes", "render_pose_svg"]
