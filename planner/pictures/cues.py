"""Motion cues drawn over the figures: arrows, and dashed guide lines to see a movement by."""

from __future__ import annotations

import math

from planner.pictures.geometry import between, heading, offset, unit
from planner.pictures.kinematics import Skeleton
from planner.pictures.pose import Arrow, Guide
from planner.pictures.svg import Canvas


def draw_guide(cv: Canvas, guide: Guide, frames: list[Skeleton]) -> None:
    """A dashed line through a landmark of the start (or end) figure."""
    p = frames[0 if guide.frame == "start" else 1].points
    a = offset(p[guide.at], (guide.dx, guide.dy))
    if guide.to is None:
        ends = [offset(a, (0, -guide.length / 2)), offset(a, (0, guide.length / 2))]
    else:
        b = offset(p[guide.to], (guide.dx, guide.dy))
        ends = [b, offset(b, unit(heading(a, b)), guide.beyond)]
    dashes = {"stroke_dasharray": (3.5, 2.5), "stroke_linecap": "round"}
    cv.put(6, "polyline", ends, fill="none", stroke="#555", stroke_width=1.4, **dashes)


def draw_arrow(cv: Canvas, arrow: Arrow, frames: list[Skeleton]) -> None:
    """An arrow, a loop or an impact mark at a landmark (a move follows it from start to end)."""
    off, size = (arrow.dx, arrow.dy), arrow.size
    a = offset(frames[0 if arrow.panel == "start" else 1].points[arrow.at], off)
    if arrow.kind == "impact":
        for d in (165, 130, 50, 15):
            cv.line(7, [offset(a, unit(d), 3), offset(a, unit(d), 3 + size * 0.8)], 1.8)
    elif arrow.kind in ("circle", "turn"):
        ry = size * (0.32 if arrow.kind == "turn" else 0.75)
        turns = [math.radians(t) for t in range(-60, 235, 15)]
        cv.arrow([offset(a, (size * math.cos(t), ry * math.sin(t))) for t in turns])
    else:
        b = offset(a, (arrow.vx, arrow.vy))
        if arrow.kind == "move":
            a, b = (offset(fr.points[arrow.at], off) for fr in frames)
        length = math.dist(a, b)
        if length >= 2:
            side = ((a[1] - b[1]) / length, (b[0] - a[0]) / length)
            c = offset(between(a, b), side, arrow.bend * length)
            steps = (i / 12 for i in range(13))
            curve = [between(between(a, c, t), between(c, b, t), t) for t in steps]
            cv.arrow(curve, arrow.double)
