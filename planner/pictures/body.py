"""The figure itself: limbs, trunk and head as thick strokes, or a hand in close-up."""

from __future__ import annotations

import math

from planner.pictures.geometry import P, offset, unit
from planner.pictures.kinematics import HEAD_R, LIMB_W, TORSO_W, Skeleton
from planner.pictures.svg import FAR, GHOST, INK, Canvas

FAR_W = 4.8  # a far-side limb's thickness
# Footprints seen from above: forward and sideways offsets of the near foot, then the far one.
_STANCE = {"apart": (0, -4.5, 0, 4.5), "together": (0, -2.6, 0, 2.6)}
_STANCE |= {"semi_tandem": (6, -2.4, 0, 2.4), "tandem": (10, 0, 0, 0)}


def draw_body(cv: Canvas, fr: Skeleton, ghost: bool = False) -> None:
    """The figure: far limbs, trunk and head, near limbs (all faint grey for a ghost)."""
    f, p, front = fr.fig, fr.points, fr.fig.view == "front"
    if f.place == "hand":
        return _draw_hand(cv, p["near_hand"], f.grip)
    for side in ("far", "near"):
        strong = front or side == "near"
        color, w = (GHOST if ghost else INK if strong else FAR), (LIMB_W if strong else FAR_W)
        layer = 1 if ghost else 5 if strong else 2
        cv.line(layer, [p[f"{side}_hip"], p[f"{side}_knee"], p[f"{side}_ankle"]], w, color)
        cv.line(layer, [p[f"{side}_ankle"], p[f"{side}_heel"], p[f"{side}_toe"]], w, color)
        arm = [p[f"{side}_shoulder"], p[f"{side}_elbow"], p[f"{side}_hand"]]
        if front and not ghost and f.place != "sidelying":  # a white edge where it crosses
            cv.line(layer, arm, w * 0.9 + 2.5, "#fff")
        cv.line(layer, arm, w * 0.9, color)
        cv.oval(layer, p[f"{side}_hand"], (w * 0.62, w * 0.62), color)
    ink, layer = (GHOST, 1) if ghost else (INK, 4)
    if front:
        hips = [offset(p["pelvis"], unit(fr.upper - 90), sg * 6) for sg in (1, -1)]
        cv.poly(layer, [*hips, p["near_shoulder"], p["far_shoulder"]], ink, ink, 3.5)
    else:
        cv.line(layer, [p["pelvis"], p["chest"], p["neck"]], TORSO_W, ink)
    cv.line(layer, [p["neck"], p["head"]], 5.0, ink)
    cv.oval(layer, p["head"], (HEAD_R, HEAD_R), ink)
    if not front:  # a nose shows which way the face points
        face = fr.upper - f.neck - 90 - f.head
        nose = [(face + 30, HEAD_R - 0.5), (face, HEAD_R + 3.2), (face - 12, HEAD_R - 0.5)]
        cv.poly(layer, [offset(p["head"], unit(d), r) for d, r in nose], ink, ink, 1.2)
    if f.stance and not ghost:  # where the feet stand, seen from above, in front of the head
        x, y = p["pelvis"][0] + 42, p["head"][1] - 10
        cv.rect(2, (x - 20, y - 15, x + 24, y + 15), "#fff")
        nx, ny, fx, fy = _STANCE[f.stance]
        cv.oval(2, (x + 1.6 * fx - 4, y + 1.6 * fy), (7.5, 3.2), FAR)
        cv.oval(2, (x + 1.6 * nx - 4, y + 1.6 * ny), (7.5, 3.2), INK)


def _draw_hand(cv: Canvas, c: P, grip: float) -> None:
    """A hand seen from the palm side, from fingers spread (grip 0) to a fist (grip 1)."""
    x, y = c
    cv.line(4, [(x, y - 40), (x, y - 8)], 17.0)
    cv.rect(4, (x - 12, y - 12, x + 12, y + 10), INK)
    for i, (bx, length) in enumerate(((-9.0, 15.0), (-3.0, 18.0), (3.0, 17.0), (9.0, 13.0))):
        pts, u = [(x + bx, y + 10)], unit(90 - (i - 1.5) * 9 * (1 - grip))
        for j, part in enumerate((0.45, 0.3, 0.25)):  # each finger joint curls 90 * grip
            bend = math.cos(math.radians(90 * grip * (j + 1)))
            pts.append(offset(pts[-1], u, length * part * bend))
        cv.line(5, pts, 5.6)
    for bx in (-6, 0, 6) if grip > 0.85 else ():
        cv.line(5, [(x + bx, y + 12), (x + bx, y + 3)], 1.4, "#fff")
    thumb = [(x - 11, y - 8), offset((x - 11, y - 8), unit(150 - 150 * grip), 14)]
    cv.line(6, thumb, 9.0, "#fff")
    cv.line(6, thumb, 6.0)
