"""The picture: the start and finish figures, each in its own panel, as one inline ``<svg>``."""

from __future__ import annotations

import hashlib
import math
from xml.sax.saxutils import escape

from planner.pictures.body import draw_body
from planner.pictures.cues import draw_arrow, draw_guide
from planner.pictures.geometry import Box
from planner.pictures.ground import Surface, draw_ground, place_figures
from planner.pictures.kinematics import TORSO_W, Skeleton
from planner.pictures.pose import ExercisePose
from planner.pictures.props import draw_prop
from planner.pictures.svg import PROP, Canvas, svg_number, svg_points

# A panel is PANEL wide and PANEL_H[0] to PANEL_H[1] high (picture units), GAP between the two;
# the figures fill it less MARGIN, their strokes kept PAD (body units) inside it. The handout's
# "Start" and "Finish" captions are boxes PANEL / (2 PANEL + GAP) = 47.45% of the picture wide
# (templates/handout.css, .figure-captions): change them together.
PANEL, GAP, PANEL_H, MARGIN, PAD = 130.0, 14.0, (60.0, 150.0), 4.0, 4.0


def _view(pose: ExercisePose, frames: list[Skeleton], panels: list[Canvas]) -> Box:
    """The part of the drawing each panel shows (x, y of its lower left corner, width, height,
    in body units): all of both figures and their props, or a square close-up of the head or
    the feet."""
    if pose.zoom == "full":
        xs, ys = zip(*(q for cv in panels for q in cv.extent), strict=True)
        x0, y0 = min(xs) - PAD, min(ys) - PAD
        return x0, y0, max(xs) + PAD - x0, max(ys) + PAD - y0
    names = ["head", "neck", "chest", "back"]
    if pose.zoom == "feet":
        names = ["near_knee", "near_ankle", "near_toe", "near_heel", "far_toe"]
    xs, ys = zip(*(fr.points[n] for fr in frames for n in names), strict=True)
    size = max(max(xs) - min(xs), max(ys) - min(ys)) + 26
    return (min(xs) + max(xs) - size) / 2, (min(ys) + max(ys) - size) / 2, size, size


def _fit(box: Box) -> tuple[float, float]:
    """The scale that makes ``box`` fill a panel PANEL wide and at most PANEL_H[1] high, less a
    margin, and the panel height (at least PANEL_H[0], so short pictures are not slivers)."""
    usable = PANEL - 2 * MARGIN, PANEL_H[1] - 2 * MARGIN
    scale = min(usable[0] / box[2], usable[1] / box[3])
    return scale, max(PANEL_H[0], box[3] * scale + 2 * MARGIN)


def _draw_panels(
    pose: ExercisePose, frames: list[Skeleton], grounds: list[list[Surface]], k: float
) -> list[Canvas]:
    """Both panels in body units: figure (and the ghost of the start), props, ground, guide
    lines and arrows."""
    seated = [fr.points["pelvis"][1] - TORSO_W / 2 for fr in frames if fr.fig.place == "seated"]
    seat_h, kinds = (min(seated) if seated else 23.0), {pr.kind for pr in pose.props}
    panels = [Canvas(k), Canvas(k)]
    for i, (fr, cv) in enumerate(zip(frames, panels, strict=True)):
        draw_body(cv, fr)
        if i == 1 and pose.ghost:
            draw_body(cv, frames[0], ghost=True)
        for pr in pose.props:
            if pr.panel != "both" and (pr.panel == "end") != (i == 1):
                continue
            src = fr if pr.frame in ("each", "both") else frames[0 if pr.frame == "start" else 1]
            draw_prop(cv, pr, src, seat_h, kinds, fr)
        draw_ground(cv, grounds[i], fr)
        for guide in pose.guides:
            draw_guide(cv, guide, frames)
        for arrow in pose.arrows:
            if (arrow.panel == "end") == (i == 1):
                draw_arrow(cv, arrow, frames)
    return panels


def render_pose_svg(pose: ExercisePose, *, width: int = 360, label: str | None = None) -> str:
    """The start (left) and finish (right) pictures as one inline ``<svg>``, a chevron between
    them; ``label`` is its accessible name. The figures fill their panels, so the height varies
    with the pose (from PANEL_H[0] to PANEL_H[1] for each PANEL of width). The SVG holds no
    text: the page prints the "Start" and "Finish" captions above it, in its own type, one over
    each half."""
    frames, grounds = place_figures(pose)
    k = 1.0 if pose.zoom == "full" else math.sqrt(_view(pose, frames, [])[2] / PANEL)
    panels = _draw_panels(pose, frames, grounds, k)
    box = _view(pose, frames, panels)
    (scale, height), drawn = _fit(box), []
    x0 = box[0] - (PANEL / scale - box[2]) / 2  # the panel's left edge, centring the drawing
    for i, cv in enumerate(panels):
        if frames[i].fig.place != "hand":
            cv.line(-1, [(x0 - 5, 0.0), (x0 + (PANEL + 5) / scale, 0.0)], 2.5, PROP, False)
        ox = i * (PANEL + GAP) - x0 * scale
        bottom = MARGIN if pose.zoom == "full" else (height - box[3] * scale) / 2
        drawn.append(cv.svg(ox, height - bottom + box[1] * scale, scale))
    return _document(drawn, height, width, label)


def _document(drawn: list[str], height: float, width: int, label: str | None) -> str:
    """The ``<svg>`` element: each panel clipped to its box, a chevron between them."""
    key = hashlib.sha1("".join(drawn).encode(), usedforsecurity=False).hexdigest()[:10]
    parts = []  # the ids depend only on the drawing: the same picture gets the same ids
    for i, body in enumerate(drawn):
        x, clip = i * (PANEL + GAP), f"fig-{key}-{i}"
        parts.append(
            f'<clipPath id="{clip}"><rect x="{svg_number(x)}" y="0" width="{svg_number(PANEL)}" '
            f'height="{svg_number(height)}"/></clipPath><g clip-path="url(#{clip})">{body}</g>'
        )
    total_w, mid = 2 * PANEL + GAP, height / 2
    chevron = [(PANEL + 4, -(mid - 10)), (PANEL + GAP - 4, -mid), (PANEL + 4, -(mid + 10))]
    name = escape(label or "Exercise picture: start and finish positions", {'"': "&quot;"})
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{name}" width="{width}" '
        f'height="{svg_number(width * height / total_w)}" viewBox="0 0 {svg_number(total_w)} '
        f'{svg_number(height)}"><title>{name}</title>{"".join(parts)}'
        f'<polyline points="{svg_points(chevron)}" fill="none" stroke="#9a9a9a" '
        f'stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/></svg>'
    )
